// Writes each event's identity, session and flags into event_derived — only where they changed, so re-deriving
// after a small import rewrites a few pages. The first derivation of an import changes nearly every event: then
// the table is rewritten whole, in id order (appends), and its indexes rebuilt once, sorted.
import type { CaseDb } from '../casefile/open.js';
import type { Scan } from './scan.js';
import type { Aggregates } from './aggregate.js';
import type { IdentityRow } from './write-identities.js';
import { DERIVED_FLAGS } from './flags.js';

const INDEXES = [
  [
    'event_derived_identity',
    'CREATE INDEX event_derived_identity ON event_derived(identity_id) WHERE identity_id IS NOT NULL',
  ],
  ['event_derived_flagged', 'CREATE INDEX event_derived_flagged ON event_derived(flags) WHERE flags != 0'],
] as const;

export function writeEvents(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  identities: IdentityRow[],
  sessionIds: Float64Array,
  flags: Int32Array,
  force = false,
): number {
  const identity = new Float64Array(scan.n);
  const session = new Float64Array(scan.n);
  const next = new Int32Array(scan.n);
  const changed: number[] = [];
  for (let p = 0; p < scan.n; p++) {
    const i = agg.eventIdentity[p];
    const s = scan.sess[p];
    identity[p] = i >= 0 ? identities[i].dbId : NaN;
    session[p] = s >= 0 ? sessionIds[s] : NaN;
    next[p] = (scan.oldFlags[p] & ~DERIVED_FLAGS) | flags[p];
    const same =
      sameId(identity[p], scan.oldIdentity[p]) &&
      sameId(session[p], scan.oldSession[p]) &&
      next[p] === scan.oldFlags[p];
    if (force || !same) changed.push(p);
  }
  const nul = (v: number) => (Number.isNaN(v) ? null : v);
  if (changed.length > 50_000 && changed.length > scan.n / 5) {
    for (const [name] of INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
    db.exec('DELETE FROM event_derived');
    const ins = db.prepare('INSERT INTO event_derived(id, identity_id, session_id, flags) VALUES (?, ?, ?, ?)');
    for (let p = 0; p < scan.n; p++) {
      if (Number.isNaN(identity[p]) && Number.isNaN(session[p]) && next[p] === 0) continue;
      ins.run(scan.id[p], nul(identity[p]), nul(session[p]), next[p]);
    }
    for (const [, sql] of INDEXES) db.exec(sql);
    return changed.length;
  }
  const upsert = db.prepare(`INSERT INTO event_derived(id, identity_id, session_id, flags) VALUES (?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET identity_id = excluded.identity_id, session_id = excluded.session_id, flags = excluded.flags`);
  for (const p of changed) upsert.run(scan.id[p], nul(identity[p]), nul(session[p]), next[p]);
  return changed.length;
}

function sameId(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
