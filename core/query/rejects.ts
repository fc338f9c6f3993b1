// Records an importer could not read (evidence.rejects, `rejects`): the reason and the beginning of each record.
import type { CaseDb } from '../casefile/open.js';
import type { RecordRef } from '../model/event.js';
import { recordRef } from './event-json.js';
import { RawReader } from '../casefile/raw.js';

/** How much of a rejected record is shown. */
const PREVIEW_BYTES = 2000;

export interface RejectJson {
  id: number;
  evidence: number;
  evidence_name: string;
  record_ref: RecordRef;
  reason: string;
  /** The beginning of the record as text ('' when its bytes were not kept). */
  raw_preview: string;
  /** The case kept only the beginning of this record. */
  raw_truncated: boolean;
}

interface Row {
  id: number;
  evidence_id: number;
  evidence_name: string;
  ref_line: number | null;
  ref_index: number | null;
  ref_offset: number | null;
  reason: string;
  raw_block: number | null;
  raw_offset: number | null;
  raw_length: number | null;
  raw_truncated: number;
}

export function listRejects(
  db: CaseDb,
  o: { evidenceId?: number; limit?: number; offset?: number; after?: number } = {},
): RejectJson[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (o.evidenceId !== undefined) {
    where.push('r.evidence_id = ?');
    args.push(o.evidenceId);
  }
  // Keyset: the rows after this reject id (what a streamed listing pages by).
  if (o.after !== undefined) {
    where.push('r.id > ?');
    args.push(o.after);
  }
  const rows = db
    .prepare(
      `SELECT r.id, r.evidence_id, e.name AS evidence_name, r.ref_line, r.ref_index, r.ref_offset, r.reason, r.raw_block,
        r.raw_offset, r.raw_length, r.raw_truncated FROM rejects r JOIN evidence e ON e.id = r.evidence_id
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.id LIMIT ? OFFSET ?`,
    )
    .all(...args, o.limit ?? 200, o.offset ?? 0) as Row[];
  const raw = new RawReader(db);
  return rows.map((r) => ({
    id: r.id,
    evidence: r.evidence_id,
    evidence_name: r.evidence_name,
    record_ref: recordRef(r),
    reason: r.reason,
    raw_preview:
      r.raw_block === null
        ? ''
        : raw.read(r.raw_block, r.raw_offset!, Math.min(r.raw_length!, PREVIEW_BYTES)).toString('utf8'),
    raw_truncated: r.raw_truncated === 1,
  }));
}
