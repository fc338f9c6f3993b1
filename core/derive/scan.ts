// Pass 1: one read of every event in rowid (= time) order. Strings are interned, each event's fields land in
// typed arrays for the later passes, and sessions are cut as we go: by the log's own credential/session key
// where there is one, otherwise by principal + source + source IP + inactivity gap. Because the pass runs in
// event-time order, a key used before its issuing event appears in the file (CloudTrail's out-of-order
// delivery) still meets that event: linking is done afterwards, by key, over the whole case.
import type { CaseDb } from '../casefile/open.js';
import { CATEGORIES, PRINCIPAL_TYPES } from '../model/event.js';
import { Interner } from './interner.js';
import { grown } from './agg-table.js';
import { atomKey, isLongLived, keyNamespace, systemOf } from './atoms.js';
import type { FactMap } from './facts-load.js';
import { FACT } from '../model/facts.js';
import { isFormatId } from '../../importers/formats.js';

export interface SessionAcc {
  key: string;
  kind: 'credential' | 'gap';
  ns: string | null;
  credential: string | null;
  firstPos: number;
  lastPos: number;
  start: number;
  end: number;
  events: number;
  failures: number;
  fmtMask: number;
  firstAtom: number;
  atoms: number[];
  ips: Set<number>;
  ipCount: number;
  uas: number[];
}

export interface Scan {
  n: number;
  id: Float64Array;
  ts: Float64Array;
  atom: Int32Array;
  fmt: Uint8Array;
  /**
   * The format whose naming the event follows (index into `formats`): its own, or for an event re-imported from a
   * SessionScope ECS export the format it was first imported from (FACT.sourceFormat) — its principal's naming
   * system, its keys' namespace and lifetime. `fmt` stays the stored format (sources, coverage, Sigma).
   */
  efmt: Uint8Array;
  ptype: Uint8Array;
  sess: Int32Array;
  action: Int32Array;
  resource: Int32Array;
  cat: Uint8Array;
  fail: Uint8Array;
  ip: Int32Array;
  ua: Int32Array;
  oldIdentity: Float64Array;
  oldSession: Float64Array;
  oldFlags: Int32Array;
  /** Where each event's raw record is stored (Sigma detections read it: core/detect). */
  rawBlock: Float64Array;
  rawOff: Int32Array;
  rawLen: Int32Array;
  atoms: Interner;
  /** Events per atom (only atoms that are some event's principal have any). */
  atomEvents: number[];
  atomFirstPos: number[];
  formats: Interner;
  actions: Interner;
  actionCat: number[];
  resources: Interner;
  resourceType: (string | null)[];
  ips: Interner;
  uas: Interner;
  sessions: SessionAcc[];
  /** Events carrying event-level facts, by position. */
  factEvents: { pos: number; facts: FactMap }[];
  /** AWS access keys → the atoms seen using them, with one proving position each. */
  awsKeyAtoms: Map<string, Map<number, number>>;
  /** Per ips id: the place an address counts as (core/derive/enrich.ts netKey), set after IP enrichment. */
  ipPlace?: (string | null)[];
  /** Per place key: how to name it (AS14061 (DigitalOcean, VPS), AWS us-east-1, Tor exit). */
  placeLabel?: Map<string, string>;
}

const PTYPE_INDEX = new Map<string, number>(PRINCIPAL_TYPES.map((p, i) => [p, i]));
const CAT_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const MAX_SESSION_IPS = 50;

interface KeyState {
  ns: string;
  k: string;
  long: boolean;
  session: number;
  atoms: Map<number, number> | null;
}

type Row = [
  number,
  number,
  string,
  string | null,
  string,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  number | null,
  number | null,
  number,
  number,
  number,
  number,
];

export function scanEvents(db: CaseDb, eventFacts: Map<number, FactMap>, sessionGap: number): Scan {
  // Sized from the evidence counts (no scan of the events table just to size arrays), grown if events were
  // added that no complete evidence file counts yet.
  let cap = Math.max(
    1024,
    (db.prepare('SELECT coalesce(sum(events), 0) FROM evidence').pluck().get() as number) + 1024,
  );
  const s: Scan = {
    n: 0,
    id: new Float64Array(cap),
    ts: new Float64Array(cap),
    atom: new Int32Array(cap),
    fmt: new Uint8Array(cap),
    efmt: new Uint8Array(cap),
    ptype: new Uint8Array(cap),
    sess: new Int32Array(cap),
    action: new Int32Array(cap),
    resource: new Int32Array(cap),
    cat: new Uint8Array(cap),
    fail: new Uint8Array(cap),
    ip: new Int32Array(cap),
    ua: new Int32Array(cap),
    oldIdentity: new Float64Array(cap),
    oldSession: new Float64Array(cap),
    oldFlags: new Int32Array(cap),
    rawBlock: new Float64Array(cap),
    rawOff: new Int32Array(cap),
    rawLen: new Int32Array(cap),
    atoms: new Interner(),
    atomEvents: [],
    atomFirstPos: [],
    formats: new Interner(),
    actions: new Interner(),
    actionCat: [],
    resources: new Interner(),
    resourceType: [],
    ips: new Interner(),
    uas: new Interner(),
    sessions: [],
    factEvents: [],
    awsKeyAtoms: new Map(),
  };
  const keyState: Map<string, KeyState>[] = [];
  const sharedKeys = new Map<string, KeyState>();
  const principalAtoms: Map<string, number>[] = [];
  const gapped = new Map<string, number>();
  const fmtSystem: string[] = [];
  const stmt = db
    .prepare(
      `SELECT id, ts, format, principal, principal_type, session_key, action, category, resource, resource_type,
    outcome, src_ip, user_agent, identity_id, session_id, flags, raw_block, raw_offset, raw_length FROM events ORDER BY id`,
    )
    .raw(true);
  let pos = 0;
  for (const r of stmt.iterate() as Iterable<Row>) {
    if (pos >= cap) cap = grow(s, cap);
    const [
      id,
      ts,
      format,
      principal,
      ptype,
      skey,
      action,
      category,
      resource,
      rtype,
      outcome,
      ip,
      ua,
      oldI,
      oldS,
      flags,
      rawBlock,
      rawOff,
      rawLen,
    ] = r;
    s.fmt[pos] = s.formats.id(format);
    const facts = eventFacts.get(id);
    // Naming follows the event's first format when it was re-imported from an export (FACT.sourceFormat).
    const origin = facts?.[FACT.sourceFormat];
    const naming = origin !== undefined && origin !== format && isFormatId(origin) ? origin : format;
    const f = s.formats.id(naming);
    if (fmtSystem[f] === undefined) fmtSystem[f] = systemOf(naming);
    s.id[pos] = id;
    s.ts[pos] = ts;
    s.efmt[pos] = f;
    s.ptype[pos] = PTYPE_INDEX.get(ptype) ?? PTYPE_INDEX.get('unknown')!;
    let a = -1;
    if (principal !== null && principal !== '') {
      // Per-format maps from the principal as logged: no "system|value" string built per event.
      let m = principalAtoms[f];
      if (!m) principalAtoms[f] = m = new Map();
      const hit = m.get(principal);
      if (hit !== undefined) a = hit;
      else m.set(principal, (a = s.atoms.id(atomKey(fmtSystem[f], principal))));
    }
    s.atom[pos] = a;
    if (a >= 0) {
      if (s.atomEvents[a] === undefined) {
        s.atomEvents[a] = 0;
        s.atomFirstPos[a] = pos;
      }
      s.atomEvents[a]++;
    }
    const act = s.actions.id(action);
    if (s.actionCat[act] === undefined) s.actionCat[act] = CAT_INDEX.get(category) ?? CAT_INDEX.get('other')!;
    s.action[pos] = act;
    s.cat[pos] = CAT_INDEX.get(category) ?? CAT_INDEX.get('other')!;
    if (resource !== null && resource !== '') {
      const res = s.resources.id(resource);
      if (s.resourceType[res] === undefined) s.resourceType[res] = rtype;
      s.resource[pos] = res;
    } else s.resource[pos] = -1;
    s.fail[pos] = outcome === 'failure' ? 1 : 0;
    const ipi = ip !== null && ip !== '' ? s.ips.id(ip) : -1;
    s.ip[pos] = ipi;
    s.ua[pos] = ua !== null && ua !== '' ? s.uas.id(ua) : -1;
    s.oldIdentity[pos] = oldI ?? NaN;
    s.oldSession[pos] = oldS ?? NaN;
    s.oldFlags[pos] = flags;
    s.rawBlock[pos] = rawBlock;
    s.rawOff[pos] = rawOff;
    s.rawLen[pos] = rawLen;
    if (facts) s.factEvents.push({ pos, facts });

    let si = -1;
    if (skey !== null && skey !== '') {
      // One state per key and format: the namespace and lifetime tests run once per key, not per event.
      let km = keyState[f];
      if (!km) keyState[f] = km = new Map();
      let st = km.get(skey);
      if (!st) {
        const ns = keyNamespace(naming, skey);
        // A namespace that is not the format's own (AWS keys, Entra tokens) spans formats: one key, one state.
        const k = `${ns}|${skey}`;
        const crossFormat = ns !== naming;
        const shared = crossFormat ? sharedKeys.get(k) : undefined;
        st = shared ?? {
          ns,
          k,
          long: isLongLived(naming, skey),
          session: -1,
          atoms: ns === 'aws-key' ? new Map() : null,
        };
        if (crossFormat && !shared) {
          sharedKeys.set(k, st);
          if (st.atoms) s.awsKeyAtoms.set(skey, st.atoms);
        }
        km.set(skey, st);
      }
      if (st.atoms && a >= 0 && !st.atoms.has(a)) st.atoms.set(a, pos);
      const cur = st.session;
      if (cur >= 0 && !(st.long && ts - s.sessions[cur].end > sessionGap)) si = cur;
      else {
        si = openSession(s, st.long ? `c|${st.k}|${id}` : `c|${st.k}`, 'credential', st.ns, skey, pos, a);
        st.session = si;
      }
    } else if (a >= 0) {
      const k = `${a}|${f}|${ipi}`;
      const cur = gapped.get(k);
      if (cur !== undefined && ts - s.sessions[cur].end <= sessionGap) si = cur;
      else {
        si = openSession(s, `g|${s.atoms.values[a]}|${naming}|${ip ?? ''}|${id}`, 'gap', null, null, pos, a);
        gapped.set(k, si);
      }
    }
    s.sess[pos] = si;
    if (si >= 0) {
      const x = s.sessions[si];
      x.lastPos = pos;
      if (ts > x.end) x.end = ts;
      if (ts < x.start) x.start = ts;
      x.events++;
      x.failures += s.fail[pos];
      x.fmtMask |= 1 << Math.min(s.fmt[pos], 30);
      if (a >= 0) {
        if (x.firstAtom < 0) x.firstAtom = a;
        else if (a !== x.firstAtom && !x.atoms.includes(a) && x.atoms.length < 20) x.atoms.push(a);
      }
      if (ipi >= 0 && !x.ips.has(ipi)) {
        x.ipCount++;
        if (x.ips.size < MAX_SESSION_IPS) x.ips.add(ipi);
      }
      const u = s.ua[pos];
      if (u >= 0 && x.uas.length < 5 && !x.uas.includes(u)) x.uas.push(u);
    }
    pos++;
  }
  s.n = pos;
  return s;
}

const ARRAYS = [
  'id',
  'ts',
  'atom',
  'fmt',
  'efmt',
  'ptype',
  'sess',
  'action',
  'resource',
  'cat',
  'fail',
  'ip',
  'ua',
  'oldIdentity',
  'oldSession',
  'oldFlags',
  'rawBlock',
  'rawOff',
  'rawLen',
] as const;

function grow(s: Scan, cap: number): number {
  const next = Math.ceil(cap * 1.5);
  for (const k of ARRAYS) (s as unknown as Record<string, unknown>)[k] = grown(s[k], next);
  return next;
}

function openSession(
  s: Scan,
  key: string,
  kind: SessionAcc['kind'],
  ns: string | null,
  credential: string | null,
  pos: number,
  atom: number,
): number {
  s.sessions.push({
    key,
    kind,
    ns,
    credential,
    firstPos: pos,
    lastPos: pos,
    start: s.ts[pos],
    end: s.ts[pos],
    events: 0,
    failures: 0,
    fmtMask: 0,
    firstAtom: atom,
    atoms: [],
    ips: new Set(),
    ipCount: 0,
    uas: [],
  });
  return s.sessions.length - 1;
}
