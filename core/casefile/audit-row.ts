// One analyst-audit row: who called which method with what, the state of every analyst-work row the call wrote
// (work-state.ts), chained to the previous row. Must run inside the caller's transaction.
import { appendChained, canonicalJson } from './chain.js';
import type { CaseDb } from './open.js';
import { endWork, type WorkState } from './work-state.js';

export function appendAudit(
  db: CaseDb,
  analyst: string,
  method: string,
  params: unknown,
  result: unknown,
  state: WorkState | null = endWork(db),
): { seq: number; hash: string } {
  return appendChained(db, 'audit_log', {
    at: new Date().toISOString(),
    analyst,
    method,
    params: canonicalJson(params ?? null),
    result: canonicalJson(result ?? null),
    state: state === null ? null : canonicalJson(state),
  });
}
