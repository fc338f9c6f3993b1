// Reading the analyst audit log (written by core/api/dispatch.ts, hash-chained by core/evidence/chain.ts).
// Annotation methods record what they touched in their audit result under fixed keys — annotations: [ids],
// finding, manual, layer, block — plus `before` for edits, so the history of any one annotation, finding or
// block is a query over the chained log itself rather than a second, unchained copy.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';

export interface AuditRow {
  seq: number;
  at: string;
  analyst: string | null;
  method: string;
  params: unknown;
  result: unknown;
  row_hash: string;
}

export type HistoryEntity = 'annotation' | 'finding' | 'manual' | 'layer' | 'block';

interface Raw {
  seq: number;
  at: string;
  analyst: string | null;
  method: string;
  params: string;
  result: string;
  row_hash: string;
}

function parse(r: Raw): AuditRow {
  return { ...r, params: JSON.parse(r.params) as unknown, result: JSON.parse(r.result) as unknown };
}

export interface AuditQuery {
  method?: string;
  analyst?: string;
  after?: number;
  before?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** Audit rows, newest first by default; `method` ending in `.` or `*` matches a prefix (e.g. "annotations."). */
export function listAudit(db: CaseDb, q: AuditQuery = {}): AuditRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.method) {
    const prefix = q.method.endsWith('*') ? q.method.slice(0, -1) : q.method.endsWith('.') ? q.method : null;
    if (prefix !== null) {
      where.push('substr(method, 1, ?) = ?');
      args.push(prefix.length, prefix);
    } else {
      where.push('method = ?');
      args.push(q.method);
    }
  }
  if (q.analyst) {
    where.push('analyst = ?');
    args.push(q.analyst);
  }
  if (q.after !== undefined) {
    where.push('seq > ?');
    args.push(q.after);
  }
  if (q.before !== undefined) {
    where.push('seq < ?');
    args.push(q.before);
  }
  const desc = q.order !== 'asc';
  const rows = db
    .prepare(
      `SELECT seq, at, analyst, method, params, result, row_hash FROM audit_log${where.length ? ' WHERE ' + where.join(' AND ') : ''}
    ORDER BY seq ${desc ? 'DESC' : 'ASC'} LIMIT ?`,
    )
    .all(...args, Math.min(q.limit ?? 200, 10_000)) as Raw[];
  return rows.map(parse);
}

const KEY: Record<HistoryEntity, string> = {
  annotation: 'annotations',
  finding: 'finding',
  manual: 'manual',
  layer: 'layer',
  block: 'block',
};

/**
 * Every audit row that created, changed or removed this annotation / finding / manual event / layer / block, oldest
 * first.
 */
export function historyOf(db: CaseDb, entity: HistoryEntity, id: number): AuditRow[] {
  const key = KEY[entity];
  if (!key) throw new UserError('INVALID_PARAMS', `unknown kind of record: ${entity}`);
  const cond =
    entity === 'annotation'
      ? "EXISTS (SELECT 1 FROM json_each(result, '$.annotations') WHERE value = ?)"
      : `(json_extract(result, '$.${key}') = ? OR EXISTS (SELECT 1 FROM json_each(result, '$.${key}s') WHERE value = ?))`;
  const args = entity === 'annotation' ? [id] : [id, id];
  const rows = db
    .prepare(
      `SELECT seq, at, analyst, method, params, result, row_hash FROM audit_log
    WHERE json_valid(result) AND ${cond} ORDER BY seq`,
    )
    .all(...args) as Raw[];
  return rows.map(parse);
}
