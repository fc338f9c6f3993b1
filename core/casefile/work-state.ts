// Analyst work bound to the audit chain. Each audit row carries, for every analyst-work row (tables.ts) its call
// wrote, the SHA-256 of that row's state afterwards; replaying the log gives the state every row must be in now,
// so an edit, deletion or insertion made outside the API is found. Nothing relies on a method declaring what it
// wrote: temporary triggers on this connection record every row written, and refuse writes to analyst work made
// outside an audited call — a future method cannot forget, and a write that bypasses the API fails at once.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from './chain.js';
import { DERIVATION_META_KEYS, WORK_TABLES } from './tables.js';

type Db = Database.Database;

/** "table:key" → SHA-256 of the row, or null for a row that is gone. */
export type WorkState = Record<string, string | null>;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const metaSkip = DERIVATION_META_KEYS.map((k) => `'${k}'`).join(', ');

/** SQL condition (on alias `r`, or NEW/OLD in triggers) for the rows of a work table that are analyst work. */
function isWork(table: string, row: string): string {
  return table === 'case_meta' ? `${row}.key NOT IN (${metaSkip})` : '1';
}

function plain(v: unknown): unknown {
  return Buffer.isBuffer(v) ? { blob: v.toString('hex') } : v;
}

export function rowHash(table: string, key: unknown, row: Record<string, unknown>): string {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(row)) o[k] = plain(row[k]);
  return createHash('sha256')
    .update(canonicalJson([table, plain(key), o]))
    .digest('hex');
}

export const entity = (table: string, key: unknown) => `${table}:${String(key)}`;

/** Every analyst-work row of the case with its hash. */
export function currentState(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  // A case not yet migrated (checked before its migration runs) lacks the work tables later versions add.
  const present = new Set(
    db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  for (const { table, key } of WORK_TABLES) {
    if (!present.has(table)) continue;
    const rows = db.prepare(`SELECT * FROM main.${q(table)} r WHERE ${isWork(table, 'r')}`).all() as Record<
      string,
      unknown
    >[];
    for (const r of rows) out.set(entity(table, r[key]), rowHash(table, r[key], r));
  }
  return out;
}

let captureSql: string | null = null;

/** The capture's SQL: temp tables and, per analyst-work table and operation, one trigger (built once). */
function captureSchema(): string {
  if (captureSql) return captureSql;
  const parts = [
    'CREATE TEMP TABLE IF NOT EXISTS work_touched(tbl TEXT NOT NULL, k NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID;',
    'CREATE TEMP TABLE IF NOT EXISTS work_unit(open INTEGER NOT NULL);',
  ];
  const refuse = `SELECT RAISE(ABORT, 'analyst work changes only through an audited API call') WHERE NOT EXISTS (SELECT 1 FROM work_unit);`;
  for (const { table, key } of WORK_TABLES) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const rows = op === 'INSERT' ? ['NEW'] : op === 'DELETE' ? ['OLD'] : ['OLD', 'NEW'];
      const when = rows.map((r) => isWork(table, r)).join(' OR ');
      // Not INSERT OR IGNORE: an outer statement's conflict clause (an upsert's) overrides a trigger's.
      const record = rows.map(
        (r) =>
          `INSERT INTO work_touched(tbl, k) SELECT '${table}', ${r}.${key} WHERE NOT EXISTS (SELECT 1 FROM work_touched WHERE tbl = '${table}' AND k = ${r}.${key});`,
      );
      parts.push(`CREATE TEMP TRIGGER IF NOT EXISTS ${q(`work_${table}_${op.toLowerCase()}`)} AFTER ${op} ON main.${q(table)}
        WHEN ${when} BEGIN ${refuse} ${record.join(' ')} END;`);
    }
  }
  return (captureSql = parts.join('\n'));
}

/** Installs this connection's capture: temp tables and triggers, invisible to the case file and other connections. */
export function installCapture(db: Db): void {
  db.exec(captureSchema());
}

/** Opens an audited unit of work inside the caller's transaction (rolled back with it). */
export function beginWork(db: Db): void {
  db.prepare('DELETE FROM temp.work_touched').run();
  db.prepare('DELETE FROM temp.work_unit').run();
  db.prepare('INSERT INTO temp.work_unit(open) VALUES (1)').run();
}

/** Whether this connection captures work (read-only connections do not). */
function capturing(db: Db): boolean {
  return (
    db.prepare("SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND name = 'work_unit'").pluck().get() ===
    1
  );
}

/**
 * Closes the open unit: the state of every row it wrote, for its audit row. Null when no unit is open (an audit row
 * written outside one, like an import's, which may not write analyst work — the triggers see to that).
 */
export function endWork(db: Db): WorkState | null {
  if (!capturing(db) || db.prepare('SELECT count(*) FROM temp.work_unit').pluck().get() === 0) return null;
  const touched = db.prepare('SELECT tbl, k FROM temp.work_touched ORDER BY tbl, k').all() as {
    tbl: string;
    k: unknown;
  }[];
  const state: WorkState = {};
  for (const { tbl, k } of touched) {
    const def = WORK_TABLES.find((t) => t.table === tbl)!;
    const row = db.prepare(`SELECT * FROM main.${q(tbl)} WHERE ${q(def.key)} = ?`).get(k) as
      Record<string, unknown> | undefined;
    state[entity(tbl, k)] = row ? rowHash(tbl, k, row) : null;
  }
  db.prepare('DELETE FROM temp.work_touched').run();
  db.prepare('DELETE FROM temp.work_unit').run();
  return state;
}

export interface Replayed {
  /** entity → its hash after the last audited write and that row's seq. */
  state: Map<string, { hash: string | null; seq: number }>;
  /** The first audit row that binds work (null: none does — a case from before binding, not yet migrated). */
  boundSince: number | null;
  /** Audit rows whose recorded state is not readable JSON. */
  unreadable: number[];
}

/** Replays the audit log's recorded states, in order. */
export function replayAudit(db: Db): Replayed {
  const state = new Map<string, { hash: string | null; seq: number }>();
  let boundSince: number | null = null;
  const unreadable: number[] = [];
  const hasState = (db.pragma('table_info(audit_log)') as { name: string }[]).some((c) => c.name === 'state');
  if (!hasState) return { state, boundSince, unreadable };
  for (const r of db
    .prepare('SELECT seq, state FROM audit_log WHERE state IS NOT NULL ORDER BY seq')
    .iterate() as Iterable<{ seq: number; state: string }>) {
    let s: unknown;
    try {
      s = JSON.parse(r.state);
    } catch {
      unreadable.push(r.seq);
      continue;
    }
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      unreadable.push(r.seq);
      continue;
    }
    boundSince ??= r.seq;
    for (const [k, h] of Object.entries(s as Record<string, unknown>))
      state.set(k, { hash: typeof h === 'string' ? h : null, seq: r.seq });
  }
  return { state, boundSince, unreadable };
}

export interface WorkDifference {
  entity: string;
  kind: 'added' | 'changed' | 'deleted';
  /** The audit row that last wrote it (changed, deleted). */
  seq?: number;
}

/** How the case's analyst work differs from what the audit log says it is. */
export function workDifferences(db: Db, replayed = replayAudit(db), current = currentState(db)): WorkDifference[] {
  const out: WorkDifference[] = [];
  for (const [k, h] of current) {
    const r = replayed.state.get(k);
    if (!r || r.hash === null) out.push({ entity: k, kind: 'added' });
    else if (r.hash !== h) out.push({ entity: k, kind: 'changed', seq: r.seq });
  }
  for (const [k, r] of replayed.state)
    if (r.hash !== null && !current.has(k)) out.push({ entity: k, kind: 'deleted', seq: r.seq });
  return out;
}

/** The state that brings the log in line with the case: every row whose hash differs from the replayed one. */
export function stateDiff(replayed: Replayed, current: Map<string, string>): WorkState {
  const out: WorkState = {};
  for (const [k, h] of current) if (replayed.state.get(k)?.hash !== h) out[k] = h;
  for (const [k, r] of replayed.state) if (r.hash !== null && !current.has(k)) out[k] = null;
  return out;
}
