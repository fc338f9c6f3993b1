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
  return { parentPos, credentialSessions, issuingPos };
}
