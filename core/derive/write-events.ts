// Writes each event's identity, session and flags — only where they changed, so re-deriving after a small
// import rewrites a few pages, not the whole events table.
import type { CaseDb } from '../casefile/open.js';
import type { Scan } from './scan.js';
import type { Aggregates } from './aggregate.js';
import type { IdentityRow } from './write-identities.js';
import { DERIVED_FLAGS } from './flags.js';

export function writeEvents(db: CaseDb, scan: Scan, agg: Aggregates, identities: IdentityRow[], sessionIds: Float64Array, flags: Int32Array,
  force = false): number {
  // Many identity changes (the first derivation of an import): rebuilding the identity index once, sorted, beats
  // a million random inserts into it.
  let identityChanges = 0;
  for (let p = 0; p < scan.n; p++) {
    const i = agg.eventIdentity[p];
    const identity = i >= 0 ? identities[i].dbId : NaN;
    if (!(identity === scan.oldIdentity[p] || (Number.isNaN(identity) && Number.isNaN(scan.oldIdentity[p])))) identityChanges++;
  }
  const rebuildIndex = identityChanges > 50_000 && identityChanges > scan.n / 5;
  if (rebuildIndex) db.exec('DROP INDEX IF EXISTS events_identity');
  const upd = db.prepare('UPDATE events SET identity_id = ?, session_id = ?, flags = ? WHERE id = ?');
  let changed = 0;
  for (let p = 0; p < scan.n; p++) {
    const i = agg.eventIdentity[p];
    const s = scan.sess[p];
    const identity = i >= 0 ? identities[i].dbId : null;
    const session = s >= 0 ? sessionIds[s] : null;
    const f = (scan.oldFlags[p] & ~DERIVED_FLAGS) | flags[p];
    const oldI = Number.isNaN(scan.oldIdentity[p]) ? null : scan.oldIdentity[p];
    const oldS = Number.isNaN(scan.oldSession[p]) ? null : scan.oldSession[p];
    if (!force && identity === oldI && session === oldS && f === scan.oldFlags[p]) continue;
    upd.run(identity, session, f, scan.id[p]);
    changed++;
  }
  if (rebuildIndex) db.exec('CREATE INDEX events_identity ON events(identity_id) WHERE identity_id IS NOT NULL');
  return changed;
}
