// Parent links: a session opened with a credential an event issued (STS AssumeRole*, CreateAccessKey, a Vault
// login's token) is that event's child. Linking is by credential over the whole case, never by file order,
// so a key used before its issuing record appears in a delivery file still finds its parent. Which session the
// issuing event itself belongs to — its own, or the session in another system that called it — is the job of
// exchanges.ts, which fills `parentSession` here.
import type { Scan } from './scan.js';
import type { Issued } from './edge-facts.js';
import type { FactMap } from './facts-load.js';
import { FACT } from '../model/facts.js';
import { lines } from './alias-rules.js';
import { splitAtom } from './atoms.js';

/** How a session was tied to its parent, with the confidence of the rule (docs/derivation.md). */
export const LINK = {
  /** The session's key is the credential the parent event issued. */
  issuedKey: { method: 'issued-key', confidence: 1 },
  /** The credential is a login name (a Vault database user) and the session is that principal's, from the issue on. */
  issuedName: { method: 'issued-login-name', confidence: 0.9 },
  /** The login name was HMAC'd: it matches the engine's default username template and its issuing second. */
  issuedNameTemplate: { method: 'vault-db-username-template', confidence: 0.85 },
  /** The parent event presented a credential its caller was issued: the session is the presenter's own login. */
  presented: { method: 'presented-credential', confidence: 0.95 },
} as const;

export interface SessionLinks {
  /** Per session: position of the issuing event, or -1. */
  parentPos: Int32Array;
  /**
   * Per session: the session the issuing event was made in, or -1: the event's own session, or the session of
   * another system that called it (a credential exchange, exchanges.ts). Never the session itself.
   */
  parentSession: Int32Array;
  /** Per session with a parent: the rule that tied it (LINK, exchanges.ts), and its confidence. */
  parentMethod: (string | null)[];
  parentConfidence: Float32Array;
  /** credential ("ns|key") → sessions that used it */
  credentialSessions: Map<string, number[]>;
  /** credential → earliest issuing event position */
  issuingPos: Map<string, number>;
}

/**
 * Whether a log could show the credential in use: a session key. A Vault lease ("database/creds/app/…") is a
 * handle for renewal, never the key of a request, so it is never "seen in use" and must not count as unused.
 */
export function observable(key: string): boolean {
  return !key.includes('/');
}

/** Vault's database engines end a generated name with 20 random characters and the issuing Unix time. */
const TEMPLATE_TAIL = /[-_]([A-Za-z0-9]{20})[-_](\d{9,11})$/;
/** Clock skew allowed between the Vault audit log and the database log for a template's Unix time (s). */
const TEMPLATE_SKEW_S = 10;

/**
 * @param factsAt facts of the events that carry event-level facts, by position (for the login-name template rule)
 */
export function linkSessions(scan: Scan, issued: Issued[], factsAt: Map<number, FactMap> = new Map()): SessionLinks {
  const issuingPos = new Map<string, number>();
  for (const i of issued) {
    const cur = issuingPos.get(i.credential);
    if (cur === undefined || scan.ts[i.pos] < scan.ts[cur]) issuingPos.set(i.credential, i.pos);
  }
  const n = scan.sessions.length;
  const parentPos = new Int32Array(n).fill(-1);
  const parentMethod: (string | null)[] = new Array(n).fill(null);
  const parentConfidence = new Float32Array(n);
  const setParent = (si: number, p: number, link: { method: string; confidence: number }) => {
    parentPos[si] = p;
    parentMethod[si] = link.method;
    parentConfidence[si] = link.confidence;
  };
  const credentialSessions = new Map<string, number[]>();
  scan.sessions.forEach((x, si) => {
    if (x.kind !== 'credential' || x.ns === null || x.credential === null) return;
    const cred = `${x.ns}|${x.credential}`;
    const l = credentialSessions.get(cred);
    if (l) l.push(si);
    else credentialSessions.set(cred, [si]);
    const p = issuingPos.get(cred);
    if (p !== undefined) setParent(si, p, LINK.issuedKey);
  });
  // A credential that is a name (a Vault database secret's username): its use is the sessions of that principal
  // from the time it was issued on, in whatever source logs it.
  const unmatched = [...issuingPos.entries()].filter(([cred]) => !credentialSessions.has(cred));
  const templated = [...issuingPos.values()].filter((p) => factsAt.get(p)?.[FACT.issuedLoginPrefix] !== undefined);
  if (unmatched.length > 0 || templated.length > 0) {
    const byValue = new Map<string, number[]>();
    scan.sessions.forEach((x, si) => {
      if (x.firstAtom < 0 || parentPos[si] >= 0) return;
      const v = splitAtom(scan.atoms.values[x.firstAtom]).value;
      const l = byValue.get(v);
      if (l) l.push(si);
      else byValue.set(v, [si]);
    });
    for (const [cred, p] of unmatched) {
      const value = cred.slice(cred.indexOf('|') + 1);
      const uses = (byValue.get(value) ?? []).filter((si) => scan.sessions[si].end >= scan.ts[p]);
      if (uses.length === 0) continue;
      for (const si of uses) setParent(si, p, LINK.issuedName);
      credentialSessions.set(cred, uses);
    }
    // The name was HMAC'd: Vault's default templates (`v-<display name>-<role>-<random 20>-<unix time>`) give it
    // away, with the second it was made in.
    for (const p of templated) {
      const prefixes = lines(factsAt.get(p)![FACT.issuedLoginPrefix]).map((x) => x.toLowerCase());
      const sec = scan.ts[p] / 1e6;
      const uses: number[] = [];
      for (const [value, sessions] of byValue) {
        const m = TEMPLATE_TAIL.exec(value);
        if (!m || Math.abs(Number(m[2]) - sec) > TEMPLATE_SKEW_S) continue;
        const lower = value.toLowerCase();
        if (!prefixes.some((x) => lower.startsWith(x) && lower.length - m[0].length === x.length - 1)) continue;
        for (const si of sessions)
          if (parentPos[si] < 0 && scan.sessions[si].end >= scan.ts[p]) {
            setParent(si, p, LINK.issuedNameTemplate);
            uses.push(si);
          }
      }
      // Those sessions are the use of what the read issued (its lease): it is not an unused credential.
      if (uses.length > 0)
        for (const [cred, ip] of issuingPos)
          if (ip === p && !credentialSessions.has(cred)) credentialSessions.set(cred, uses);
    }
  }
  return {
    parentPos,
    parentSession: new Int32Array(n).fill(-1),
    parentMethod,
    parentConfidence,
    credentialSessions,
    issuingPos,
  };
}
