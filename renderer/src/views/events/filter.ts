// The Events route → one event filter (events.list). The search box and column filters are queries in the one
// search grammar (README "Search"); the other params are pivots other views link with (an identity, a session,
// exact action/resource/principal/IP values, event ids, a time window).
import type { Params } from '../../lib/contract';

export type EventFilter = NonNullable<Params<'events.list'>['filter']>;

/** Route param of a column filter over a search field: `c.action`, `c.tag`… */
export const COLUMN_PARAM = 'c.';

/** Params that filter (chips show them; "clear all" removes them). */
export const PIVOT_PARAMS = [
  'q',
  'identity',
  'session',
  'category',
  'outcome',
  'format',
  'principal',
  'action',
  'resource',
  'ip',
  'evidence',
  'from',
  'to',
  'ids',
  'flag',
] as const;

export function filterParams(p: Record<string, string>): string[] {
  return [...PIVOT_PARAMS.filter((k) => p[k]), ...Object.keys(p).filter((k) => k.startsWith(COLUMN_PARAM) && p[k])];
}

export function columnFilters(p: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (k.startsWith(COLUMN_PARAM) && v.trim()) out[k.slice(2)] = v;
  return out;
}

export function buildFilter(p: Record<string, string>): EventFilter {
  const f: EventFilter = {};
  if (p.q) f.search = p.q;
  const cols = columnFilters(p);
  if (Object.keys(cols).length) f.columns = cols;
  if (p.identity) f.identity = p.identity;
  if (p.session) f.session = p.session;
  if (p.category) f.categories = p.category.split(',');
  if (p.outcome) f.outcomes = p.outcome.split(',');
  if (p.format) f.formats = p.format.split(',');
  if (p.principal) f.principal = p.principal;
  if (p.action) f.action = p.action;
  if (p.resource) f.resource = p.resource;
  if (p.ip) f.src_ip = p.ip;
  if (p.evidence) f.evidence_id = Number(p.evidence);
  if (p.from) f.from = p.from;
  if (p.to) f.to = p.to;
  if (p.ids) f.ids = p.ids.split(',').map(Number).filter(Number.isFinite).slice(0, 10000);
  if (p.flag) f.flags = p.flag.split(',');
  return f;
}

/** The params a saved view keeps: the filtering ones and the sort (not the open event or the view id). */
export function viewParams(p: Record<string, string>): Record<string, string> {
  const keep = new Set([...filterParams(p), 'order', 'sort', 'dir', 'group']);
  return Object.fromEntries(Object.entries(p).filter(([k]) => keep.has(k)));
}

/** Quotes a value for a `field:value` query when it holds anything but plain characters. */
export function fieldValue(v: string): string {
  return /^[^\s()"\\*?]+$/.test(v) ? v : `"${v.replace(/["\\*?]/g, (c) => `\\${c}`)}"`;
}
