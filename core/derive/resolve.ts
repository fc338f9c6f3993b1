// Identity resolution: aliases joined by the analyst's merges first (manual links win), then by rule links
// from the most to the least confident, each refused if an analyst's split forbids it. Every connected group
// of names that some event or edge needs becomes one identity, named by its most canonical alias.
import type { Scan } from './scan.js';
import type { Link } from './alias-rules.js';
import { MERGE_THRESHOLD } from './alias-rules.js';
import type { Decision } from './decisions.js';
import { ConstrainedUnion } from './union.js';
import { canonicalRank, isOpaque } from './naming.js';
import { splitAtom } from './atoms.js';

export interface AliasInfo {
  method: string;
  confidence: number;
  proof: number[];
  linkedTo: number;
}

export interface IdentityDraft {
  key: string;
  canonical: number;
  name: string;
  atoms: number[];
}

export interface Candidate extends Link {
  reason: string;
}

export interface Resolution {
  /** atom → identity index, or -1 */
  atomIdentity: Int32Array;
  identities: IdentityDraft[];
  aliasInfo: (AliasInfo | undefined)[];
  candidates: Candidate[];
}

export function resolveIdentities(
  scan: Scan,
  links: Link[],
  ruleCandidates: Link[],
  decisions: Decision[],
  needed: Set<number>,
): Resolution {
  // Intern the decisions' names first so the union covers them.
  const active = decisions.filter((d) => d.revoked_at === null);
  const decided = active.map((d) => ({ d, a: d.a.map((k) => scan.atoms.id(k)), b: d.b.map((k) => scan.atoms.id(k)) }));
  const n = scan.atoms.size;
  const u = new ConstrainedUnion(n);
  const aliasInfo: (AliasInfo | undefined)[] = new Array(n);
  const candidates: Candidate[] = ruleCandidates.map((l) => ({
    ...l,
    reason:
      l.method === 'same-display-name'
        ? 'a shared display name alone never merges identities'
        : 'one access key under two principals of the same source: inconsistent logs, not an alias',
  }));

  for (const { d, a, b } of decided) {
    if (d.action !== 'split') continue;
    for (const x of a) u.constrain(x, d.id, 'a');
    for (const x of b) u.constrain(x, d.id, 'b');
  }
  const note = (x: number, info: AliasInfo) => {
    const cur = aliasInfo[x];
    if (!cur || cur.confidence < info.confidence) aliasInfo[x] = info;
  };
  for (const { d, a, b } of decided) {
    if (d.action !== 'merge') continue;
    const all = [...a, ...b];
    for (let i = 1; i < all.length; i++) {
      if (u.union(all[0], all[i])) {
        note(all[i], { method: 'manual', confidence: 1, proof: [], linkedTo: all[0] });
        note(all[0], { method: 'manual', confidence: 1, proof: [], linkedTo: all[i] });
      } else {
        candidates.push({
          a: all[0],
          b: all[i],
          method: 'manual',
          confidence: 1,
          proof: [],
          reason: `merge #${d.id} conflicts with a later split`,
        });
      }
    }
  }
  const sorted = [...links].sort(
    (x, y) =>
      y.confidence - x.confidence || (x.method < y.method ? -1 : x.method > y.method ? 1 : x.a - y.a || x.b - y.b),
  );
  for (const l of sorted) {
    if (l.confidence < MERGE_THRESHOLD) {
      candidates.push({ ...l, reason: `confidence ${l.confidence} is below the merge threshold ${MERGE_THRESHOLD}` });
      continue;
    }
    const blocker = u.conflict(l.a, l.b);
    if (blocker !== null || !u.union(l.a, l.b)) {
      candidates.push({ ...l, reason: `refused: analyst split #${blocker ?? '?'} keeps these apart` });
      continue;
    }
    note(l.a, { method: l.method, confidence: l.confidence, proof: l.proof, linkedTo: l.b });
    note(l.b, { method: l.method, confidence: l.confidence, proof: l.proof, linkedTo: l.a });
  }

  const groups = new Map<number, number[]>();
  for (let a = 0; a < n; a++) {
    const r = u.find(a);
    const g = groups.get(r);
    if (g) g.push(a);
    else groups.set(r, [a]);
  }
  const atomIdentity = new Int32Array(n).fill(-1);
  const identities: IdentityDraft[] = [];
  for (const atoms of groups.values()) {
    if (!atoms.some((a) => needed.has(a))) continue;
    let best = atoms[0];
    let bestRank = -1;
    for (const a of atoms) {
      const rank = canonicalRank(scan.atoms.values[a], scan.atomEvents[a] ?? 0);
      if (rank > bestRank || (rank === bestRank && scan.atoms.values[a] < scan.atoms.values[best])) {
        best = a;
        bestRank = rank;
      }
    }
    let name = splitAtom(scan.atoms.values[best]).value;
    if (isOpaque(name)) {
      // An id is a poor name: prefer the readable name the logs use most.
      let readable = -1;
      for (const a of atoms) {
        const v = splitAtom(scan.atoms.values[a]).value;
        if (!isOpaque(v) && (readable < 0 || (scan.atomEvents[a] ?? 0) > (scan.atomEvents[readable] ?? 0)))
          readable = a;
      }
      if (readable >= 0) name = splitAtom(scan.atoms.values[readable]).value;
    }
    const idx = identities.length;
    identities.push({ key: scan.atoms.values[best], canonical: best, name, atoms });
    for (const a of atoms) atomIdentity[a] = idx;
  }
  return { atomIdentity, identities, aliasInfo, candidates };
}
