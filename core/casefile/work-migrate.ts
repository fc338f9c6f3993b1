// Migrations and the binding of analyst work. A migration may reshape analyst-work rows (a new column changes
// every row's hash), so after migrating, one audit row — `case.migrate` — records the state of every row the
// log no longer describes. Rows that had already been changed outside the API before the migration are not
// laundered by it: they are checked first and named in that row's result, where verify keeps reporting them.
// The first migration to bind work (schema 5) records the whole state as a baseline: earlier changes were never
// bound, and verify says so.
import os from 'node:os';
import type { CaseDb } from './open.js';
import { appendAudit } from './audit-row.js';
import { SCHEMA_VERSION } from './migrate.js';
import { currentState, replayAudit, stateDiff, workDifferences, type WorkDifference } from './work-state.js';

/** The schema version that first binds analyst work to the audit log. */
export const BINDING_VERSION = 5;

/** Before migrating: how analyst work differs from the log (null when this version did not bind work yet). */
export function preMigrationDifferences(db: CaseDb, version: number): WorkDifference[] | null {
  if (version < BINDING_VERSION || version >= SCHEMA_VERSION()) return null;
  return workDifferences(db);
}

function analyst(db: CaseDb): string {
  if (process.env.SESSIONSCOPE_ANALYST) return process.env.SESSIONSCOPE_ANALYST;
  const a = db.prepare("SELECT value FROM case_meta WHERE key = 'analyst'").pluck().get() as string | undefined;
  if (a) return a;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface MigrateResult {
  /** True for the migration that first binds work: the state before it was never bound. */
  baseline: boolean;
  /** Rows changed outside the API before the migration (bound cases only). */
  unaudited_before: WorkDifference[];
}

/** After migrating an existing case from `from`: the audit row that re-binds the state. */
export function bindOnMigrate(db: CaseDb, from: number, before: WorkDifference[] | null): void {
  if (from === 0) return;
  db.transaction(() => {
    const state = stateDiff(replayAudit(db), currentState(db));
    const result: MigrateResult = { baseline: from < BINDING_VERSION, unaudited_before: before ?? [] };
    appendAudit(db, analyst(db), 'case.migrate', { from, to: SCHEMA_VERSION() }, result, state);
  }).immediate();
}
