// Re-judges events against a new profile without re-deriving: only the out-of-scope bit changes, only the
// events of identities the old or new profile names are read (through the identity index), and only rows
// whose bit flips are written. Uses the same matching as derivation (profile.ts), so both agree.
import type { CaseDb } from '../casefile/open.js';
import { FLAG } from '../model/flags.js';
import { isOutOfScope, rulesFor, type Profile } from './profile.js';

export interface ProfileApplied {
  out_of_scope: number;
  identities: { identity: string; identity_id: number; events: number; out_of_scope: number }[];
}

export function identityNames(db: CaseDb): Map<number, { name: string; names: string[] }> {
  const out = new Map<number, { name: string; names: string[] }>();
  for (const r of db.prepare('SELECT id, name, key FROM identities WHERE live = 1').all() as {
    id: number;
    name: string;
    key: string;
  }[]) {
    out.set(r.id, { name: r.name, names: [r.name, r.key] });
  }
  for (const r of db.prepare('SELECT identity_id, system, value FROM aliases').raw(true).iterate() as Iterable<
    [number, string, string]
  >) {
    const x = out.get(r[0]);
    if (x) x.names.push(r[2], `${r[1]}|${r[2]}`);
  }
  return out;
}

export function applyProfile(db: CaseDb, profile: Profile): ProfileApplied {
  const names = identityNames(db);
  const profiled: { id: number; name: string; rules: ReturnType<typeof rulesFor> }[] = [];
  for (const [id, n] of names) {
    const rules = rulesFor(profile, n.names);
    if (rules.length > 0) profiled.push({ id, name: n.name, rules });
  }
  const ids = new Set(profiled.map((p) => p.id));
  // Identities no longer profiled lose the bit.
  const clear = db.prepare('UPDATE event_derived SET flags = flags & ? WHERE id = ?');
  for (const [id, identity] of db
    .prepare('SELECT id, identity_id FROM events WHERE flags != 0 AND (flags & 1) != 0')
    .raw(true)
    .all() as [number, number | null][]) {
    if (identity === null || !ids.has(identity)) clear.run(~FLAG.outOfScope, id);
  }
  // Events read here have an identity, so they have their event_derived row.
  const set = db.prepare('UPDATE event_derived SET flags = ? WHERE id = ?');
  const read = db.prepare('SELECT id, action, resource, category, flags FROM events WHERE identity_id = ?').raw(true);
  const summary: ProfileApplied['identities'] = [];
  for (const p of profiled) {
    let events = 0;
    let out = 0;
    const changes: [number, number][] = [];
    for (const [id, action, resource, category, flags] of read.iterate(p.id) as Iterable<
      [number, string, string | null, string, number]
    >) {
      events++;
      const bad = isOutOfScope(p.rules, action, resource, category);
      if (bad) out++;
      const next = bad ? flags | FLAG.outOfScope : flags & ~FLAG.outOfScope;
      if (next !== flags) changes.push([next, id]);
    }
    for (const [f, id] of changes) set.run(f, id);
    summary.push({ identity: p.name, identity_id: p.id, events, out_of_scope: out });
  }
  const total = db.prepare('SELECT count(*) FROM events WHERE flags != 0 AND (flags & 1) != 0').pluck().get() as number;
  return { out_of_scope: total, identities: summary };
}
