// Pass 2, in memory over pass 1's arrays once identities are resolved: per identity, per resource, per
// identity × resource, per session × resource × action, per identity × feature (first/last time, counts),
// per identity × hour and per identity × source. Everything later (scope, deviations, coverage, the graph)
// reads these tables instead of the events.
import { CATEGORIES, PRINCIPAL_TYPES } from '../model/event.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import { Interner } from './interner.js';
import { networkOf, resourceContainer, uaFamily } from './atoms.js';

export interface Agg { n: number; fails: number; first: number; last: number; firstPos: number }
export interface IdentityAgg extends Agg { fmtMask: number; ptypes: number[]; sessions: number }
export interface EdgeAgg extends Agg { actions: number[] }
export interface SourceAgg { auth: number; action: number; issued: number; first: number; last: number }

export const FEATURE_KINDS = ['action', 'resource', 'container', 'ip', 'network', 'user_agent', 'hour', 'source', 'category'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** identity × 2^26 + value: unique as long as values stay below 2^26 and identities below 2^27. */
export const SHIFT = 2 ** 26;
const HOUR = 3_600_000_000;
const AUTH = CATEGORIES.indexOf('auth');

export interface Aggregates {
  eventIdentity: Int32Array;
  sessionIdentity: Int32Array;
  sessionIdentityCount: Uint8Array;
  identity: IdentityAgg[];
  resource: Agg[];
  resourceEdges: Map<number, EdgeAgg>;
  sessionResources: Map<number, Map<number, Agg>>;
  features: Map<FeatureKind, Map<number, Agg>>;
  networks: Interner;
  containers: Interner;
  uaFamilies: Interner;
  /** ua family → first full user agent seen */
  uaExample: number[];
  hours: Map<number, { n: number; fails: number }>;
  hourBase: number;
  sources: Map<number, SourceAgg>;
  /** ip → identities seen there (at most 8) */
  ipIdentities: Map<number, Set<number>>;
}

function bump(m: Map<number, Agg>, k: number, pos: number, ts: number, fail: number): Agg {
  let a = m.get(k);
  if (!a) m.set(k, (a = { n: 0, fails: 0, first: ts, last: ts, firstPos: pos }));
  a.n++;
  a.fails += fail;
  if (ts < a.first) { a.first = ts; a.firstPos = pos; }
  if (ts > a.last) a.last = ts;
  return a;
}

export function aggregate(scan: Scan, res: Resolution): Aggregates {
  const nI = res.identities.length;
  const eventIdentity = new Int32Array(scan.n);
  const identity: IdentityAgg[] = Array.from({ length: nI }, () => ({
    n: 0, fails: 0, first: Infinity, last: -Infinity, firstPos: -1, fmtMask: 0, ptypes: new Array(PRINCIPAL_TYPES.length).fill(0), sessions: 0,
  }));
  const resource: Agg[] = new Array(scan.resources.size);
  const resourceEdges = new Map<number, EdgeAgg>();
  const sessionResources = new Map<number, Map<number, Agg>>();
  const features = new Map<FeatureKind, Map<number, Agg>>(FEATURE_KINDS.map((k) => [k, new Map()]));
  const fAction = features.get('action')!, fRes = features.get('resource')!, fIp = features.get('ip')!, fNet = features.get('network')!;
  const fCont = features.get('container')!;
  const fUa = features.get('user_agent')!, fHour = features.get('hour')!, fSrc = features.get('source')!, fCat = features.get('category')!;
  const networks = new Interner();
  const uaFamilies = new Interner();
  const containers = new Interner();
  const resContainer: number[] = [];
  const ipNet: number[] = [];
  const uaFam: number[] = [];
  const uaExample: number[] = [];
  const hours = new Map<number, { n: number; fails: number }>();
  const hourBase = scan.n > 0 ? Math.floor(scan.ts[0] / HOUR) - 1 : 0;
  const sources = new Map<number, SourceAgg>();
  const ipIdentities = new Map<number, Set<number>>();

  for (let p = 0; p < scan.n; p++) {
    const a = scan.atom[p];
    const i = a >= 0 ? res.atomIdentity[a] : -1;
    eventIdentity[p] = i;
    const ts = scan.ts[p];
    const fail = scan.fail[p];
    const r = scan.resource[p];
    if (r >= 0) {
      const ra = resource[r];
      if (!ra) resource[r] = { n: 1, fails: fail, first: ts, last: ts, firstPos: p };
      else { ra.n++; ra.fails += fail; if (ts > ra.last) ra.last = ts; }
    }
    const s = scan.sess[p];
    if (s >= 0 && r >= 0) {
      const k = s * SHIFT + r;
      let m = sessionResources.get(k);
      if (!m) sessionResources.set(k, (m = new Map()));
      bump(m, scan.action[p], p, ts, fail);
    }
    if (i < 0) continue;
    const ia = identity[i];
    ia.n++;
    ia.fails += fail;
    if (ts < ia.first) { ia.first = ts; ia.firstPos = p; }
    if (ts > ia.last) ia.last = ts;
    ia.fmtMask |= 1 << Math.min(scan.fmt[p], 30);
    ia.ptypes[scan.ptype[p]]++;
    const base = i * SHIFT;
    bump(fAction, base + scan.action[p], p, ts, fail);
    bump(fSrc, base + scan.fmt[p], p, ts, fail);
    bump(fCat, base + scan.cat[p], p, ts, fail);
    bump(fHour, base + (Math.floor(ts / HOUR) % 24), p, ts, fail);
    if (r >= 0) {
      bump(fRes, base + r, p, ts, fail);
      if (resContainer[r] === undefined) resContainer[r] = containers.id(resourceContainer(scan.resources.values[r]));
      bump(fCont, base + resContainer[r], p, ts, fail);
      const k = base + r;
      let e = resourceEdges.get(k);
      if (!e) resourceEdges.set(k, (e = { n: 0, fails: 0, first: ts, last: ts, firstPos: p, actions: [] }));
      e.n++;
      e.fails += fail;
      if (ts < e.first) { e.first = ts; e.firstPos = p; }
      if (ts > e.last) e.last = ts;
      if (e.actions.length < 20 && !e.actions.includes(scan.action[p])) e.actions.push(scan.action[p]);
    }
    const ip = scan.ip[p];
    if (ip >= 0) {
      if (ipNet[ip] === undefined) ipNet[ip] = networks.id(networkOf(scan.ips.values[ip]));
      bump(fIp, base + ip, p, ts, fail);
      bump(fNet, base + ipNet[ip], p, ts, fail);
      let who = ipIdentities.get(ip);
      if (!who) ipIdentities.set(ip, (who = new Set()));
      if (who.size < 8) who.add(i);
    }
    const ua = scan.ua[p];
    if (ua >= 0) {
      if (uaFam[ua] === undefined) {
        uaFam[ua] = uaFamilies.id(uaFamily(scan.uas.values[ua]));
        if (uaExample[uaFam[ua]] === undefined) uaExample[uaFam[ua]] = ua;
      }
      bump(fUa, base + uaFam[ua], p, ts, fail);
    }
    const hk = i * 4_194_304 + (Math.floor(ts / HOUR) - hourBase);
    let h = hours.get(hk);
    if (!h) hours.set(hk, (h = { n: 0, fails: 0 }));
    h.n++;
    h.fails += fail;
    const sk = i * 64 + scan.fmt[p];
    let src = sources.get(sk);
    if (!src) sources.set(sk, (src = { auth: 0, action: 0, issued: 0, first: ts, last: ts }));
    if (scan.cat[p] === AUTH) src.auth++;
    else src.action++;
    if (ts > src.last) src.last = ts;
  }

  const sessionIdentity = new Int32Array(scan.sessions.length).fill(-1);
  const sessionIdentityCount = new Uint8Array(scan.sessions.length);
  scan.sessions.forEach((x, si) => {
    const first = x.firstAtom >= 0 ? res.atomIdentity[x.firstAtom] : -1;
    sessionIdentity[si] = first;
    const ids = new Set<number>();
    if (first >= 0) ids.add(first);
    for (const a of x.atoms) if (res.atomIdentity[a] >= 0) ids.add(res.atomIdentity[a]);
    sessionIdentityCount[si] = Math.min(ids.size, 255);
    for (const id of ids) identity[id].sessions++;
  });
  return {
    eventIdentity, sessionIdentity, sessionIdentityCount, identity, resource, resourceEdges, sessionResources, features, networks,
    containers, uaFamilies, uaExample, hours, hourBase, sources, ipIdentities,
  };
}
