// How `--identity I` and `--session S` select events. I matches an identity id, name or alias (derived);
// S a derived session id or a log session key. Before derivation has run, I matches the principal.
import type { CaseDb } from '../casefile/open.js';

export interface Condition { sql: string; args: unknown[] }

function hasTable(db: CaseDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function identityCondition(db: CaseDb, identity: string): Condition {
  if (hasTable(db, 'identities') && hasTable(db, 'aliases')) {
    const ids = resolveIdentityIds(db, identity);
    if (ids.length > 0) return { sql: `e.identity_id IN (${ids.map(() => '?').join(',')})`, args: ids };
  }
  return { sql: 'e.principal = ?', args: [identity] };
}

/** Identity ids whose id, name or alias value equals the given string. */
export function resolveIdentityIds(db: CaseDb, identity: string): number[] {
  const out = new Set<number>();
  if (/^\d+$/.test(identity)) {
    const r = db.prepare('SELECT id FROM identities WHERE id = ?').pluck().get(Number(identity)) as number | undefined;
    if (r !== undefined) out.add(r);
  }
  for (const id of db.prepare('SELECT id FROM identities WHERE name = ?').pluck().all(identity) as number[]) out.add(id);
  for (const id of db.prepare('SELECT identity_id FROM aliases WHERE value = ?').pluck().all(identity) as number[]) out.add(id);
  return [...out];
}

export function sessionCondition(_db: CaseDb, session: string): Condition {
  const m = /^S?(\d+)$/.exec(session);
  if (m) return { sql: '(e.session_id = ? OR e.session_key = ?)', args: [Number(m[1]), session] };
  return { sql: 'e.session_key = ?', args: [session] };
}
