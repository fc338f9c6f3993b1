// The three ways a window is drawn, each one pass over the window's slice of the column index:
//   items    every event (fetched by primary key), when they fit under maxItems;
//   clusters lanes × "nice" time buckets aligned to absolute time, only non-empty cells;
//   density  per lane, equal bins over the window: one drawable strip per lane however many events there are.
import type { CaseDb } from '../../casefile/open.js';
import { CATEGORIES, type Category, type Outcome } from '../../model/event.js';
import { flagNames, type FlagName } from '../../model/flags.js';
import { formatMicros } from '../../model/time.js';
import { FAILURE, msOf } from './column-index.js';
import { rowKey, type RankedLanes, type Slice } from './lanes.js';

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
  /** dominant category per bin, as an index into `categories` (-1 when empty) */
  top: number[];
}

interface ItemRow {
  id: number;
  ts: number;
  principal: string | null;
  action: string;
  category: Category;
  outcome: Outcome;
  resource: string | null;
  flags: number;
}

/** Every kept event of the slice, in id (time) order, read by primary key. */
export function windowItems(db: CaseDb, s: Slice, r: RankedLanes): TimelineItem[] {
  const get = db.prepare(
    'SELECT id, ts, principal, action, category, outcome, resource, flags FROM events WHERE id = ?',
  );
  const out: TimelineItem[] = [];
  for (let i = s.lo; i < s.hi; i++) {
    if (s.match && !s.match(i)) continue;
    const row = get.get(s.ix.ids[i]) as ItemRow | undefined;
    if (!row) continue; // deleted since the index was built (it is rebuilt on the next call)
    out.push({
      id: row.id,
      ts: formatMicros(row.ts),
      lane: rowKey(s, r, r.row[s.lane[i]]),
      action: row.action,
      category: row.category,
      outcome: row.outcome,
      principal: row.principal,
      resource: row.resource,
      flags: flagNames(row.flags),
    });
  }
  return out;
}

/**
 * Counts, failures and per-category counts of the kept events in a grid of rows (lanes) × bins, one pass.
 * `binOf` maps an event's millisecond to its bin (clamped into range).
 */
function grid(s: Slice, r: RankedLanes, bins: number, binOf: (ms: number) => number) {
  const rows = r.shown.length + 1;
  const nCats = CATEGORIES.length;
  const counts = new Int32Array(rows * bins);
  const failures = new Int32Array(rows * bins);
  const cats = new Int32Array(rows * bins * nCats);
  for (let i = s.lo; i < s.hi; i++) {
    if (s.match && !s.match(i)) continue;
    let b = binOf(msOf(s.ix.ids[i]));
    if (b >= bins) b = bins - 1;
    else if (b < 0) b = 0;
    const k = r.row[s.lane[i]] * bins + b;
    counts[k]++;
    if (s.ix.outcome[i] === FAILURE) failures[k]++;
    cats[k * nCats + s.ix.cat[i]]++;
  }
  /** The dominant category of a cell (the first of equals, in CATEGORIES order). */
  const top = (k: number): number => {
    let best = 0;
    for (let c = 1; c < nCats; c++) if (cats[k * nCats + c] > cats[k * nCats + best]) best = c;
    return best;
  };
  return { rows, counts, failures, top };
}

/** The smallest "nice" bucket (1 s, 2 s, 5 s … 1 h, 3 h, 6 h, 12 h, 1 d, 2 d, 1 w …) at least `ms` long. */
export function niceBucket(ms: number): number {
  for (const n of NICE_MS) if (n >= ms) return n;
  return Math.ceil(ms / NICE_MS[NICE_MS.length - 1]) * NICE_MS[NICE_MS.length - 1];
}

const NICE_MS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 1_209_600_000, 2_592_000_000, 7_776_000_000,
  31_536_000_000,
];

/**
 * Clusters: lanes × buckets of a "nice" size aligned to absolute time, so panning at one zoom keeps most clusters
 * (and their ids on the client) unchanged. About 60 % of maxItems cells at most: the rest is headroom for alignment.
 */
export function windowClusters(
  s: Slice,
  r: RankedLanes,
  opts: { fromMs: number; toMs: number; maxItems: number; laneCount: number },
): { bucketMs: number; clusters: TimelineCluster[] } {
  const want = Math.max(4, Math.min(200, Math.floor((opts.maxItems * 0.6) / Math.max(1, opts.laneCount))));
  const bucketMs = niceBucket(Math.max(1, opts.toMs - opts.fromMs) / want);
  const firstBucket = Math.floor(opts.fromMs / bucketMs);
  const buckets = Math.max(1, Math.ceil(opts.toMs / bucketMs) - firstBucket);
  const g = grid(s, r, buckets, (ms) => Math.floor(ms / bucketMs) - firstBucket);
  const clusters: TimelineCluster[] = [];
  for (let k = 0; k < g.rows * buckets; k++) {
    if (g.counts[k] === 0) continue;
    const start = (firstBucket + (k % buckets)) * bucketMs;
    clusters.push({
      lane: rowKey(s, r, Math.floor(k / buckets)),
      from: new Date(start).toISOString(),
      to: new Date(start + bucketMs).toISOString(),
      count: g.counts[k],
      failures: g.failures[k],
      top_category: CATEGORIES[g.top(k)],
    });
  }
  return { bucketMs, clusters };
}

/** Density: per lane with events, `bins` equal bins over the window (counts, failures, dominant category). */
export function windowDensity(
  s: Slice,
  r: RankedLanes,
  opts: { fromMs: number; toMs: number; bins: number },
): { binMs: number; density: LaneDensity[] } {
  const bins = opts.bins;
  const binMs = Math.max(1, (opts.toMs - opts.fromMs) / bins);
  const g = grid(s, r, bins, (ms) => Math.floor((ms - opts.fromMs) / binMs));
  const density: LaneDensity[] = [];
  for (let row = 0; row < g.rows; row++) {
    const counts = Array.from(g.counts.subarray(row * bins, (row + 1) * bins));
    if (!counts.some((c) => c > 0)) continue;
    density.push({
      lane: rowKey(s, r, row),
      counts,
      failures: Array.from(g.failures.subarray(row * bins, (row + 1) * bins)),
      top: counts.map((c, b) => (c === 0 ? -1 : g.top(row * bins + b))),
    });
  }
  return { binMs, density };
}
