// Event flags derivation owns (core/model/flags.ts): out of scope (the profile), log tampering (an importer
// fact), visibility gap (a credential issued but never seen in use; the authentications of an identity that
// no source shows doing anything). The deviation bit is added from the ranked deviations (index.ts).
import { CATEGORIES } from '../model/event.js';
import { FACT } from '../model/facts.js';
import { FLAG } from '../model/flags.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates } from './aggregate.js';
import type { Issued } from './edge-facts.js';
import { observable, type SessionLinks } from './session-links.js';
import { isOutOfScope, rulesFor, type Profile, type ProfileRule } from './profile.js';
import { splitAtom } from './atoms.js';

export const DERIVED_FLAGS =
  FLAG.outOfScope |
  FLAG.deviation |
  FLAG.logTamper |
  FLAG.visibilityGap |
  FLAG.sigma |
  FLAG.secretExposed |
  FLAG.exposedCredentialUsed |
  FLAG.usedAfterRevoke |
  FLAG.usedAfterExpiry |
  FLAG.twoNetworks;
const AUTH = CATEGORIES.indexOf('auth');

/** The profile rules of each identity (empty when not profiled), matched on its name and every alias. */
export function identityRules(scan: Scan, res: Resolution, profile: Profile): ProfileRule[][] {
  if (profile.identities.length === 0) return res.identities.map(() => []);
  return res.identities.map((d) =>
    rulesFor(profile, [
      d.name,
      ...d.atoms.map((a) => splitAtom(scan.atoms.values[a]).value),
      ...d.atoms.map((a) => scan.atoms.values[a]),
    ]),
  );
}

/** Identities that authenticated or were issued a credential but show no action in any source. */
export function silentIdentities(agg: Aggregates, nIdentities: number): Set<number> {
  const auth = new Uint8Array(nIdentities);
  const action = new Uint8Array(nIdentities);
  for (const [k, s] of agg.sources) {
    const i = Math.floor(k / 64);
    if (s.auth > 0 || s.issued > 0) auth[i] = 1;
    if (s.action > 0) action[i] = 1;
  }
  const out = new Set<number>();
  for (let i = 0; i < nIdentities; i++) if (auth[i] && !action[i]) out.add(i);
  return out;
}

export function computeFlags(
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  rules: ProfileRule[][],
  issued: Issued[],
  links: SessionLinks,
  silent: Set<number>,
): Int32Array {
  const flags = new Int32Array(scan.n);
  const profiled = rules.some((r) => r.length > 0);
  if (profiled) {
    const cache = new Map<number, boolean>();
    const resourceFree = rules.map((rs) =>
      rs.every(
        (r) =>
          (r.allow?.resources === undefined || r.allow.resources.every((g) => g === '*')) &&
          r.deny?.resources === undefined,
      ),
    );
    for (let p = 0; p < scan.n; p++) {
      const i = agg.eventIdentity[p];
      if (i < 0 || rules[i].length === 0) continue;
      const res0 = scan.resource[p];
      const action = scan.actions.values[scan.action[p]];
      const cat = CATEGORIES[scan.cat[p]];
      let out: boolean;
      if (resourceFree[i] && !rules[i].some((r) => r.allow?.categories)) {
        const k = i * scan.actions.size + scan.action[p];
        let c = cache.get(k);
        if (c === undefined) cache.set(k, (c = isOutOfScope(rules[i], action, null, cat)));
        out = c;
      } else out = isOutOfScope(rules[i], action, res0 >= 0 ? scan.resources.values[res0] : null, cat);
      if (out) flags[p] |= FLAG.outOfScope;
    }
  }
  for (const { pos, facts } of scan.factEvents) if (facts[FACT.logTamper]) flags[pos] |= FLAG.logTamper;
  for (const i of issued) {
    if (links.issuingPos.get(i.credential) !== i.pos) continue;
    const used = links.credentialSessions.get(i.credential)?.length ?? 0;
    const target = i.target >= 0 ? res.atomIdentity[i.target] : -1;
    if ((used === 0 && observable(i.key)) || (target >= 0 && silent.has(target))) flags[i.pos] |= FLAG.visibilityGap;
  }
  if (silent.size > 0) {
    for (let p = 0; p < scan.n; p++)
      if (scan.cat[p] === AUTH && silent.has(agg.eventIdentity[p])) flags[p] |= FLAG.visibilityGap;
  }
  return flags;
}

/** Position of an event id in the scan (ids are ascending), or -1. */
export function positionOf(scan: Scan, id: number): number {
  let lo = 0;
  let hi = scan.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = scan.id[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
