// Shapes the views read, and small adapters so a view copes with a method that has not landed yet
// (METHOD_NOT_FOUND → an explanatory empty state) and with optional fields.
import { ApiError, type Transport } from '../transport';

export interface EventRow {
  id: number;
  ts: string;
  format: string;
  principal: string | null;
  principal_type: string;
  identity: string | null;
  identity_id: number | null;
  session: string | null;
  session_id: number | null;
  session_key: string | null;
  action: string;
  category: string;
  resource: string | null;
  resource_type: string | null;
  outcome: string;
  error_code: string | null;
  src_ip: string | null;
  user_agent: string | null;
  detail: string | null;
  flags: string[];
  evidence: number;
  record_ref: { line?: number; index?: number; offset?: number };
  raw_sha256: string;
}

export interface EventFull extends EventRow {
  facts: Record<string, string>;
  evidence_file: { id: number; name: string; path: string; sha256: string; format: string | null } | null;
  merged_records: { line?: number; index?: number; offset?: number }[];
  raw: string | null;
}

export interface EvidenceInfo {
  id: number;
  path: string;
  name: string;
  size: number;
  sha256: string;
  format: string | null;
  status: string;
  records: number;
  events: number;
  rejected: number;
  merged: number;
  added_at: string;
  completed_at: string | null;
  first_ts: string | null;
  last_ts: string | null;
  error: string | null;
}

export interface CaseInfo {
  name: string;
  analyst: string | null;
  created_at: string | null;
  display_tz: string;
  events: number;
  identities: number;
  sessions: number;
  rejected: number;
  time_range: { from: string | null; to: string | null };
  sources: { format: string; events: number }[];
  evidence: EvidenceInfo[];
}

export interface ImportProgress {
  file: string;
  file_index: number;
  files: number;
  bytes_read: number;
  bytes_total: number;
  records: number;
  events: number;
  rejected: number;
  phase: 'hashing' | 'importing' | 'deriving' | 'done';
}

export interface RejectRow {
  id: number;
  evidence: number;
  evidence_name: string;
  record_ref: EventRow['record_ref'];
  reason: string;
  raw_preview: string;
  raw_truncated: boolean;
}

export interface Alias {
  system?: string;
  value: string;
  method?: string;
  confidence?: number;
}

export interface Identity {
  id: number;
  name: string;
  kind: string;
  nhi: boolean;
  aliases: Alias[];
  events: number;
  sessions: number;
  first_seen: string | null;
  last_seen: string | null;
  sources: string[];
  failures?: number;
  deviation?: number | null;
  deviation_reasons?: string[];
  coverage_flags?: string[];
  coverage_details?: Record<string, string>;
  alias_count?: number;
}

export interface Session {
  id: number;
  identity: string | null;
  identity_id?: number | null;
  key: string | null;
  start: string;
  end: string;
  events: number;
  sources: string[];
  parent: string | number | null;
  failures?: number;
  src_ips?: string[];
}

export interface Deviation {
  identity: string;
  identity_id?: number;
  score: number;
  reasons: string[];
}
export interface Coverage {
  identity: string;
  identity_id?: number;
  auth_sources: string[];
  action_sources: string[];
  flags: string[];
  details?: { flag: string; text: string; events?: number[] }[];
}

export interface GraphNode {
  id: string;
  label: string;
  type: 'identity' | 'resource' | 'group' | string;
  kind?: string;
  events?: number;
  nhi?: boolean;
  first?: string | null;
  ref?: string | number | null;
  count?: number;
  members?: number;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind?: string;
  count: number;
  first: string | null;
  last: string | null;
  actions?: string[];
  failures?: number;
  ref?: unknown;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated?: boolean;
  aggregated?: boolean;
}

export function isMissing(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'METHOD_NOT_FOUND';
}

const arr = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string' && v !== ''
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
const num = (v: unknown, d = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(+v) ? +v : d;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function normIdentity(x: Record<string, unknown>): Identity {
  const aliases = Array.isArray(x.aliases)
    ? (x.aliases as unknown[]).map((a) => (typeof a === 'string' ? { value: a } : (a as Alias)))
    : [];
  return {
    id: num(x.id),
    name: String(x.name ?? x.id),
    kind: String(x.kind ?? 'unknown'),
    nhi: x.nhi === true || x.nhi === 1,
    aliases,
    events: num(x.events),
    sessions: num(x.sessions),
    first_seen: strOrNull(x.first_seen ?? x.first_ts),
    last_seen: strOrNull(x.last_seen ?? x.last_ts),
    sources: arr(x.sources),
    failures: num(x.failures),
    deviation: x.deviation === undefined ? null : num(x.deviation),
    coverage_flags: arr(x.coverage_flags),
    alias_count: x.alias_count === undefined ? undefined : num(x.alias_count),
  };
}

export function normSession(x: Record<string, unknown>): Session {
  return {
    id: num(x.id),
    identity: strOrNull(x.identity),
    identity_id: x.identity_id === undefined ? null : num(x.identity_id),
    key: strOrNull(x.key ?? x.session_key),
    start: String(x.start ?? x.start_ts ?? ''),
    end: String(x.end ?? x.end_ts ?? ''),
    events: num(x.events),
    sources: arr(x.sources),
    parent: (x.parent ?? null) as Session['parent'],
    failures: num(x.failures),
    src_ips: arr(x.src_ips),
  };
}

/** Calls a method that may not exist yet; resolves to {missing: true} in that case. */
export async function optional<T>(
  t: Transport,
  method: string,
  params?: unknown,
): Promise<{ missing: true } | { missing: false; value: T }> {
  try {
    return { missing: false, value: await t.call<T>(method, params) };
  } catch (e) {
    if (isMissing(e)) return { missing: true };
    throw e;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
