// One analyst-audit row: who called which method with what, chained to the previous row, with the state of the
// analyst work the call wrote (core/casefile/work-state.ts).
import { appendAudit } from '../casefile/audit-row.js';
import type { CaseDb } from '../casefile/open.js';

export function writeAudit(db: CaseDb, analyst: string, method: string, params: unknown, result: unknown): void {
  appendAudit(db, analyst, method, params, result);
}
