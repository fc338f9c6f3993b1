// The report as data: everything the HTML template draws, already resolved from the case (times formatted in
// the display zone, names looked up, SVG drawn). The template only arranges and escapes.
import type { Severity, FindingStatus } from '../model/annotation.js';
import type { Paper } from './options.js';

export interface Chip {
  name: string;
  color: string;
}

export interface NoteModel {
  author: string | null;
  at: string;
  markdown: string;
  about: string;
}

export interface EventModel {
  /** Row number within its table (F-2 #7). */
  n: number;
  id: number;
  time: string;
  ts: number;
  format: string;
  identity: string;
  /** The derived identity, when derivation ran. */
  identity_id: number | null;
  principal: string | null;
  action: string;
  category: string;
  resource: string | null;
  outcome: string;
  error_code: string | null;
  src_ip: string | null;
  /** What IP intelligence says about src_ip: Tor exit · cloud · AS and organisation · country (empty when nothing). */
  src_network: string;
  user_agent: string | null;
  detail: string | null;
  evidence: string;
  evidence_id: number;
  record: string;
  sha256: string;
  tags: Chip[];
  notes: NoteModel[];
  caption: string | null;
  flags: string[];
  session_key: string | null;
  /** The derived session (S12), when derivation ran. */
  session: string | null;
}

export interface ManualModel {
  id: number;
  time: string;
  ts: number;
  kind: string;
  title: string;
  markdown: string;
  identity: string | null;
  resource: string | null;
  author: string | null;
}

export interface OtherCitation {
  kind: string;
  label: string;
  caption: string | null;
}

/** A Sigma rule that matched some of a finding's events. */
export interface DetectionRef {
  title: string;
  level: string;
  author: string;
  url: string;
  /** How many of the finding's events it matched. */
  events: number;
}

export interface FindingModel {
  /** F-1, F-2… in report order. */
  label: string;
  anchor: string;
  id: number;
  title: string;
  severity: Severity;
  status: FindingStatus;
  layer: Chip;
  refs: { id: string; title: string | null; framework: string | null }[];
  tags: Chip[];
  markdown: string;
  notes: NoteModel[];
  events: EventModel[];
  manual: ManualModel[];
  other: OtherCitation[];
  missing: number;
  first: string | null;
  last: string | null;
  timelineSvg: string;
  author: string | null;
  created_at: string;
  updated_at: string;
  identities: string[];
  /** Sigma rules that matched the events this finding cites. */
  detections: DetectionRef[];
}

export type BlockModel =
  | { kind: 'text'; anchor: string; title: string; markdown: string }
  | { kind: 'finding'; finding: FindingModel }
  | {
      kind: 'events';
      anchor: string;
      title: string;
      caption: string;
      events: EventModel[];
      truncated: boolean;
      query: string;
    }
  | {
      kind: 'session_timeline';
      anchor: string;
      title: string;
      caption: string;
      svg: string;
      events: EventModel[];
      truncated: boolean;
    }
  | { kind: 'scope_graph'; anchor: string; title: string; caption: string; svg: string }
  | { kind: 'case_timeline'; anchor: string; title: string };

export interface CaseTimelineRow {
  time: string;
  ts: number;
  kind: 'event' | 'manual' | 'range';
  who: string;
  what: string;
  where: string;
  outcome: string;
  ref: string;
  note: string;
  tags: Chip[];
}

export interface ScopeIdentity {
  name: string;
  kind: string;
  events: number;
  first: string;
  last: string;
  sources: string;
  findings: string;
  tags: Chip[];
  notes: NoteModel[];
}
export interface ScopeSession {
  key: string;
  identity: string;
  start: string;
  end: string;
  events: number;
  sources: string;
  findings: string;
  tags: Chip[];
  notes: NoteModel[];
}

/** What an identity or a session read, as its sources state it (core/report/collect/exposure.ts). */
export interface ExposureRow {
  who: string;
  kind: string;
  /** the session key, for a session's row */
  session: string | null;
  inScope: boolean;
  first: string;
  last: string;
  sources: string;
  /** one line per number, with the events behind it (the largest first) */
  lines: { what: string; behind: number[] }[];
}

export interface CoverageRow {
  identity: string;
  auth: string;
  actions: string;
  flags: string;
}

export interface AuditModel {
  seq: number;
  at: string;
  analyst: string;
  method: string;
  summary: string;
}

export interface ReportModel {
  title: string;
  meta: {
    case: string;
    caseId: string;
    analyst: string | null;
    preparedBy: string;
    generatedAt: string;
    tz: string;
    tzLabel: string;
    paper: Paper;
    period: { from: string; to: string } | null;
    casePeriod: { from: string; to: string } | null;
    layers: Chip[];
    version: string;
    evidenceFiles: number;
    events: number;
    rejected: number;
    sources: string;
  };
  summary: {
    findings: {
      label: string;
      anchor: string;
      title: string;
      severity: Severity;
      status: FindingStatus;
      events: number;
      first: string | null;
      last: string | null;
      gist: string;
    }[];
    bySeverity: { severity: Severity; count: number }[];
    identities: number;
    resources: number;
    cited: number;
    overviewSvg: string;
  };
  blocks: BlockModel[];
  caseTimeline: CaseTimelineRow[];
  scope: {
    graphSvg: string;
    graphNote: string;
    identities: ScopeIdentity[];
    sessions: ScopeSession[];
    derived: boolean;
    note: string;
  };
  exposure: { rows: ExposureRow[]; note: string };
  /** Sigma detections (machine-made, beside the analysts' findings). */
  detections: {
    ran: boolean;
    at: string | null;
    snapshot: string | null;
    folders: string[];
    rules: {
      level: string;
      title: string;
      author: string;
      license: string;
      url: string;
      source: string;
      kind: string;
      matches: number;
      events: number;
      identities: number;
      first: string;
      last: string;
    }[];
  };
  coverage: {
    derived: boolean;
    rows: CoverageRow[];
    gaps: { source: string; from: string; to: string; hours: number; /** `2 h 13 min` */ length: string }[];
    logging: EventModel[];
    rejects: { evidence: string; rejected: number; records: number }[];
    note: string;
  };
  appendix: {
    /** The IP intelligence datasets the case's addresses were explained with (licences ask for the attribution). */
    enrichment: { name: string; version: string; date: string; sha256: string; license: string; attribution: string }[];
    evidence: {
      id: number;
      name: string;
      path: string;
      sha256: string;
      format: string;
      size: number;
      records: number;
      events: number;
      rejected: number;
      merged: number;
      added: string;
      status: string;
    }[];
    custody: {
      seq: number;
      at: string;
      analyst: string;
      action: string;
      evidence: string;
      detail: { key: string; value: string }[];
    }[];
    audit: AuditModel[];
    auditTotal: number;
    chains: {
      custody: { rows: number; head: string; ok: boolean };
      audit: { rows: number; head: string; ok: boolean };
    };
    /** The latest seal of the case (core/casefile/seal.ts), checked when the report was built. */
    seal: ReportSeal | null;
  };
}

export interface ReportSeal {
  sealed_at: string;
  analyst: string;
  /** Fingerprint of the sealing analyst's public key. */
  key: string;
  custody: { seq: number; head: string };
  audit: { seq: number; head: string };
  evidence: { files: number; digest: string };
  signature: string;
  /** Signature valid and the chains still hold the sealed heads. */
  valid: boolean;
  /** The seal covers the case exactly as the report shows it (nothing written after it). */
  current: boolean;
}
