// Whether derivation (identities, sessions, coverage) has run on this case: it stamps `derived_at` when it does.
// The report's identity, session and coverage tables come from derivation's results when it has, and say so
// when it has not.
import { getMeta, type CaseDb } from '../../casefile/open.js';

export function hasDerived(db: CaseDb): boolean {
  return getMeta(db, 'derived_at') !== null;
}
