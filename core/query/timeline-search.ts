// A search as a test over the timeline's column index (timeline.ts): the ids matching the search within a slice of
// the index, found by one SQL pass in id order and merged into a bitmap over the slice's positions. The window,
// the density band and grid seeks then filter by search as cheaply as by category. Bitmaps are kept per index
// (a new index — the case changed — starts afresh) for the last few searches and slices.
import type { CaseDb } from '../casefile/open.js';
import { compileSearch } from './search/compile.js';

const kept = new WeakMap<Float64Array, Map<string, Uint8Array>>();
const KEEP = 6;

/** Positions lo…hi-1 of `ids` (sorted event ids) that match the search: a test `(i) => boolean`. */
export function searchMatcher(
  db: CaseDb,
  ids: Float64Array,
  search: string,
  tz: string | undefined,
  lo: number,
  hi: number,
): (i: number) => boolean {
  if (hi <= lo) return () => false;
  const key = JSON.stringify([search, tz ?? null, lo, hi]);
  let cache = kept.get(ids);
  if (!cache) {
    cache = new Map();
    kept.set(ids, cache);
  }
  let bits = cache.get(key);
  if (!bits) {
    bits = bitmap(db, ids, search, tz, lo, hi);
    cache.set(key, bits);
    while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  }
  const b = bits;
  return (i) => b[i - lo] === 1;
}

function bitmap(db: CaseDb, ids: Float64Array, search: string, tz: string | undefined, lo: number, hi: number) {
  const bits = new Uint8Array(hi - lo);
  const plan = compileSearch(db, search, { tz });
  if (!plan) return bits.fill(1);
  const where = plan.conds.map((c) => c.sql);
  const args = plan.conds.flatMap((c) => c.args);
  const first = ids[lo];
  const last = ids[hi - 1];
  let sql: string;
  let all: unknown[];
  if (plan.fts) {
    sql =
      where.length === 0
        ? 'SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid'
        : `SELECT f.rowid FROM events_fts f JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND ${where.join(' AND ')} ORDER BY f.rowid`;
    all = [plan.fts, first, last, ...args];
  } else if (plan.postings) {
    // The value index narrows; the conditions (never empty with postings) decide.
    sql = `SELECT f.rowid FROM search_postings f JOIN events e ON e.id = f.rowid WHERE search_postings MATCH ? AND f.rowid BETWEEN ? AND ? AND ${where.join(' AND ')} ORDER BY f.rowid`;
    all = [plan.postings, first, last, ...args];
  } else {
    sql = `SELECT e.id FROM events e WHERE e.id BETWEEN ? AND ?${where.length ? ' AND ' + where.join(' AND ') : ''} ORDER BY e.id`;
    all = [first, last, ...args];
  }
  // Both lists are in id order: one merge walk.
  let p = lo;
  for (const id of db
    .prepare(sql)
    .pluck()
    .iterate(...all) as Iterable<number>) {
    while (p < hi && ids[p] < id) p++;
    if (p >= hi) break;
    if (ids[p] === id) bits[p - lo] = 1;
  }
  return bits;
}
