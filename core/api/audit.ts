// One analyst-audit row: who called which method with what, chained to the previous row.
import { appendChained, canonicalJson } from '../evidence/chain.js';
import type { CaseDb } from '../casefile/open.js';

export function writeAudit(db: CaseDb, analyst: string, method: string, params: unknown, result: unknown): void {
  appendChained(db, 'audit_log', {
    at: new Date().toISOString(),
    analyst,
    method,
    params: canonicalJson(params ?? null),
    result: canonicalJson(result ?? null),
  });
}
