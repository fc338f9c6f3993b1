// Parent links: a session opened with a credential an event issued (STS AssumeRole*, CreateAccessKey, a Vault
// login's token) is that event's child. Linking is by credential over the whole case, never by file order,
// so a key used before its issuing record appears in a delivery file still finds its parent.
import type { Scan } from './scan.js';
import type { Issued } from './edge-facts.js';

export interface SessionLinks {
  /** Per session: position of the issuing event, or -1. */
  parentPos: Int32Array;
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

export function linkSessions(scan: Scan, issued: Issued[]): SessionLinks {
  const issuingPos = new Map<string, number>();
  for (const i of issued) {
    const cur = issuingPos.get(i.credential);
    if (cur === undefined || scan.ts[i.pos] < scan.ts[cur]) issuingPos.set(i.credential, i.pos);
  }
  const parentPos = new Int32Array(scan.sessions.length).fill(-1);
  const credentialSessions = new Map<string, number[]>();
  scan.sessions.forEach((x, si) => {
    if (x.kind !== 'credential' || x.ns === null || x.credential === null) return;
    const cred = `${x.ns}|${x.credential}`;
    const l = credentialSessions.get(cred);
    if (l) l.push(si);
    else credentialSessions.set(cred, [si]);
    const p = issuingPos.get(cred);
    if (p !== undefined) parentPos[si] = p;
  });
  // A credential that is a name (a Vault database secret's username): its use is the sessions of that principal
  // from the time it was issued on, in whatever source logs it.
  const unmatched = [...issuingPos.entries()].filter(([cred]) => !credentialSessions.has(cred));
  if (unmatched.length > 0) {
    const byValue = new Map<string, number[]>();
    scan.sessions.forEach((x, si) => {
      if (x.firstAtom < 0 || parentPos[si] >= 0) return;
      const key = scan.atoms.values[x.firstAtom];
      const v = key.slice(key.indexOf('|') + 1);
      const l = byValue.get(v);
      if (l) l.push(si);
      else byValue.set(v, [si]);
    });
    for (const [cred, p] of unmatched) {
      const value = cred.slice(cred.indexOf('|') + 1);
      const uses = (byValue.get(value) ?? []).filter((si) => scan.sessions[si].end >= scan.ts[p]);
      if (uses.length === 0) continue;
      for (const si of uses) parentPos[si] = p;
      credentialSessions.set(cred, uses);
    }
  }
  return { parentPos, credentialSessions, issuingPos };
}
