// The events of a case in id (= time) order, each with its derived identity and session and its evidence file's
// hash: what both Parquet exports (plain and OCSF) are built from. One streaming statement: memory stays flat.
import type { CaseDb } from '../../casefile/open.js';
import { flagNames } from '../../model/flags.js';
import { sessionName } from '../names.js';

export interface ExportEvent {
  id: number;
  ts: number;
  evidence_id: number;
  evidence_sha256: string;
  evidence_name: string;
  ref_line: number | null;
  ref_index: number | null;
  ref_offset: number | null;
  format: string;
  principal: string | null;
  principal_type: string;
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
  raw_sha256: string;
  identity_id: number | null;
  identity: string | null;
  session_id: number | null;
  session: string | null;
  flag_bits: number;
  flags: string;
}

/** UTC calendar day of a µs timestamp, `YYYY-MM-DD`: the partition an event is written to. */
export function utcDay(tsMicros: number): string {
  return new Date(Math.floor(tsMicros / 1000)).toISOString().slice(0, 10);
}

export function* exportEvents(db: CaseDb): Generator<ExportEvent> {
  const stmt = db.prepare(
    `SELECT e.id, e.ts, e.evidence_id, v.sha256 AS evidence_sha256, v.name AS evidence_name, e.ref_line, e.ref_index,
      e.ref_offset, e.format, e.principal, e.principal_type, e.session_key, e.action, e.category, e.resource,
      e.resource_type, e.outcome, e.error_code, e.src_ip, e.user_agent, e.detail, e.raw_sha256, e.identity_id,
      i.name AS identity, e.session_id, e.flags
     FROM events e JOIN evidence v ON v.id = e.evidence_id LEFT JOIN identities i ON i.id = e.identity_id
     ORDER BY e.id`,
  );
  for (const r of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
    const flags = (r.flags as number | null) ?? 0;
    yield {
      ...(r as Omit<ExportEvent, 'raw_sha256' | 'session' | 'flag_bits' | 'flags'>),
      raw_sha256: (r.raw_sha256 as Buffer).toString('hex'),
      session: r.session_id === null ? null : sessionName(r.session_id as number),
      flag_bits: flags,
      flags: flagNames(flags).join(','),
    };
  }
}
