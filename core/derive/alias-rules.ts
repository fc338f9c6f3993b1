// The alias rules (DESIGN §5): each says two names are one identity, with a method, a confidence and the
// events that prove it. Only vendor-documented structure and facts stated by a log count; a display name
// shared across systems is recorded as a candidate and never merged.
import { FACT } from '../model/facts.js';
import { formatById } from '../../importers/formats.js';
import type { Scan } from './scan.js';
import type { FactMap } from './facts-load.js';
import {
  AWS_KEY,
  atomKey,
  explicitAtom,
  parseAssumedRole,
  roleMatches,
  splitAtom,
  systemOf,
  workloadOf,
} from './atoms.js';

export interface Link {
  a: number;
  b: number;
  method: string;
  confidence: number;
  /** Event ids proving the link (at most 20). */
  proof: number[];
}

/** Below this a link is a candidate shown to the analyst, never a merge. */
export const MERGE_THRESHOLD = 0.8;

class LinkSet {
  private readonly byKey = new Map<string, Link>();

  add(a: number, b: number, method: string, confidence: number, proof: number | null): void {
    if (a === b || a < 0 || b < 0) return;
    const [x, y] = a < b ? [a, b] : [b, a];
    const k = `${x}|${y}|${method}`;
    let l = this.byKey.get(k);
    if (!l) this.byKey.set(k, (l = { a: x, b: y, method, confidence, proof: [] }));
    if (proof !== null && l.proof.length < 20 && !l.proof.includes(proof)) l.proof.push(proof);
  }

  list(): Link[] {
    return [...this.byKey.values()];
  }
}

/** Resolves a fact value naming a principal to an atom: "system|value" as written, else in the event's system. */
export function factAtom(scan: Scan, value: string, pos: number): number {
  return scan.atoms.id(explicitAtom(value) ?? atomKey(systemOf(scan.formats.values[scan.efmt[pos]]), value));
}

/** The caller is the token's subject (CloudTrail WebIdentityUser userName, a GCP principal://…/subject/SUB). */
export function subjectMatches(principal: string, sub: string): boolean {
  return principal === sub || principal.endsWith(`:${sub}`) || principal.endsWith(`/${sub}`);
}

export function lines(v: string | undefined): string[] {
  return v
    ? v
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

export interface AliasRulesResult {
  links: Link[];
  candidates: Link[];
}

/**
 * @param sessionFacts facts of each session's first event (issuer…), by event id
 */
export function aliasLinks(scan: Scan, sessionFacts: Map<number, FactMap>): AliasRulesResult {
  const links = new LinkSet();
  const candidates = new LinkSet();
  const eid = (pos: number) => scan.id[pos];

  // Stated aliases: the log itself says this principal is also known as system|value.
  for (const { pos, facts } of scan.factEvents) {
    const format = scan.formats.values[scan.efmt[pos]];
    let subject = scan.atom[pos];
    if (subject < 0 && facts[FACT.issuedTo]) subject = factAtom(scan, lines(facts[FACT.issuedTo])[0], pos);
    for (const line of lines(facts[FACT.alias])) {
      const target = scan.atoms.id(explicitAtom(line) ?? atomKey(systemOf(format), line));
      links.add(subject, target, formatById(format).statedAliasMethod, 0.9, eid(pos));
    }
    // A federated login whose caller is the token's subject: the caller is the workload the subject names.
    const sub = facts[FACT.federatedSubject];
    if (sub && scan.atom[pos] >= 0) {
      const w = workloadOf(
        facts[FACT.identityProvider] ?? null,
        sub,
        /SAML/i.test(scan.actions.values[scan.action[pos]]),
      );
      const principal = splitAtom(scan.atoms.values[scan.atom[pos]]).value;
      if (subjectMatches(principal, sub))
        links.add(scan.atom[pos], scan.atoms.id(w.atom), w.method, w.confidence, eid(pos));
    }
  }

  // One AWS access key id is one credential wherever it shows up (CloudTrail, EKS audit user.extra…). Inside
  // one system the principal is authoritative: two principals with one key there is bad data, not an alias.
  for (const [key, users] of scan.awsKeyAtoms) {
    if (users.size < 2 || !AWS_KEY.test(key)) continue;
    const [first, ...rest] = [...users.entries()];
    const sys = splitAtom(scan.atoms.values[first[0]]).system;
    for (const [atom, pos] of rest) {
      const same = splitAtom(scan.atoms.values[atom]).system === sys;
      const set = same ? candidates : links;
      set.add(
        first[0],
        atom,
        same ? 'same-key-same-source' : 'shared-aws-access-key',
        same ? 0.5 : 0.95,
        eid(first[1]),
      );
      set.add(first[0], atom, same ? 'same-key-same-source' : 'shared-aws-access-key', same ? 0.5 : 0.95, eid(pos));
    }
  }

  // STS: an assumed-role session ARN belongs to its role; the issuer fact gives the role's full ARN (with path).
  const issuerOf = new Map<number, string>();
  for (const x of scan.sessions) {
    const iss = sessionFacts.get(eid(x.firstPos))?.[FACT.issuer];
    if (iss && x.firstAtom >= 0 && !issuerOf.has(x.firstAtom)) issuerOf.set(x.firstAtom, iss);
  }
  const atomCount = scan.atoms.size;
  for (let a = 0; a < atomCount; a++) {
    const { system, value } = splitAtom(scan.atoms.values[a]);
    if (system !== 'aws') continue;
    const p = parseAssumedRole(value);
    if (!p) continue;
    const iss = issuerOf.get(a);
    const roleArn = iss && roleMatches(iss, p) ? iss : p.roleArn;
    const proof = scan.atomEvents[a] ? eid(scan.atomFirstPos[a]) : null;
    links.add(a, scan.atoms.id(atomKey('aws', roleArn)), 'aws-assumed-role-arn', 1, proof);
  }

  // Same display name in two systems: worth a look, never a merge.
  const byName = new Map<string, number[]>();
  for (let a = 0; a < scan.atoms.size; a++) {
    if (!scan.atomEvents[a]) continue;
    const { value } = splitAtom(scan.atoms.values[a]);
    if (value.length < 3) continue;
    const k = value.toLowerCase();
    const l = byName.get(k);
    if (l) l.push(a);
    else byName.set(k, [a]);
  }
  for (const group of byName.values()) {
    if (group.length < 2 || group.length > 10) continue;
    for (let i = 1; i < group.length; i++) {
      if (splitAtom(scan.atoms.values[group[0]]).system === splitAtom(scan.atoms.values[group[i]]).system) continue;
      candidates.add(group[0], group[i], 'same-display-name', 0.3, eid(scan.atomFirstPos[group[0]]));
      candidates.add(group[0], group[i], 'same-display-name', 0.3, eid(scan.atomFirstPos[group[i]]));
    }
  }
  return { links: links.list(), candidates: candidates.list() };
}
