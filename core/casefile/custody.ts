// The chain-of-custody log: every intake, import start, resumption, completion and failure of an evidence file.
import type { CaseDb } from './open.js';
import { appendChained, canonicalJson } from './chain.js';

export type CustodyAction =
  | 'intake'
  | 'import-complete'
  | 'import-resumed'
  | 'import-failed'
  | 'import-skipped-duplicate'
  | 'verified'
  /** The datasets derivation looked source addresses up in changed (core/derive/enrich.ts). */
  | 'enrichment'
  /** The search index rebuilt from the evidence files (`repair --search-index`, core/evidence/repair-index.ts). */
  | 'search-index-rebuilt';

export function recordCustody(
  db: CaseDb,
  action: CustodyAction,
  evidence: { id: number; sha256: string } | null,
  analyst: string | null,
  detail: Record<string, unknown>,
): void {
  appendChained(db, 'custody_log', {
    at: new Date().toISOString(),
    analyst,
    action,
    evidence_id: evidence?.id ?? null,
    sha256: evidence?.sha256 ?? null,
    detail: canonicalJson(detail),
  });
}
