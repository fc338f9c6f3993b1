// How many of the events a filter keeps lie before and after a window: the view announces them ("184 earlier,
// 1 later — show") instead of hiding them. Without a filter these are two index positions. With one, a prefix count
// of the filter's matches over the whole index is built once per filter and case state (4 bytes an event, a few
// filters kept), so every later window costs two lookups.
import type { CaseDb } from '../../casefile/open.js';
import type { TimelineIndex } from './column-index.js';
import { matcher, type TimelineFilter } from './filter.js';

const KEEP = 4;
const prefixes = new WeakMap<TimelineIndex, Map<string, Int32Array>>();

/** prefix[i] = events at index positions < i that the filter keeps. */
function prefixCounts(db: CaseDb, ix: TimelineIndex, f: TimelineFilter): Int32Array {
  let byFilter = prefixes.get(ix);
  if (!byFilter) {
    byFilter = new Map();
    prefixes.set(ix, byFilter);
  }
  const key = JSON.stringify(f);
  const hit = byFilter.get(key);
  if (hit) {
    byFilter.delete(key); // most recently used last
    byFilter.set(key, hit);
    return hit;
  }
  const match = matcher(db, ix, f, 0, ix.n);
  const prefix = new Int32Array(ix.n + 1);
  for (let i = 0; i < ix.n; i++) prefix[i + 1] = prefix[i] + (!match || match(i) ? 1 : 0);
  byFilter.set(key, prefix);
  if (byFilter.size > KEEP) byFilter.delete(byFilter.keys().next().value!);
  return prefix;
}

/** Kept events at index positions [0, lo) and [hi, n). */
export function outsideCounts(
  db: CaseDb,
  ix: TimelineIndex,
  lo: number,
  hi: number,
  f: TimelineFilter | undefined,
): { before: number; after: number } {
  const active = f && Object.values(f).some((v) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!active) return { before: lo, after: ix.n - hi };
  const p = prefixCounts(db, ix, f);
  return { before: p[lo], after: p[ix.n] - p[hi] };
}
