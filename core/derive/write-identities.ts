// Persists identities, aliases and alias candidates. Identity ids are kept by canonical alias, so an id an
// analyst wrote down (an annotation, a decision) keeps naming the same identity; an identity that no longer
// exists keeps its row, marked dead, pointing at the identity that now holds its canonical alias.
import type { CaseDb } from '../casefile/open.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates } from './aggregate.js';
import { identityKind } from './naming.js';
import { IDENTITY_KINDS, NHI_KINDS, type IdentityKind } from '../model/identity.js';
import { splitAtom } from './atoms.js';

export interface IdentityRow {
  dbId: number;
  kind: string;
  nhi: boolean;
  /** The rule that gave the kind (naming.ts), `analyst` for a reclassification by hand. */
  kindRule: string;
}

/** The analyst's reclassifications in force, by the alias key they were made on (the latest wins). */
export function kindOverrides(db: CaseDb): Map<string, IdentityKind> {
  const out = new Map<string, IdentityKind>();
  const known = new Set<string>(IDENTITY_KINDS);
  for (const r of db
    .prepare('SELECT identity_key, kind FROM identity_kinds WHERE revoked_at IS NULL ORDER BY id')
    .all() as { identity_key: string; kind: string }[])
    if (known.has(r.kind)) out.set(r.identity_key, r.kind as IdentityKind);
  return out;
}

function sourcesOf(scan: Scan, mask: number): string {
  const out: string[] = [];
  for (let f = 0; f < scan.formats.size; f++) if (mask & (1 << Math.min(f, 30))) out.push(scan.formats.values[f]);
  return out.sort().join(',');
}

export function writeIdentities(db: CaseDb, scan: Scan, res: Resolution, agg: Aggregates): IdentityRow[] {
  const existing = new Map<string, number>();
  let maxId = 0;
  for (const r of db.prepare('SELECT id, key FROM identities').all() as { id: number; key: string }[]) {
    existing.set(r.key, r.id);
    if (r.id > maxId) maxId = r.id;
  }
  const overrides = kindOverrides(db);
  const rows: IdentityRow[] = res.identities.map((d, i) => {
    const dbId = existing.get(d.key) ?? ++maxId;
    // An analyst's reclassification wins; it was made on the identity's canonical alias then, which may since have
    // become another alias of it (a later merge): any of its names carries it.
    const byHand = overrides.get(d.key) ?? d.atoms.map((a) => overrides.get(scan.atoms.values[a])).find((k) => k);
    if (byHand) return { dbId, kind: byHand, nhi: NHI_KINDS.has(byHand), kindRule: 'analyst' };
    const { kind, nhi, rule } = identityKind(d.key, agg.identity[i].ptypes);
    return { dbId, kind, nhi, kindRule: rule };
  });
  db.prepare('UPDATE identities SET live = 0').run();
  const upsert =
    db.prepare(`INSERT INTO identities(id, key, name, system, kind, nhi, events, failures, sessions, first_ts, last_ts, sources,
      alias_count, kind_rule, live, merged_into) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,NULL)
    ON CONFLICT(key) DO UPDATE SET name = excluded.name, system = excluded.system, kind = excluded.kind, nhi = excluded.nhi,
      kind_rule = excluded.kind_rule,
      events = excluded.events, failures = excluded.failures, sessions = excluded.sessions, first_ts = excluded.first_ts,
      last_ts = excluded.last_ts, sources = excluded.sources, alias_count = excluded.alias_count, live = 1, merged_into = NULL`);
  res.identities.forEach((d, i) => {
    const a = agg.identity[i];
    upsert.run(
      rows[i].dbId,
      d.key,
      d.name,
      splitAtom(d.key).system,
      rows[i].kind,
      rows[i].nhi ? 1 : 0,
      a.n,
      a.fails,
      a.sessions,
      a.n > 0 ? a.first : null,
      a.n > 0 ? a.last : null,
      sourcesOf(scan, a.fmtMask),
      d.atoms.length,
      rows[i].kindRule,
    );
  });
  // Dead identities point at whoever holds their name now.
  const dead = db.prepare('SELECT id, key FROM identities WHERE live = 0').all() as { id: number; key: string }[];
  const setMerged = db.prepare('UPDATE identities SET merged_into = ? WHERE id = ?');
  for (const r of dead) {
    const atom = scan.atoms.find(r.key);
    const i = atom >= 0 ? res.atomIdentity[atom] : -1;
    setMerged.run(i >= 0 ? rows[i].dbId : null, r.id);
  }

  db.prepare('DELETE FROM aliases').run();
  const ins = db.prepare(
    'INSERT INTO aliases(identity_id, system, value, method, confidence, events, proof, linked_to) VALUES (?,?,?,?,?,?,?,?)',
  );
  res.identities.forEach((d, i) => {
    for (const a of d.atoms) {
      const { system, value } = splitAtom(scan.atoms.values[a]);
      const events = scan.atomEvents[a] ?? 0;
      const info = res.aliasInfo[a];
      if (info) {
        ins.run(
          rows[i].dbId,
          system,
          value,
          info.method,
          info.confidence,
          events,
          JSON.stringify(info.proof),
          scan.atoms.values[info.linkedTo],
        );
      } else {
        // Not joined by any rule: the identity's own name, as the logs show it.
        const proof = events > 0 ? [scan.id[scan.atomFirstPos[a]]] : [];
        ins.run(
          rows[i].dbId,
          system,
          value,
          events > 0 ? 'observed' : 'canonical',
          1,
          events,
          JSON.stringify(proof),
          null,
        );
      }
    }
  });

  db.prepare('DELETE FROM alias_candidates').run();
  const cand = db.prepare('INSERT INTO alias_candidates(a, b, method, confidence, reason, proof) VALUES (?,?,?,?,?,?)');
  for (const c of res.candidates)
    cand.run(scan.atoms.values[c.a], scan.atoms.values[c.b], c.method, c.confidence, c.reason, JSON.stringify(c.proof));
  return rows;
}
