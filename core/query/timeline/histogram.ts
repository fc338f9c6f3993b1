// The density band under the timeline: event counts (failures, flagged events) in equal bins.
import type { CaseDb } from '../../casefile/open.js';
import { FAILURE, msOf, sliceOf, timelineIndex } from './column-index.js';
import { matcher, type TimelineFilter } from './filter.js';

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
    if (ix.outcome[i] === FAILURE) failures[b]++;
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
