// Each credential's lifecycle, from the general facts importers state (core/model/facts.ts: issued_key,
// issued_expires, revoked_key, deleted_key), the sessions keyed by it, and the secrets found in evidence as data:
// issued, first and last use, rotated (a successor issued to the same identity), revoked, deleted, expired,
// exposed — and what is wrong with it: used after revoke, delete or expiry; used from two networks within minutes;
// issued and never used; exposed, then used (by anyone, first use after the exposure).
import { PRINCIPAL_TYPES } from '../../model/event.js';
import { FACT } from '../../model/facts.js';
import { FLAG } from '../../model/flags.js';
import { parseIsoMicros } from '../../model/time.js';
import type { Scan } from '../scan.js';
import type { Resolution } from '../resolve.js';
import type { Aggregates } from '../aggregate.js';
import type { Issued } from '../edge-facts.js';
import { observable, type SessionLinks } from '../session-links.js';
import { lines } from '../alias-rules.js';
import { keyNamespace } from '../atoms.js';
import type { SecretKind } from './detect.js';

/** Two uses this close in time from different networks: one credential in two places at once. */
export const TWO_NETWORKS_WINDOW = 10 * 60_000_000;
/** Clock skew allowed between a credential's stated expiry and a use in another source's clock. */
export const EXPIRY_SKEW = 5 * 60_000_000;

export interface SecretHitRow {
  event_id: number;
  kind: SecretKind;
  fingerprint: string;
  key_id: string | null;
  shown: string;
  field: string;
}

export interface Exposure {
  pos: number;
  field: string;
  /** The first use after the exposure (position), or -1. */
  usePos: number;
}

export interface Cred {
  ns: string;
  key: string;
  shown: string;
  kind: string;
  longLived: boolean;
  sessions: number[];
  issuedPos: number;
  /** Atom the issued credential acts as. */
  targetAtom: number;
  expires: number | null;
  revokedPos: number;
  deletedPos: number;
  exposures: Exposure[];
  /** Positions flagged, by role. */
  after: { revoke: number[]; delete: number[]; expiry: number[] };
  twoNetworks: [number, number] | null;
  networks: number;
  rotatedPos: number;
  owner: number;
}

export interface Lifecycle {
  creds: Cred[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_PTYPE = PRINCIPAL_TYPES.indexOf('user');

/** What kind of credential a session key is, or null when it names a session rather than a credential. */
export function classify(
  scan: Scan,
  ns: string,
  key: string,
  firstPos: number,
  stated: boolean,
): { kind: string; longLived: boolean } | null {
  if (ns === 'aws-key') {
    if (key.startsWith('AKIA')) return { kind: 'aws_access_key', longLived: true };
    if (key.startsWith('ASIA')) return { kind: 'aws_sts_credentials', longLived: false };
    return { kind: 'aws_key', longLived: true };
  }
  switch (ns) {
    case 'github-audit':
      if (/^[A-Za-z0-9+/]{43}=$/.test(key)) return { kind: 'github_token', longLived: true };
      return stated ? { kind: 'github_token', longLived: true } : null;
    case 'vault-audit':
      return { kind: 'vault_token', longLived: false };
    case 'k8s-audit':
      return key.startsWith('JTI=')
        ? { kind: 'k8s_token', longLived: false }
        : stated
          ? { kind: 'k8s_token', longLived: false }
          : null;
    case 'gcp-audit':
      return key.includes('/keys/') ? { kind: 'gcp_service_account_key', longLived: true } : null;
    case 'entra-signin': {
      const user = firstPos >= 0 && scan.ptype[firstPos] === USER_PTYPE;
      return GUID.test(key) && !user ? { kind: 'entra_credential', longLived: true } : null;
    }
  }
  return stated ? { kind: `${ns}_credential`, longLived: false } : null;
}

/** Positions of session `si`'s events strictly after `t`, in time order (at most `max`). */
export function sessionEventsAfter(scan: Scan, si: number, t: number, max: number): number[] {
  const x = scan.sessions[si];
  if (x.end <= t) return [];
  // Positions are in time order: find the first after t, then keep the session's own.
  let lo = x.firstPos;
  let hi = x.lastPos;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scan.ts[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  const out: number[] = [];
  for (let p = lo; p <= x.lastPos && out.length < max; p++) if (scan.sess[p] === si && scan.ts[p] > t) out.push(p);
  return out;
}

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export function computeLifecycle(
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  links: SessionLinks,
  issued: Issued[],
  hits: SecretHitRow[],
  hitPos: Map<number, number>,
  net: (string | null)[],
  flags: Int32Array,
): Lifecycle {
  const byKey = new Map<string, Cred>();
  const make = (ns: string, key: string, kind: string, longLived: boolean, shown = key): Cred => {
    const c: Cred = {
      ns,
      key,
      shown,
      kind,
      longLived,
      sessions: [],
      issuedPos: -1,
      targetAtom: -1,
      expires: null,
      revokedPos: -1,
      deletedPos: -1,
      exposures: [],
      after: { revoke: [], delete: [], expiry: [] },
      twoNetworks: null,
      networks: 0,
      rotatedPos: -1,
      owner: -1,
    };
    byKey.set(`${ns}|${key}`, c);
    return c;
  };
  const factsAt = new Map<number, Record<string, string>>();
  for (const e of scan.factEvents) factsAt.set(e.pos, e.facts);

  // Lifecycle facts: the keys each event issued, revoked or deleted.
  const stated = new Map<string, { revoked: number; deleted: number }>();
  for (const { pos, facts } of scan.factEvents) {
    const format = scan.formats.values[scan.fmt[pos]];
    for (const [fact, which] of [
      [FACT.revokedKey, 'revoked'],
      [FACT.deletedKey, 'deleted'],
    ] as const) {
      for (const k of lines(facts[fact])) {
        const cred = `${keyNamespace(format, k)}|${k}`;
        let s = stated.get(cred);
        if (!s) stated.set(cred, (s = { revoked: -1, deleted: -1 }));
        if (s[which] < 0 || scan.ts[pos] < scan.ts[s[which]]) s[which] = pos;
      }
    }
  }
  const ensure = (cred: string, firstPos: number): Cred | null => {
    const hit = byKey.get(cred);
    if (hit) return hit;
    const bar = cred.indexOf('|');
    const ns = cred.slice(0, bar);
    const key = cred.slice(bar + 1);
    const isStated = links.issuingPos.has(cred) || stated.has(cred);
    const k = classify(scan, ns, key, firstPos, isStated);
    return k ? make(ns, key, k.kind, k.longLived) : null;
  };

  for (const [cred, sessions] of links.credentialSessions) {
    const c = ensure(cred, scan.sessions[sessions[0]].firstPos);
    if (c) c.sessions = [...sessions].sort((a, b) => scan.sessions[a].start - scan.sessions[b].start);
  }
  for (const [cred, pos] of links.issuingPos) {
    const c = ensure(cred, -1);
    if (!c) continue;
    c.issuedPos = pos;
    const exp = factsAt.get(pos)?.[FACT.issuedExpires];
    const us = exp ? parseIsoMicros(lines(exp)[0]) : null;
    if (us !== null) c.expires = us;
  }
  for (const i of issued) {
    const c = byKey.get(i.credential);
    if (c && c.issuedPos === i.pos) c.targetAtom = i.target;
  }
  // A GCP key is named with its project in later calls and often with "-" in the delete request: match by key id.
  const byKeyId = new Map<string, Cred>();
  for (const c of byKey.values()) {
    const id = /\/keys\/([^/]+)$/.exec(c.key)?.[1];
    if (id) byKeyId.set(`${c.ns}|${id}`, c);
  }
  for (const [cred, s] of stated) {
    const keyId = /\/keys\/([^/]+)$/.exec(cred)?.[1];
    const c =
      byKey.get(cred) ??
      (keyId ? byKeyId.get(`${cred.slice(0, cred.indexOf('|'))}|${keyId}`) : undefined) ??
      ensure(cred, -1);
    if (!c) continue;
    c.revokedPos = s.revoked;
    c.deletedPos = s.deleted;
  }

  // Secrets found as data: attach each to the credential logs name it by, or make it one.
  const index = new Map<string, Cred[]>();
  const addIndex = (k: string, c: Cred) => {
    const l = index.get(k);
    if (l) l.push(c);
    else index.set(k, [c]);
  };
  for (const c of byKey.values()) {
    addIndex(c.key, c);
    const keys = /\/keys\/([^/]+)$/.exec(c.key);
    if (keys) addIndex(keys[1], c);
    if (c.key.startsWith('JTI=')) addIndex(c.key.slice(4), c);
  }
  for (const h of hits) {
    const pos = hitPos.get(h.event_id);
    if (pos === undefined) continue;
    const candidates = [h.key_id, h.fingerprint, b64(h.fingerprint)].filter((x): x is string => !!x);
    let found: Cred[] = [];
    for (const k of candidates) {
      const l = index.get(k);
      if (l) found = [...found, ...l.filter((c) => !found.includes(c))];
    }
    if (found.length === 0) {
      const aws = h.key_id && /^(AKIA|ASIA)/.test(h.key_id);
      const c = aws
        ? make(
            'aws-key',
            h.key_id!,
            h.key_id!.startsWith('AKIA') ? 'aws_access_key' : 'aws_sts_credentials',
            h.key_id!.startsWith('AKIA'),
          )
        : make('secret', h.key_id ?? h.fingerprint, h.kind, true, h.shown);
      addIndex(c.key, c);
      found = [c];
    }
    for (const c of found)
      if (!c.exposures.some((e) => e.pos === pos)) c.exposures.push({ pos, field: h.field, usePos: -1 });
  }

  const creds = [...byKey.values()];
  // Owner: the identity the credential was issued to, else the one its first session acted as.
  for (const c of creds) {
    if (c.targetAtom >= 0) c.owner = res.atomIdentity[c.targetAtom];
    if (c.owner < 0 && c.sessions.length > 0) c.owner = agg.sessionIdentity[c.sessions[0]];
  }

  // Exposure → first later use, by anyone.
  for (const c of creds) {
    for (const e of c.exposures) {
      const t = scan.ts[e.pos];
      let best = -1;
      for (const si of c.sessions) {
        if (best >= 0 && scan.sessions[si].start > scan.ts[best]) break;
        const [p] = sessionEventsAfter(scan, si, t, 1);
        if (p !== undefined && (best < 0 || p < best)) best = p;
      }
      e.usePos = best;
      flags[e.pos] |= FLAG.secretExposed;
      if (best >= 0) flags[best] |= FLAG.exposedCredentialUsed;
    }
    c.exposures.sort((a, b) => a.pos - b.pos);
  }

  // Used after revoke, delete or expiry: every such use is flagged.
  const MAX_FLAGGED = 100_000;
  for (const c of creds) {
    const mark = (t: number, into: number[], bit: number) => {
      for (const si of c.sessions) {
        for (const p of sessionEventsAfter(scan, si, t, MAX_FLAGGED - into.length)) {
          into.push(p);
          flags[p] |= bit;
        }
      }
      into.sort((a, b) => a - b);
    };
    if (c.revokedPos >= 0) mark(scan.ts[c.revokedPos], c.after.revoke, FLAG.usedAfterRevoke);
    if (c.deletedPos >= 0) mark(scan.ts[c.deletedPos], c.after.delete, FLAG.usedAfterRevoke);
    if (c.expires !== null) mark(c.expires + EXPIRY_SKEW, c.after.expiry, FLAG.usedAfterExpiry);
  }

  // Two networks within minutes, and how many networks each credential was used from: one pass in time order.
  const sessionCred = new Int32Array(scan.sessions.length).fill(-1);
  creds.forEach((c, ci) => {
    for (const si of c.sessions) sessionCred[si] = ci;
  });
  const lastNet: (string | null)[] = new Array(creds.length).fill(null);
  const lastPos = new Int32Array(creds.length).fill(-1);
  const nets: (Set<string> | null)[] = new Array(creds.length).fill(null);
  for (let p = 0; p < scan.n; p++) {
    const si = scan.sess[p];
    if (si < 0) continue;
    const ci = sessionCred[si];
    if (ci < 0) continue;
    const ip = scan.ip[p];
    const k = ip >= 0 ? net[ip] : null;
    if (k === null) continue;
    const c = creds[ci];
    const prev = lastNet[ci];
    if (prev === null) c.networks = 1;
    else if (prev !== k) {
      let s = nets[ci];
      if (!s) nets[ci] = s = new Set([prev]);
      s.add(k);
      c.networks = s.size;
      if (scan.ts[p] - scan.ts[lastPos[ci]] <= TWO_NETWORKS_WINDOW) {
        flags[p] |= FLAG.twoNetworks;
        if (!c.twoNetworks) c.twoNetworks = [lastPos[ci], p];
      }
    } else if (nets[ci]) nets[ci]!.add(k);
    lastNet[ci] = k;
    lastPos[ci] = p;
  }

  // Rotation: a long-lived credential is rotated when a successor of its kind is issued to the same identity.
  const groups = new Map<string, Cred[]>();
  for (const c of creds) {
    if (!c.longLived || c.owner < 0) continue;
    const k = `${c.owner}|${c.kind}`;
    const l = groups.get(k);
    if (l) l.push(c);
    else groups.set(k, [c]);
  }
  const born = (c: Cred) =>
    c.issuedPos >= 0 ? scan.ts[c.issuedPos] : c.sessions.length > 0 ? scan.sessions[c.sessions[0]].start : Infinity;
  for (const l of groups.values()) {
    if (l.length < 2) continue;
    l.sort((a, b) => born(a) - born(b));
    for (let i = 0; i < l.length; i++) {
      const next = l.slice(i + 1).find((d) => d.issuedPos >= 0 && born(d) > born(l[i]));
      if (next) l[i].rotatedPos = next.issuedPos;
    }
  }
  return { creds };
}

/** The flags a credential carries (never_rotated is judged when asked: it depends on the age limit). */
export function credFlags(scan: Scan, c: Cred): string[] {
  const out: string[] = [];
  if (c.after.revoke.length > 0) out.push('used_after_revoke');
  if (c.after.delete.length > 0) out.push('used_after_delete');
  if (c.after.expiry.length > 0) out.push('used_after_expiry');
  if (c.twoNetworks) out.push('two_networks');
  if (c.issuedPos >= 0 && c.sessions.length === 0 && observable(c.key) && c.ns !== 'secret')
    out.push('issued_never_used');
  if (c.exposures.length > 0) out.push('exposed');
  if (c.exposures.some((e) => e.usePos >= 0)) out.push('exposed_then_used');
  return out;
}
