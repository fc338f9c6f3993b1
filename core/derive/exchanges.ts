// Credential exchanges across systems: a session in system A authenticates to system B, which issues B's own
// credential (a CI run's AWS role session logs in to Vault with the IAM method; a pod's service-account token is
// exchanged for a Vault token or an IRSA role session; a CI run's OIDC token for a Vault token). The login is an
// event of B; what it issued is linked to it by key (session-links.ts). This pass finds the session of A that made
// the login — from what the login states about its caller — so that the issued credential's parent session is the
// caller's, and scope, sessions and deviations follow the credential from one system into the other.
//
// Rules, strongest first (docs/derivation.md, "Credential exchanges"):
//   caller-key                 the login names the caller's credential or session key: the session keyed by it
//   presented-credential       …or a credential an event issued (an AppRole secret id): the login's own session is
//                              the use of that credential, a child of the event that issued it
//   ci-run-claims              the login's claims name a CI run (`ci_run_id`): the session the CI log keys by that run
//   caller-principal           the login names the caller's principal in A (Vault `client_arn`): its session live at
//                              the login, from the login's address if one is
//   federated-subject-session  a federated login whose subject is a workload another log names (a Kubernetes service
//                              account): that workload's session live at the login, the same way
import { FACT } from '../model/facts.js';
import { CATEGORIES } from '../model/event.js';
import type { Scan } from './scan.js';
import type { FactMap } from './facts-load.js';
import { LINK, type SessionLinks } from './session-links.js';
import { lines } from './alias-rules.js';
import { atomKey, explicitAtom, parseAssumedRole, splitAtom, systemOf, workloadOf } from './atoms.js';

export interface Caller {
  /** The calling session (a scan session index). */
  session: number;
  method: string;
  confidence: number;
}

/** Clock skew allowed between two systems' logs (µs): a session may start this long after the login it made. */
const SKEW = 60_000_000;
/**
 * How long after its last logged event a session still counts as live (µs): an STS session lasts an hour by
 * default, a pod's token longer; a session is rarely seen again after the login it made.
 */
const LIVE_AFTER = 3_600_000_000;
/** Among several live sessions, one that started at most this long before a login can be its caller (µs). */
const JUST_STARTED = 5 * 60_000_000;
/** Below this a caller is too uncertain to be a parent (several live sessions, none from the login's address). */
const MIN_CONFIDENCE = 0.6;

const AUTH = CATEGORIES.indexOf('auth');
/** An IAM role ARN, with or without a path: account and role name. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

interface Pick {
  session: number;
  confidence: number;
}

/**
 * The caller among candidate sessions: from the login's address first (0.9), else the only one live (0.8), else
 * the one that started last within five minutes before the login (0.6); else none. Candidates must be live at the
 * login time: started at most a minute after it, last seen at most an hour before it.
 */
function pickLive(scan: Scan, candidates: number[], pos: number): Pick | null {
  const t = scan.ts[pos];
  const own = scan.sess[pos];
  const live = candidates.filter((si) => {
    const x = scan.sessions[si];
    return si !== own && x.start - SKEW <= t && t <= x.end + LIVE_AFTER;
  });
  if (live.length === 0) return null;
  const ip = scan.ip[pos];
  const same = ip >= 0 ? live.filter((si) => scan.sessions[si].ips.has(ip)) : [];
  if (same.length > 0) return { session: nearest(scan, same, t), confidence: 0.9 };
  if (live.length === 1) return { session: live[0], confidence: 0.8 };
  // Several: the one that had just started, the latest (an exchange made at a workload's start, as IRSA and Vault
  // Agent do: pods of one rollout start seconds apart, each exchanging its token as it starts).
  const fresh = live.filter((si) => scan.sessions[si].start <= t && t - scan.sessions[si].start <= JUST_STARTED);
  return fresh.length > 0 ? { session: nearest(scan, fresh, t), confidence: 0.6 } : null;
}

/** The session whose span holds t, else the one that started last before t, else the earliest. */
function nearest(scan: Scan, sessions: number[], t: number): number {
  let best = -1;
  let bestRank = -Infinity;
  for (const si of sessions) {
    const x = scan.sessions[si];
    // Holding t beats starting before it; among those that started before t the latest start wins.
    const rank = x.start <= t && t <= x.end ? 2e18 + x.start : x.start <= t ? 1e18 + x.start : -x.start;
    if (rank > bestRank) {
      bestRank = rank;
      best = si;
    }
  }
  return best;
}

/** The atom a fact value names ("system|value", else the event's own system), without interning a new one. */
function findAtom(scan: Scan, value: string, pos: number): number {
  return scan.atoms.find(explicitAtom(value) ?? atomKey(systemOf(scan.formats.values[scan.efmt[pos]]), value));
}

/**
 * Finds the caller of every credential-issuing event that states one, and sets each linked session's parent
 * session (and that of the login's own session) in `links`.
 */
export function applyExchanges(scan: Scan, links: SessionLinks): Map<number, Caller> {
  const issuing = new Set(links.issuingPos.values());
  const logins: { pos: number; facts: FactMap }[] = scan.factEvents.filter(
    (e) =>
      issuing.has(e.pos) &&
      (e.facts[FACT.callerKey] !== undefined ||
        e.facts[FACT.callerPrincipal] !== undefined ||
        e.facts[FACT.federatedSubject] !== undefined ||
        (e.facts[FACT.ciRunId] !== undefined && scan.cat[e.pos] === AUTH)),
  );
  const callers = new Map<number, Caller>();
  if (logins.length > 0) {
    const byPrincipal = principalSessions(scan, logins);
    const byRawKey = new Map<string, number[]>();
    for (const [cred, sessions] of links.credentialSessions) {
      const raw = cred.slice(cred.indexOf('|') + 1);
      const l = byRawKey.get(raw);
      if (l) l.push(...sessions);
      else byRawKey.set(raw, [...sessions]);
    }
    for (const { pos, facts } of logins) {
      const c = callerOf(scan, links, pos, facts, byPrincipal, byRawKey);
      if (c && c.confidence >= MIN_CONFIDENCE) callers.set(pos, c);
    }
  }

  scan.sessions.forEach((_, si) => {
    const p = links.parentPos[si];
    if (p < 0) return;
    const c = callers.get(p);
    if (c && c.session !== si) {
      links.parentSession[si] = c.session;
      links.parentMethod[si] = c.method;
      links.parentConfidence[si] = Math.min(links.parentConfidence[si] || 1, c.confidence);
    } else {
      const ps = scan.sess[p];
      links.parentSession[si] = ps >= 0 && ps !== si ? ps : -1;
    }
  });
  // The login's own session (the request itself) was opened by the caller too.
  for (const [p, c] of callers) {
    const own = scan.sess[p];
    if (own < 0 || own === c.session || links.parentPos[own] >= 0 || scan.sessions[own].firstPos !== p) continue;
    links.parentPos[own] = p;
    links.parentSession[own] = c.session;
    links.parentMethod[own] = c.method;
    links.parentConfidence[own] = c.confidence;
  }
  return callers;
}

function callerOf(
  scan: Scan,
  links: SessionLinks,
  pos: number,
  facts: FactMap,
  byPrincipal: Map<number, number[]>,
  byRawKey: Map<string, number[]>,
): Caller | null {
  const t = scan.ts[pos];
  const own = scan.sess[pos];
  let presented = false;
  for (const key of lines(facts[FACT.callerKey])) {
    const keyed = (links.credentialSessions.get(key) ?? []).filter((si) => si !== own);
    if (keyed.length > 0) return { session: nearest(scan, keyed, t), method: 'caller-key', confidence: 1 };
    // A credential issued here and presented by this login (an AppRole secret id, and its role id): the login's own
    // session is its use, the child of the event that issued the first of them; the caller is whoever that is.
    const issuedAt = links.issuingPos.get(key);
    if (issuedAt !== undefined && issuedAt !== pos && own >= 0 && scan.ts[issuedAt] <= t) {
      if (!links.credentialSessions.has(key)) links.credentialSessions.set(key, [own]);
      if (links.parentPos[own] < 0) {
        links.parentPos[own] = issuedAt;
        links.parentMethod[own] = LINK.presented.method;
        links.parentConfidence[own] = LINK.presented.confidence;
      }
      presented = true;
    }
  }
  if (presented) return null;
  const run = scan.cat[pos] === AUTH ? facts[FACT.ciRunId] : undefined;
  if (run) {
    const sessions = (byRawKey.get(run) ?? []).filter(
      (si) => si !== own && scan.efmt[scan.sessions[si].firstPos] !== scan.efmt[pos],
    );
    if (sessions.length > 0) return { session: nearest(scan, sessions, t), method: 'ci-run-claims', confidence: 0.95 };
  }
  for (const v of lines(facts[FACT.callerPrincipal])) {
    const pick = pickLive(scan, byPrincipal.get(findAtom(scan, v, pos)) ?? [], pos);
    if (pick) return { ...pick, method: 'caller-principal' };
  }
  const sub = facts[FACT.federatedSubject];
  if (sub) {
    const w = scan.atoms.find(workloadOf(facts[FACT.identityProvider] ?? null, sub).atom);
    const mine = scan.atom[pos] >= 0 ? splitAtom(scan.atoms.values[scan.atom[pos]]).system : null;
    // Only a workload another system logs on its own (a pod in the Kubernetes audit log), never the event's own.
    if (w >= 0 && splitAtom(scan.atoms.values[w]).system !== mine) {
      const pick = pickLive(scan, byPrincipal.get(w) ?? [], pos);
      if (pick) return { ...pick, method: 'federated-subject-session' };
    }
  }
  return null;
}

/**
 * Sessions of the principals the logins name (`caller_principal` lines, federated workloads), by atom. A role ARN
 * (Vault's `canonical_arn` when the session ARN is missing) names every assumed-role session of that role.
 */
function principalSessions(scan: Scan, logins: { pos: number; facts: FactMap }[]): Map<number, number[]> {
  const wanted = new Map<number, number[]>(); // session atom → the caller atoms it counts for
  const roles = new Map<string, number>(); // role ARN → its caller atom
  const want = (atom: number, as: number) => {
    const l = wanted.get(atom);
    if (l) {
      if (!l.includes(as)) l.push(as);
    } else wanted.set(atom, [as]);
  };
  for (const { pos, facts } of logins) {
    for (const v of lines(facts[FACT.callerPrincipal])) {
      const a = findAtom(scan, v, pos);
      if (a < 0) continue;
      want(a, a);
      const { system, value } = splitAtom(scan.atoms.values[a]);
      const role = system === 'aws' ? ROLE_ARN.exec(value) : null;
      if (role) roles.set(`${role[1]}:${role[2]}`, a);
    }
    const sub = facts[FACT.federatedSubject];
    if (sub) {
      const w = scan.atoms.find(workloadOf(facts[FACT.identityProvider] ?? null, sub).atom);
      if (w >= 0) want(w, w);
    }
  }
  if (roles.size > 0) {
    for (let a = 0; a < scan.atoms.size; a++) {
      const { system, value } = splitAtom(scan.atoms.values[a]);
      if (system !== 'aws') continue;
      const r = parseAssumedRole(value);
      const as = r ? roles.get(`${r.account}:${r.role}`) : undefined;
      if (as !== undefined) want(a, as);
    }
  }
  const out = new Map<number, number[]>();
  scan.sessions.forEach((x, si) => {
    const seen = new Set<number>();
    for (const a of x.firstAtom >= 0 ? [x.firstAtom, ...x.atoms] : x.atoms) {
      for (const as of wanted.get(a) ?? []) {
        if (seen.has(as)) continue;
        seen.add(as);
        const l = out.get(as);
        if (l) l.push(si);
        else out.set(as, [si]);
      }
    }
  });
  return out;
}
