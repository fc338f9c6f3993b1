// Pass 2, in memory over pass 1's arrays once identities are resolved: per identity, per resource, per
// identity × resource, per session × resource × action, per identity × feature (first/last time, counts),
// per identity × hour and per identity × source. Everything later (scope, deviations, coverage, the graph)
// reads these tables instead of the events.
import { CATEGORIES, PRINCIPAL_TYPES } from '../model/event.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import { Interner } from './interner.js';
import { AggTable, DenseTable, grown, type Table } from './agg-table.js';
import { networkOf, resourceContainer, uaFamily } from './atoms.js';

export interface IdentityAgg {
  n: number;
  fails: number;
  first: number;
  last: number;
  firstPos: number;
  fmtMask: number;
  ptypes: number[];
  sessions: number;
}
export interface SourceAgg {
  auth: number;
  action: number;
  issued: number;
  first: number;
  last: number;
}

/** Identity features; the identity × resource feature is the resource edge table itself. */
export const FEATURE_KINDS = [
  'action',
  'container',
  'ip',
  'network',
  'user_agent',
  'hour',
  'source',
  'category',
  /** Where an address is, as enrichment sees it (core/derive/enrich.ts netKey): Tor, a cloud region, an AS, a /24. */
  'place',
] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/**
 * Composite keys are `outer × domain + inner`, with the domain the size of the inner value space: small enough to
 * stay V8 small integers on ordinary cases (no heap number per map operation), exact on any case.
 */
export interface Domains {
  feature: Record<FeatureKind, number>;
  resource: number;
  action: number;
  hour: number;
}

const HOUR = 3_600_000_000;
const AUTH = CATEGORIES.indexOf('auth');
const MAX_EDGE_ACTIONS = 20;

/** Per session: its (resource, action) entries, column-wise. */
export class SessionResources {
  readonly maps: (Map<number, number> | undefined)[];
  size = 0;
  res = new Int32Array(4096);
  act = new Int32Array(4096);
  n = new Int32Array(4096);
  first = new Float64Array(4096);
  last = new Float64Array(4096);
  firstPos = new Int32Array(4096);

  constructor(
    sessions: number,
    private readonly nA: number,
  ) {
    this.maps = new Array(sessions);
  }

  bump(s: number, r: number, a: number, pos: number, ts: number): void {
    let m = this.maps[s];
    if (!m) this.maps[s] = m = new Map();
    const k = r * this.nA + a;
    let i = m.get(k);
    if (i === undefined) {
      i = this.size++;
      if (i >= this.n.length) this.grow();
      m.set(k, i);
      this.res[i] = r;
      this.act[i] = a;
      this.first[i] = ts;
      this.last[i] = ts;
      this.firstPos[i] = pos;
    } else {
      if (ts < this.first[i]) {
        this.first[i] = ts;
        this.firstPos[i] = pos;
      }
      if (ts > this.last[i]) this.last[i] = ts;
    }
    this.n[i]++;
  }

  private grow(): void {
    const cap = this.n.length * 2;
    this.res = grown(this.res, cap);
    this.act = grown(this.act, cap);
    this.n = grown(this.n, cap);
    this.first = grown(this.first, cap);
    this.last = grown(this.last, cap);
    this.firstPos = grown(this.firstPos, cap);
  }
}

export interface Aggregates {
  eventIdentity: Int32Array;
  sessionIdentity: Int32Array;
  sessionIdentityCount: Uint8Array;
  identity: IdentityAgg[];
  /** per resource: events, first and last time (resN = 0: never touched) */
  resN: Int32Array;
  resFirst: Float64Array;
  resLast: Float64Array;
  /** identity × resource */
  edges: AggTable;
  /** edge row × action, for the distinct actions of each edge */
  edgeActions: Set<number>;
  sessionResources: SessionResources;
  features: Map<FeatureKind, Table>;
  networks: Interner;
  /** Place keys (the 'place' feature), interned from scan.ipPlace. */
  places: Interner;
  containers: Interner;
  resContainer: Int32Array;
  uaFamilies: Interner;
  /** ua family → first full user agent seen */
  uaExample: number[];
  hours: AggTable;
  hourBase: number;
  domains: Domains;
  sources: Map<number, SourceAgg>;
  /** ip → identities seen there (at most 8) */
  ipIdentities: Map<number, Set<number>>;
}

export function aggregate(scan: Scan, res: Resolution): Aggregates {
  const nI = res.identities.length;
  const nR = Math.max(1, scan.resources.size);
  const nA = Math.max(1, scan.actions.size);
  const eventIdentity = new Int32Array(scan.n);
  const identity: IdentityAgg[] = Array.from({ length: nI }, () => ({
    n: 0,
    fails: 0,
    first: Infinity,
    last: -Infinity,
    firstPos: -1,
    fmtMask: 0,
    ptypes: new Array(PRINCIPAL_TYPES.length).fill(0),
    sessions: 0,
  }));
  const resN = new Int32Array(nR);
  const resFirst = new Float64Array(nR);
  const resLast = new Float64Array(nR);
  const edges = new AggTable(1 << 18);
  const edgeActions = new Set<number>();
  let edgeActionCounts = new Uint8Array(1 << 16);
  const sessionResources = new SessionResources(scan.sessions.length, nA);
  const dense = (d: number) => new DenseTable(Math.max(1, nI) * d);
  const features = new Map<FeatureKind, Table>([
    ['action', new AggTable(1 << 16)],
    ['container', new AggTable(1 << 16)],
    ['ip', new AggTable(1 << 14)],
    ['network', new AggTable(1 << 14)],
    ['user_agent', new AggTable(1 << 12)],
    ['hour', dense(24)],
    ['source', dense(Math.max(1, scan.formats.size))],
    ['category', dense(CATEGORIES.length)],
    ['place', new AggTable(1 << 12)],
  ]);
  const fPlace = features.get('place')!;
  // Places are interned once per address: the feature key is identity × place.
  const places = new Interner();
  const ipPlace = new Int32Array(Math.max(1, scan.ips.size)).fill(-1);
  if (scan.ipPlace) scan.ipPlace.forEach((k, ip) => (ipPlace[ip] = k === null ? -1 : places.id(k)));
  const fAction = features.get('action')!,
    fCont = features.get('container')!,
    fIp = features.get('ip')!,
    fNet = features.get('network')!;
  const fUa = features.get('user_agent')!,
    fHour = features.get('hour')!,
    fSrc = features.get('source')!,
    fCat = features.get('category')!;
  const networks = new Interner();
  const containers = new Interner();
  const resContainer = new Int32Array(nR).fill(-1);
  const uaFamilies = new Interner();
  const ipNet = new Int32Array(Math.max(1, scan.ips.size)).fill(-1);
  const uaFam = new Int32Array(Math.max(1, scan.uas.size)).fill(-1);
  const uaExample: number[] = [];
  const hours = new AggTable(1 << 16);
  const hourBase = scan.n > 0 ? Math.floor(scan.ts[0] / HOUR) - 1 : 0;
  const hourSpan = scan.n > 0 ? Math.floor(scan.ts[scan.n - 1] / HOUR) - hourBase + 2 : 1;
  const domains: Domains = {
    feature: {
      action: nA,
      container: nR,
      ip: Math.max(1, scan.ips.size),
      network: Math.max(1, scan.ips.size),
      user_agent: Math.max(1, scan.uas.size),
      hour: 24,
      source: Math.max(1, scan.formats.size),
      category: CATEGORIES.length,
      place: Math.max(1, scan.ips.size),
    },
    resource: nR,
    action: nA,
    hour: Math.max(hourSpan, 1),
  };
  const D = domains.feature;
  const sources = new Map<number, SourceAgg>();
  const ipIdentities = new Map<number, Set<number>>();

  for (let p = 0; p < scan.n; p++) {
    const a = scan.atom[p];
    const i = a >= 0 ? res.atomIdentity[a] : -1;
    eventIdentity[p] = i;
    const ts = scan.ts[p];
    const fail = scan.fail[p];
    const r = scan.resource[p];
    const act = scan.action[p];
    if (r >= 0) {
      if (resN[r]++ === 0) resFirst[r] = ts;
      if (ts > resLast[r]) resLast[r] = ts;
      const s = scan.sess[p];
      if (s >= 0) sessionResources.bump(s, r, act, p, ts);
    }
    if (i < 0) continue;
    const ia = identity[i];
    ia.n++;
    ia.fails += fail;
    if (ts < ia.first) {
      ia.first = ts;
      ia.firstPos = p;
    }
    if (ts > ia.last) ia.last = ts;
    ia.fmtMask |= 1 << Math.min(scan.fmt[p], 30);
    ia.ptypes[scan.ptype[p]]++;
    fAction.bump(i * nA + act, p, ts, fail);
    fSrc.bump(i * D.source + scan.fmt[p], p, ts, fail);
    fCat.bump(i * D.category + scan.cat[p], p, ts, fail);
    fHour.bump(i * 24 + (Math.floor(ts / HOUR) % 24), p, ts, fail);
    if (r >= 0) {
      let c = resContainer[r];
      if (c < 0) resContainer[r] = c = containers.id(resourceContainer(scan.resources.values[r]));
      fCont.bump(i * nR + c, p, ts, fail);
      const e = edges.bump(i * nR + r, p, ts, fail);
      if (e >= edgeActionCounts.length) {
        const grown = new Uint8Array(edgeActionCounts.length * 2);
        grown.set(edgeActionCounts);
        edgeActionCounts = grown;
      }
      if (edgeActionCounts[e] < MAX_EDGE_ACTIONS) {
        const k = e * nA + act;
        if (!edgeActions.has(k)) {
          edgeActions.add(k);
          edgeActionCounts[e]++;
        }
      }
    }
    const ip = scan.ip[p];
    if (ip >= 0) {
      let net = ipNet[ip];
      if (net < 0) ipNet[ip] = net = networks.id(networkOf(scan.ips.values[ip]));
      fIp.bump(i * D.ip + ip, p, ts, fail);
      fNet.bump(i * D.network + net, p, ts, fail);
      const place = ipPlace[ip];
      if (place >= 0) fPlace.bump(i * D.place + place, p, ts, fail);
      let who = ipIdentities.get(ip);
      if (!who) ipIdentities.set(ip, (who = new Set()));
      if (who.size < 8) who.add(i);
    }
    const ua = scan.ua[p];
    if (ua >= 0) {
      let fam = uaFam[ua];
      if (fam < 0) {
        uaFam[ua] = fam = uaFamilies.id(uaFamily(scan.uas.values[ua]));
        if (uaExample[fam] === undefined) uaExample[fam] = ua;
      }
      fUa.bump(i * D.user_agent + fam, p, ts, fail);
    }
    hours.bump(i * domains.hour + (Math.floor(ts / HOUR) - hourBase), p, ts, fail);
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
    eventIdentity,
    sessionIdentity,
    sessionIdentityCount,
    identity,
    resN,
    resFirst,
    resLast,
    edges,
    edgeActions,
    sessionResources,
    features,
    networks,
    places,
    containers,
    resContainer,
    uaFamilies,
    uaExample,
    hours,
    hourBase,
    domains,
    sources,
    ipIdentities,
  };
}
