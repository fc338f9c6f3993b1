// Display names of derived identities and sessions for event rows (one query per page, not per row). Until
// an event is derived its identity and session are null.
import type { CaseDb } from '../casefile/open.js';

export interface NameMaps {
  identity: Map<number, string>;
  session: Map<number, string>;
}

const CHUNK = 500;

export function sessionName(id: number): string {
  return `S${id}`;
}

export function nameMaps(db: CaseDb, identityIds: Iterable<number>, sessionIds: Iterable<number>): NameMaps {
  const identity = new Map<number, string>();
  const session = new Map<number, string>();
  const iids = [...new Set(identityIds)];
  const sids = [...new Set(sessionIds)];
  if (iids.length > 0) {
    for (let i = 0; i < iids.length; i += CHUNK) {
      const chunk = iids.slice(i, i + CHUNK);
      const rows = db
        .prepare(`SELECT id, name FROM identities WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .raw(true)
        .all(...chunk) as [number, string][];
      for (const [id, name] of rows) identity.set(id, name);
    }
  }
  for (const id of sids) session.set(id, sessionName(id));
  return { identity, session };
}
