// Display names of derived identities and sessions for event rows. Derivation (core/derive) owns the tables;
// until an event is derived its identity and session are null.
import type { CaseDb } from '../casefile/open.js';

export interface NameMaps { identity: Map<number, string>; session: Map<number, string> }

function tableExists(db: CaseDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function nameMaps(db: CaseDb, identityIds: Iterable<number>, sessionIds: Iterable<number>): NameMaps {
  const identity = new Map<number, string>();
  const session = new Map<number, string>();
  const iids = [...new Set(identityIds)];
  const sids = [...new Set(sessionIds)];
  if (iids.length > 0 && tableExists(db, 'identities')) {
    const st = db.prepare('SELECT name FROM identities WHERE id = ?').pluck();
    for (const id of iids) {
      const n = st.get(id) as string | undefined;
      if (n !== undefined) identity.set(id, n);
    }
  }
  if (sids.length > 0 && tableExists(db, 'sessions')) {
    for (const id of sids) session.set(id, `S${id}`);
  }
  return { identity, session };
}
