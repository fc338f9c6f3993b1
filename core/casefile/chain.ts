// Hash chains over the append-only logs: row_hash = sha256(prev_hash ‖ "\n" ‖ canonical row). Editing,
// inserting or deleting a row anywhere but the tail breaks every later link, whether or not the triggers that
// forbid it were dropped first. The chain head is printed in reports so the tail can be anchored outside.
import { createHash } from 'node:crypto';
import type { CaseDb } from './open.js';

export const GENESIS = '0'.repeat(64);

export type ChainTable = 'custody_log' | 'audit_log';

const COLUMNS: Record<ChainTable, string[]> = {
  custody_log: ['seq', 'at', 'analyst', 'action', 'evidence_id', 'sha256', 'detail'],
  audit_log: ['seq', 'at', 'analyst', 'method', 'params', 'result', 'state'],
};

/** Columns added after rows were first chained: hashed only when set, so rows written before them still verify. */
const OPTIONAL = new Set(['state']);

/** The values a row's hash covers, in column order. */
function hashed(table: ChainTable, get: (c: string) => unknown): unknown[] {
  const out: unknown[] = [];
  for (const c of COLUMNS[table]) {
    const v = get(c) ?? null;
    if (v === null && OPTIONAL.has(c)) continue;
    out.push(v);
  }
  return out;
}

/** Stable serialization: arrays in order, object keys sorted, no whitespace. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

export function linkHash(prev: string, row: unknown[]): string {
  return createHash('sha256').update(prev).update('\n').update(canonicalJson(row)).digest('hex');
}

/** The hash a chained row must carry after `prev` (verify recomputes it; so can anyone — hence the seals). */
export function chainRowHash(table: ChainTable, prev: string, row: Record<string, unknown>): string {
  return linkHash(
    prev,
    hashed(table, (c) => row[c]),
  );
}

export function chainHead(db: CaseDb, table: ChainTable): { seq: number; hash: string } {
  const row = db.prepare(`SELECT seq, row_hash FROM ${table} ORDER BY seq DESC LIMIT 1`).get() as
    { seq: number; row_hash: string } | undefined;
  return row ? { seq: row.seq, hash: row.row_hash } : { seq: 0, hash: GENESIS };
}

/** Appends one row; must run inside the caller's transaction so the row commits with the change it records. */
export function appendChained(
  db: CaseDb,
  table: ChainTable,
  values: Record<string, string | number | null>,
): { seq: number; hash: string } {
  const head = chainHead(db, table);
  const seq = head.seq + 1;
  const cols = COLUMNS[table];
  const value = (c: string) => (c === 'seq' ? seq : (values[c] ?? null));
  const row = cols.map(value);
  const hash = linkHash(head.hash, hashed(table, value));
  const names = [...cols, 'prev_hash', 'row_hash'];
  db.prepare(`INSERT INTO ${table}(${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
    ...row,
    head.hash,
    hash,
  );
  return { seq, hash };
}

export interface ChainProblem {
  table: ChainTable;
  seq: number;
  problem: string;
}

/** Walks a chain from its genesis; reports every broken link and gap. */
export function verifyChain(db: CaseDb, table: ChainTable): { problems: ChainProblem[]; rows: number; head: string } {
  // A case not yet migrated (opened read-only) may lack columns added later.
  const present = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  const cols = COLUMNS[table].filter((c) => present.has(c));
  const problems: ChainProblem[] = [];
  let prev = GENESIS;
  let expectedSeq = 1;
  let rows = 0;
  for (const r of db
    .prepare(`SELECT ${cols.join(', ')}, prev_hash, row_hash FROM ${table} ORDER BY seq`)
    .iterate() as Iterable<Record<string, unknown>>) {
    rows++;
    const seq = r.seq as number;
    if (seq !== expectedSeq) {
      problems.push({ table, seq, problem: `rows ${expectedSeq}–${seq - 1} are missing (deleted)` });
    }
    if (r.prev_hash !== prev) {
      problems.push({
        table,
        seq,
        problem: 'link to the previous row is broken (a row before it was edited, inserted or deleted)',
      });
    }
    const hash = chainRowHash(table, r.prev_hash as string, r);
    if (hash !== r.row_hash) problems.push({ table, seq, problem: 'row was edited after it was written' });
    prev = r.row_hash as string;
    expectedSeq = seq + 1;
  }
  return { problems, rows, head: prev };
}
