// Timeline read models: the visible window (items, or clusters when there are too many), the density band
// (histogram) and a rank → event-id seek for the virtualized grid.
//
// Event ids are time-keyed (floor(ts_ms) * 1024 + n, core/evidence/event-ids.ts), so a time window is an id
// range. A compact in-memory column index (ids, lane codes, category, outcome, flags — about 25 bytes an
// event) is built once per case state by scanning the table in id chunks; every window, histogram and seek
// then costs two binary searches plus at most one pass over the window's slice of typed arrays, and the rows
// actually drawn (≤ maxItems) are fetched by primary key. The index is rebuilt when the case changes
// (new events, derivation, any audited change), detected by a cheap signature.
import type { CaseDb } from '../casefile/open.js';
import { CATEGORIES, OUTCOMES, type Category, type Outcome } from '../model/event.js';
import type { IdentityKind } from '../model/identity.js';
import { SLOTS_PER_MS } from '../evidence/event-ids.js';
import { flagNames, type FlagName } from '../model/flags.js';
import { formatMicros } from '../model/time.js';
import { resolveIdentityIds } from './identity-filter.js';
import { searchMatcher } from './timeline-search.js';

export type LaneMode = 'identity' | 'session';

export interface TimelineFilter {
  identity?: string;
  session?: string;
  categories?: string[];
  outcomes?: string[];
  /** Only events carrying any of these flag bits. */
  flagMask?: number;
  /** Only events matching this search (the search grammar, README "Search"). */
  search?: string;
  /** Zone for the search's times without an offset. */
  tz?: string;
}

interface LaneKey {
  kind: 'identity' | 'principal' | 'session' | 'key' | 'none';
  ref: number | string | null;
}

export interface TimelineIndex {
  sig: string;
  n: number;
  /** Sorted event ids. */
  ids: Float64Array;
  identityLane: Int32Array;
  sessionLane: Int32Array;
  cat: Uint8Array;
  outcome: Uint8Array;
  flags: Uint8Array;
  identityLanes: LaneKey[];
  sessionLanes: LaneKey[];
  builtMs: number;
}

const CAT_CODE = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const OUT_CODE = new Map<string, number>(OUTCOMES.map((c, i) => [c, i]));
const CHUNK = 5_000; // rows per step: other requests wait at most one step (~15 ms) while the index builds

function hasTable(db: CaseDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function hasColumn(db: CaseDb, table: string, column: string): boolean {
  if (!hasTable(db, table)) return false;
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).includes(column);
}

/** Changes whenever events, derivation or any audited state change. Costs a handful of index lookups. */
export function caseSignature(db: CaseDb): string {
  const parts: unknown[] = [
    db.prepare('SELECT max(id) FROM events').pluck().get(),
    db.prepare('SELECT coalesce(sum(events), 0) FROM evidence').pluck().get(),
    db.prepare('SELECT max(seq) FROM audit_log').pluck().get(),
    db.prepare('SELECT max(seq) FROM custody_log').pluck().get(),
  ];
  for (const t of ['identities', 'sessions']) {
    parts.push(hasTable(db, t) ? db.prepare(`SELECT max(rowid) || ':' || count(*) FROM ${t}`).pluck().get() : '-');
  }
  if (hasTable(db, 'case_meta'))
    parts.push(db.prepare("SELECT group_concat(value) FROM case_meta WHERE key LIKE 'derive%'").pluck().get());
  return JSON.stringify(parts);
}

const cache = new WeakMap<CaseDb, { sig: string; index: Promise<TimelineIndex> }>();
const tick = () => new Promise<void>((r) => setImmediate(r));

/** The column index for this case state; built (in chunks that let other requests through) when needed. */
export function timelineIndex(db: CaseDb): Promise<TimelineIndex> {
  const sig = caseSignature(db);
  const hit = cache.get(db);
  if (hit && hit.sig === sig) return hit.index;
  const index = buildIndex(db, sig);
  cache.set(db, { sig, index });
  index.catch(() => {
    if (cache.get(db)?.index === index) cache.delete(db);
  });
  return index;
}

async function buildIndex(db: CaseDb, sig: string): Promise<TimelineIndex> {
  const t0 = Date.now();
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const cap = total + 1024; // events may arrive while we scan; grow if so
  let ids = new Float64Array(cap);
  let identityLane = new Int32Array(cap);
  let sessionLane = new Int32Array(cap);
  let cat = new Uint8Array(cap);
  let outcome = new Uint8Array(cap);
  let flags = new Uint8Array(cap);
  const identityLanes: LaneKey[] = [];
  const sessionLanes: LaneKey[] = [];
  const idLaneOf = new Map<string, number>();
  const sessLaneOf = new Map<string, number>();
  const intern = (
    lanes: LaneKey[],
    map: Map<string, number>,
    kind: LaneKey['kind'],
    ref: number | string | null,
  ): number => {
    const k = kind + '\u0000' + String(ref);
    let code = map.get(k);
    if (code === undefined) {
      code = lanes.length;
      lanes.push({ kind, ref });
      map.set(k, code);
    }
    return code;
  };
  const stmt = db
    .prepare(
      `SELECT id, identity_id, session_id, principal, session_key, category, outcome, flags FROM events
    WHERE id > ? ORDER BY id LIMIT ${CHUNK}`,
    )
    .raw();
  let n = 0;
  let after = -Infinity;
  for (;;) {
    const rows = stmt.all(after === -Infinity ? Number.MIN_SAFE_INTEGER : after) as [
      number,
      number | null,
      number | null,
      string | null,
      string | null,
      string,
      string,
      number,
    ][];
    if (rows.length === 0) break;
    if (n + rows.length > ids.length) {
      const grow = (n + rows.length) * 2;
      const g64 = new Float64Array(grow);
      g64.set(ids);
      ids = g64;
      const gi = new Int32Array(grow);
      gi.set(identityLane);
      identityLane = gi;
      const gs = new Int32Array(grow);
      gs.set(sessionLane);
      sessionLane = gs;
      const gc = new Uint8Array(grow);
      gc.set(cat);
      cat = gc;
      const go = new Uint8Array(grow);
      go.set(outcome);
      outcome = go;
      const gf = new Uint8Array(grow);
      gf.set(flags);
      flags = gf;
    }
    let lastPrincipal: string | null | undefined;
    let lastPrincipalCode = 0;
    for (const [id, iid, sid, principal, key, c, o, f] of rows) {
      ids[n] = id;
      if (iid !== null) identityLane[n] = intern(identityLanes, idLaneOf, 'identity', iid);
      else if (principal === lastPrincipal) identityLane[n] = lastPrincipalCode;
      else {
        lastPrincipal = principal;
        lastPrincipalCode = intern(identityLanes, idLaneOf, principal === null ? 'none' : 'principal', principal);
        identityLane[n] = lastPrincipalCode;
      }
      sessionLane[n] =
        sid !== null
          ? intern(sessionLanes, sessLaneOf, 'session', sid)
          : key !== null
            ? intern(sessionLanes, sessLaneOf, 'key', key)
            : intern(sessionLanes, sessLaneOf, principal === null ? 'none' : 'principal', principal);
      cat[n] = CAT_CODE.get(c) ?? CATEGORIES.length - 1;
      outcome[n] = OUT_CODE.get(o) ?? 2;
      flags[n] = f & 0xff;
      n++;
    }
    after = rows[rows.length - 1][0];
    if (rows.length < CHUNK) break;
    await tick();
  }
  return {
    sig,
    n,
    ids: ids.subarray(0, n),
    identityLane: identityLane.subarray(0, n),
    sessionLane: sessionLane.subarray(0, n),
    cat: cat.subarray(0, n),
    outcome: outcome.subarray(0, n),
    flags: flags.subarray(0, n),
    identityLanes,
    sessionLanes,
    builtMs: Date.now() - t0,
  };
}

/** First index i with ids[i] >= v. */
function lowerBound(a: Float64Array, v: number, n = a.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [lo, hi) of events with from ≤ ts_ms < to (ms precision: the id's time key). */
function sliceOf(ix: TimelineIndex, fromMs: number, toMs: number): [number, number] {
  return [lowerBound(ix.ids, fromMs * SLOTS_PER_MS), lowerBound(ix.ids, toMs * SLOTS_PER_MS)];
}

const msOf = (id: number) => Math.floor(id / SLOTS_PER_MS);

interface Matcher {
  (i: number): boolean;
}

function matcher(db: CaseDb, ix: TimelineIndex, f: TimelineFilter | undefined, lo = 0, hi = ix.n): Matcher | null {
  if (!f) return null;
  const tests: Matcher[] = [];
  if (f.identity) {
    const want = new Set<number>();
    const ids = hasTable(db, 'identities') ? resolveIdentityIds(db, f.identity) : [];
    ix.identityLanes.forEach((l, code) => {
      if ((l.kind === 'identity' && ids.includes(l.ref as number)) || (l.kind === 'principal' && l.ref === f.identity))
        want.add(code);
    });
    tests.push((i) => want.has(ix.identityLane[i]));
  }
  if (f.session) {
    const m = /^S?(\d+)$/.exec(f.session);
    const want = new Set<number>();
    ix.sessionLanes.forEach((l, code) => {
      if ((l.kind === 'session' && m && l.ref === Number(m[1])) || (l.kind === 'key' && l.ref === f.session))
        want.add(code);
    });
    tests.push((i) => want.has(ix.sessionLane[i]));
  }
  if (f.categories && f.categories.length > 0) {
    const want = new Uint8Array(CATEGORIES.length);
    for (const c of f.categories) {
      const code = CAT_CODE.get(c);
      if (code !== undefined) want[code] = 1;
    }
    tests.push((i) => want[ix.cat[i]] === 1);
  }
  if (f.outcomes && f.outcomes.length > 0) {
    const want = new Uint8Array(OUTCOMES.length);
    for (const o of f.outcomes) {
      const code = OUT_CODE.get(o);
      if (code !== undefined) want[code] = 1;
    }
    tests.push((i) => want[ix.outcome[i]] === 1);
  }
  if (f.flagMask) {
    const mask = f.flagMask;
    tests.push((i) => (ix.flags[i] & mask) !== 0);
  }
  if (f.search && f.search.trim() !== '') tests.push(searchMatcher(db, ix.ids, f.search, f.tz, lo, hi));
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0];
  return (i) => tests.every((t) => t(i));
}

export interface LaneInfo {
  key: string;
  label: string;
  kind: LaneKey['kind'];
  ref: number | string | null;
  count: number;
  identity_kind?: IdentityKind;
}

function laneLabeler(db: CaseDb, mode: LaneMode): (l: LaneKey) => { label: string; nhiKind?: IdentityKind } {
  const identityName = hasTable(db, 'identities')
    ? db.prepare('SELECT name FROM identities WHERE id = ?').pluck()
    : null;
  const identityKind = hasColumn(db, 'identities', 'kind')
    ? db.prepare('SELECT kind FROM identities WHERE id = ?').pluck()
    : null;
  const sessionKeyCol = hasColumn(db, 'sessions', 'session_key')
    ? 'session_key'
    : hasColumn(db, 'sessions', 'key')
      ? 'key'
      : null;
  const sessionKey = sessionKeyCol ? db.prepare(`SELECT ${sessionKeyCol} FROM sessions WHERE id = ?`).pluck() : null;
  return (l) => {
    switch (l.kind) {
      case 'identity': {
        const name = identityName?.get(l.ref) as string | undefined;
        const kind = identityKind?.get(l.ref) as IdentityKind | undefined;
        return { label: name ?? `identity ${l.ref}`, nhiKind: kind };
      }
      case 'session': {
        const key = sessionKey?.get(l.ref) as string | null | undefined;
        return { label: key ? `S${l.ref} · ${key}` : `S${l.ref}` };
      }
      case 'key':
        return { label: String(l.ref) };
      case 'principal':
        return { label: String(l.ref) };
      default:
        return { label: mode === 'identity' ? '(no principal)' : '(no session)' };
    }
  };
}

const laneKeyString = (l: LaneKey) => `${l.kind}:${l.ref ?? ''}`;

export interface WindowOptions {
  fromUs: number;
  toUs: number;
  lanes: LaneMode;
  filter?: TimelineFilter;
  maxItems?: number;
  maxLanes?: number;
  /**
   * Past maxItems, answer with a density strip per lane (`bins` equal bins over the window) instead of clusters:
   * one drawable item per lane however many events there are.
   */
  densityBins?: number;
}

export interface TimelineItem {
  id: number;
  ts: string;
  lane: string;
  action: string;
  category: Category;
  outcome: Outcome;
  principal: string | null;
  resource: string | null;
  flags: FlagName[];
}

export interface TimelineCluster {
  lane: string;
  from: string;
  to: string;
  count: number;
  failures: number;
  top_category: Category;
}

export interface LaneDensity {
  lane: string;
  counts: number[];
  failures: number[];
  /** dominant category per bin, as an index into `categories` (-1 when empty) */ top: number[];
}

export interface TimelineWindow {
  from: string;
  to: string;
  total: number;
  mode: 'items' | 'clusters' | 'density';
  lanes: LaneInfo[];
  other_lanes: number;
  items: TimelineItem[];
  clusters: TimelineCluster[];
  density: LaneDensity[];
  categories: readonly Category[];
  bucket_ms: number | null;
  index_ms: number;
  query_ms: number;
}

const OTHER = 'other';

const NICE_MS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 1_209_600_000, 2_592_000_000, 7_776_000_000,
  31_536_000_000,
];

/** The smallest "nice" bucket (1 s, 2 s, 5 s … 1 h, 3 h, 6 h, 12 h, 1 d, 2 d, 1 w …) at least `ms` long. */
export function niceBucket(ms: number): number {
  for (const n of NICE_MS) if (n >= ms) return n;
  return Math.ceil(ms / NICE_MS[NICE_MS.length - 1]) * NICE_MS[NICE_MS.length - 1];
}

export async function timelineWindow(db: CaseDb, opts: WindowOptions): Promise<TimelineWindow> {
  const ix = await timelineIndex(db);
  const t0 = performance.now();
  const maxItems = Math.max(10, Math.min(opts.maxItems ?? 1500, 5000));
  const maxLanes = Math.max(1, Math.min(opts.maxLanes ?? 60, 500));
  const fromMs = Math.floor(opts.fromUs / 1000);
  const toMs = Math.ceil(opts.toUs / 1000);
  const [lo, hi] = sliceOf(ix, fromMs, toMs);
  const match = matcher(db, ix, opts.filter, lo, hi);
  const laneArr = opts.lanes === 'session' ? ix.sessionLane : ix.identityLane;
  const laneKeys = opts.lanes === 'session' ? ix.sessionLanes : ix.identityLanes;

  // Pass 1: per-lane counts in the window (and the total).
  const laneCounts = new Int32Array(laneKeys.length);
  let total = 0;
  for (let i = lo; i < hi; i++) {
    if (match && !match(i)) continue;
    total++;
    laneCounts[laneArr[i]]++;
  }
  const ranked: [number, number][] = [];
  for (let l = 0; l < laneCounts.length; l++) if (laneCounts[l] > 0) ranked.push([l, laneCounts[l]]);
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const shown = ranked.slice(0, maxLanes);
  const shownSet = new Set(shown.map(([l]) => l));
  const label = laneLabeler(db, opts.lanes);
  const lanes: LaneInfo[] = shown.map(([code, count]) => {
    const k = laneKeys[code];
    const { label: text, nhiKind } = label(k);
    return {
      key: laneKeyString(k),
      label: text,
      kind: k.kind,
      ref: k.ref,
      count,
      ...(nhiKind ? { identity_kind: nhiKind } : {}),
    };
  });
  const otherCount = ranked.slice(maxLanes).reduce((a, [, c]) => a + c, 0);
  if (otherCount > 0)
    lanes.push({
      key: OTHER,
      label: `${ranked.length - maxLanes} more lanes`,
      kind: 'none',
      ref: null,
      count: otherCount,
    });
  const laneName = (code: number) => (shownSet.has(code) ? laneKeyString(laneKeys[code]) : OTHER);

  const out: TimelineWindow = {
    from: formatMicros(opts.fromUs),
    to: formatMicros(opts.toUs),
    total,
    mode: 'items',
    lanes,
    other_lanes: Math.max(0, ranked.length - maxLanes),
    items: [],
    clusters: [],
    density: [],
    categories: CATEGORIES,
    bucket_ms: null,
    index_ms: ix.builtMs,
    query_ms: 0,
  };

  if (total <= maxItems) {
    const get = db.prepare(
      'SELECT id, ts, principal, action, category, outcome, resource, flags FROM events WHERE id = ?',
    );
    for (let i = lo; i < hi; i++) {
      if (match && !match(i)) continue;
      const r = get.get(ix.ids[i]) as
        | {
            id: number;
            ts: number;
            principal: string | null;
            action: string;
            category: Category;
            outcome: Outcome;
            resource: string | null;
            flags: number;
          }
        | undefined;
      if (!r) continue;
      out.items.push({
        id: r.id,
        ts: formatMicros(r.ts),
        lane: laneName(laneArr[i]),
        action: r.action,
        category: r.category,
        outcome: r.outcome,
        principal: r.principal,
        resource: r.resource,
        flags: flagNames(r.flags),
      });
    }
  } else if (opts.densityBins) {
    // Density: per lane, equal bins over the window (counts, failures, dominant category).
    out.mode = 'density';
    const bins = Math.max(10, Math.min(1000, opts.densityBins));
    const binMs = Math.max(1, (toMs - fromMs) / bins);
    out.bucket_ms = Math.round(binMs);
    const otherIdx = shown.length;
    const laneIndex = new Int32Array(laneKeys.length).fill(otherIdx);
    shown.forEach(([code], j) => {
      laneIndex[code] = j;
    });
    const nL = otherIdx + 1;
    const nCats = CATEGORIES.length;
    const counts = new Int32Array(nL * bins);
    const fails = new Int32Array(nL * bins);
    const cats = new Int32Array(nL * bins * nCats);
    for (let i = lo; i < hi; i++) {
      if (match && !match(i)) continue;
      let b = Math.floor((Math.floor(ix.ids[i] / SLOTS_PER_MS) - fromMs) / binMs);
      if (b >= bins) b = bins - 1;
      else if (b < 0) b = 0;
      const k = laneIndex[laneArr[i]] * bins + b;
      counts[k]++;
      if (ix.outcome[i] === 1) fails[k]++;
      cats[k * nCats + ix.cat[i]]++;
    }
    for (let l = 0; l < nL; l++) {
      let any = false;
      for (let b = 0; b < bins; b++)
        if (counts[l * bins + b] > 0) {
          any = true;
          break;
        }
      if (!any) continue;
      const top: number[] = [];
      for (let b = 0; b < bins; b++) {
        const k = l * bins + b;
        if (counts[k] === 0) {
          top.push(-1);
          continue;
        }
        let best = 0;
        for (let c = 1; c < nCats; c++) if (cats[k * nCats + c] > cats[k * nCats + best]) best = c;
        top.push(best);
      }
      out.density.push({
        lane: l === otherIdx ? OTHER : laneKeyString(laneKeys[shown[l][0]]),
        counts: Array.from(counts.subarray(l * bins, (l + 1) * bins)),
        failures: Array.from(fails.subarray(l * bins, (l + 1) * bins)),
        top,
      });
    }
  } else {
    // Clusters: lanes × time buckets, only non-empty cells, at most maxItems of them.
    out.mode = 'clusters';
    // Buckets of a "nice" size aligned to absolute time, so panning at one zoom keeps most clusters (and their
    // ids on the client) unchanged. About 60 % of maxItems cells at most: the rest is headroom for alignment.
    const laneCount = Math.max(1, lanes.length);
    const want = Math.max(4, Math.min(200, Math.floor((maxItems * 0.6) / laneCount)));
    const bucketMs = niceBucket(Math.max(1, toMs - fromMs) / want);
    const firstBucket = Math.floor(fromMs / bucketMs);
    const buckets = Math.max(1, Math.ceil(toMs / bucketMs) - firstBucket);
    out.bucket_ms = bucketMs;
    const otherIdx = shown.length;
    const laneIndex = new Int32Array(laneKeys.length).fill(otherIdx);
    shown.forEach(([code], j) => {
      laneIndex[code] = j;
    });
    const nCells = (otherIdx + 1) * buckets;
    const cellCount = new Int32Array(nCells);
    const cellFail = new Int32Array(nCells);
    const nCats = CATEGORIES.length;
    const cellCats = new Int32Array(nCells * nCats);
    for (let i = lo; i < hi; i++) {
      if (match && !match(i)) continue;
      let b = Math.floor(Math.floor(ix.ids[i] / SLOTS_PER_MS) / bucketMs) - firstBucket;
      if (b >= buckets) b = buckets - 1;
      else if (b < 0) b = 0;
      const key = laneIndex[laneArr[i]] * buckets + b;
      cellCount[key]++;
      if (ix.outcome[i] === 1) cellFail[key]++;
      cellCats[key * nCats + ix.cat[i]]++;
    }
    const laneKeyOf = (li: number) => (li === otherIdx ? OTHER : laneKeyString(laneKeys[shown[li][0]]));
    for (let key = 0; key < nCells; key++) {
      if (cellCount[key] === 0) continue;
      const li = Math.floor(key / buckets);
      const b = key % buckets;
      let top = 0;
      for (let c = 1; c < nCats; c++) if (cellCats[key * nCats + c] > cellCats[key * nCats + top]) top = c;
      const start = (firstBucket + b) * bucketMs;
      out.clusters.push({
        lane: laneKeyOf(li),
        from: new Date(start).toISOString(),
        to: new Date(start + bucketMs).toISOString(),
        count: cellCount[key],
        failures: cellFail[key],
        top_category: CATEGORIES[top],
      });
    }
  }
  out.query_ms = Math.round((performance.now() - t0) * 10) / 10;
  return out;
}

export interface Histogram {
  from: string | null;
  to: string | null;
  bin_ms: number;
  counts: number[];
  failures: number[];
  flagged: number[];
  total: number;
}

/** Event counts in equal time bins over [from, to) (default: the whole case). */
export async function timelineHistogram(
  db: CaseDb,
  opts: { fromUs?: number; toUs?: number; bins?: number; filter?: TimelineFilter },
): Promise<Histogram> {
  const ix = await timelineIndex(db);
  const bins = Math.max(1, Math.min(opts.bins ?? 200, 2000));
  if (ix.n === 0) return { from: null, to: null, bin_ms: 0, counts: [], failures: [], flagged: [], total: 0 };
  const fromMs = opts.fromUs !== undefined ? Math.floor(opts.fromUs / 1000) : msOf(ix.ids[0]);
  const toMs = opts.toUs !== undefined ? Math.ceil(opts.toUs / 1000) : msOf(ix.ids[ix.n - 1]) + 1;
  const binMs = Math.max(1, Math.ceil((toMs - fromMs) / bins));
  const counts = new Array<number>(bins).fill(0);
  const failures = new Array<number>(bins).fill(0);
  const flagged = new Array<number>(bins).fill(0);
  const [lo, hi] = sliceOf(ix, fromMs, toMs);
  const match = matcher(db, ix, opts.filter, lo, hi);
  let total = 0;
  for (let i = lo; i < hi; i++) {
    if (match && !match(i)) continue;
    const b = Math.min(bins - 1, Math.floor((msOf(ix.ids[i]) - fromMs) / binMs));
    counts[b]++;
    total++;
    if (ix.outcome[i] === 1) failures[b]++;
    if (ix.flags[i] !== 0) flagged[b]++;
  }
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    bin_ms: binMs,
    counts,
    failures,
    flagged,
    total,
  };
}

/** timeline.seek: the cursor to pass as `after` to events.list, the event at that row and how many rows there are. */
export interface Seek {
  after: number | null;
  id: number | null;
  total: number;
}

/**
 * The keyset cursor for row `position` of the time-ordered event list (asc or desc) restricted to an
 * optional time range: the grid jumps anywhere in millions of rows with one binary search. Returns the id
 * to pass as `after` to events.list (null = from the start) and the id at that position.
 */
export async function timelineSeek(
  db: CaseDb,
  opts: { position: number; fromUs?: number; toUs?: number; order?: 'asc' | 'desc'; filter?: TimelineFilter },
): Promise<Seek> {
  const ix = await timelineIndex(db);
  const lo = opts.fromUs !== undefined ? lowerBound(ix.ids, Math.floor(opts.fromUs / 1000) * SLOTS_PER_MS) : 0;
  const hi = opts.toUs !== undefined ? lowerBound(ix.ids, Math.ceil(opts.toUs / 1000) * SLOTS_PER_MS) : ix.n;
  const match = matcher(db, ix, opts.filter, lo, hi);
  const desc = opts.order === 'desc';
  if (!match) {
    const total = Math.max(0, hi - lo);
    const p = Math.max(0, Math.min(opts.position, total));
    if (p >= total) return { after: null, id: null, total };
    const i = desc ? hi - 1 - p : lo + p;
    const prev = desc ? i + 1 : i - 1;
    const after = (desc ? prev < hi : prev >= lo) ? ix.ids[prev] : null;
    return { after, id: ix.ids[i], total };
  }
  let seen = 0;
  let prevId: number | null = null;
  let total = 0;
  let found: { after: number | null; id: number } | null = null;
  const step = desc ? -1 : 1;
  for (let i = desc ? hi - 1 : lo; desc ? i >= lo : i < hi; i += step) {
    if (!match(i)) continue;
    if (found === null && seen === opts.position) found = { after: prevId, id: ix.ids[i] };
    prevId = ix.ids[i];
    seen++;
    total++;
  }
  return { after: found?.after ?? null, id: found?.id ?? null, total };
}

/** Builds the index in the background a little after a case opens, so the first timeline view is quick. */
export function warmTimeline(db: CaseDb, delayMs = 2000): void {
  const t = setTimeout(() => {
    if (!db.open) return;
    timelineIndex(db).catch(() => {
      /* the case closed meanwhile, or will be rebuilt on demand */
    });
  }, delayMs);
  t.unref?.();
}
