// Every API method, loaded on first use: a CLI command pays for the one domain it calls, not for all of them
// (Node loads and compiles every module it imports; all domains together cost ~175 ms per process start).
// Each domain keeps its methods in its own file; add yours to DOMAINS and route its names below. The loaders'
// return types are what core/api/contract.ts reads to type every caller (types cost nothing at run time).
import type { MethodDef } from '../registry.js';

type Loader = () => Promise<readonly MethodDef[]>;

const DOMAINS = {
  case: async () => (await import('./case.js')).caseMethods,
  evidence: async () => (await import('./evidence.js')).evidenceMethods,
  events: async () => (await import('./events.js')).eventMethods,
  timeline: async () => (await import('./timeline.js')).timelineMethods,
  annotate: async () => (await import('./annotate.js')).annotateMethods,
  findings: async () => (await import('./annotate-findings.js')).findingMethods,
  report: async () => (await import('./report.js')).reportMethods,
  exportAnnotated: async () => (await import('./export-annotated.js')).exportAnnotatedMethods,
  derive: async () => (await import('./derive.js')).deriveMethods,
  analysis: async () => (await import('./analysis.js')).analysisMethods,
  graph: async () => (await import('./graph.js')).graphMethods,
  formats: async () => (await import('./formats.js')).formatMethods,
  detections: async () => (await import('./detections.js')).detectionMethods,
  credentials: async () => (await import('./credentials.js')).credentialMethods,
  grid: async () => (await import('./grid.js')).gridMethods,
} satisfies Record<string, Loader>;

export type Domain = keyof typeof DOMAINS;
/** Every method definition of every domain, as one union (for the contract). */
export type AnyDomainMethod = Awaited<ReturnType<(typeof DOMAINS)[Domain]>>[number];
export const ALL_DOMAINS = Object.keys(DOMAINS) as Domain[];

/** The domain of a method: by the part of its name before the dot, but for the few names that live elsewhere. */
const BY_PREFIX: Record<string, Domain> = {
  case: 'case',
  evidence: 'evidence',
  events: 'events',
  search: 'events',
  timeline: 'timeline',
  graph: 'graph',
  report: 'report',
  layers: 'annotate',
  tags: 'annotate',
  annotations: 'annotate',
  audit: 'annotate',
  references: 'findings',
  findings: 'findings',
  manual: 'findings',
  narrative: 'findings',
  derive: 'derive',
  identities: 'derive',
  sessions: 'derive',
  scope: 'analysis',
  deviations: 'analysis',
  coverage: 'analysis',
  profile: 'analysis',
  formats: 'formats',
  detections: 'detections',
  credentials: 'credentials',
  enrichment: 'credentials',
  views: 'grid',
  grid: 'grid',
};
const BY_NAME: Record<string, Domain> = {
  'timeline.case': 'findings',
  'export.events': 'events',
  'export.case': 'exportAnnotated',
  'export.parquet': 'exportAnnotated',
  'events.facets': 'grid',
  'events.groups': 'grid',
};

export function domainOf(name: string): Domain | null {
  if (Object.hasOwn(BY_NAME, name)) return BY_NAME[name];
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const prefix = name.slice(0, dot);
  return Object.hasOwn(BY_PREFIX, prefix) ? BY_PREFIX[prefix] : null;
}

export function loadDomain(d: Domain): Promise<readonly MethodDef[]> {
  return DOMAINS[d]();
}

/** Every method of every domain (for checks over the whole registry). */
export async function allMethods(): Promise<MethodDef[]> {
  return (await Promise.all(ALL_DOMAINS.map(loadDomain))).flat();
}
