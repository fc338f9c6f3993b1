// The complete, sorted id list of a filter that matches few events, kept for the case state it was computed in.
// A filter no index can answer (`ua:*curl*`, `-outcome:success action:*Secret*`) costs one pass over the events;
// when it matches few, that pass already found every match, so the grid's count, its pages, seeks and the
// timeline reuse the list instead of passing over the table again. Dense filters are not kept: their pages stop
// early in id order anyway. Keyed by the compiled SQL and its arguments; dropped whenever the case changes.
import type { CaseDb } from '../casefile/open.js';
import { caseSignature } from './timeline.js';

/** Filters matching more than this are not kept (≤ 80 kB of ids each). */
export const MAX_KEPT = 10_000;
/**
 * How far a count looks for "few" before counting in SQL: finding the 2,000th match of a dense filter costs a
 * sliver of a pass, finding the 10,000th of a 3 % filter a third of one.
 */
export const PROBE = 2_000;
const ENTRIES = 16;

const caches = new WeakMap<CaseDb, { sig: string; map: Map<string, number[]> }>();

function cacheFor(db: CaseDb): Map<string, number[]> {
  const sig = caseSignature(db);
  let c = caches.get(db);
  if (!c || c.sig !== sig) {
    c = { sig, map: new Map() };
    caches.set(db, c);
  }
  return c.map;
}

export function matchKey(sql: string, args: unknown[]): string {
  return JSON.stringify([sql, args]);
}

export function keptMatches(db: CaseDb, key: string): number[] | undefined {
  const map = cacheFor(db);
  const ids = map.get(key);
  if (ids) {
    map.delete(key);
    map.set(key, ids); // most recently used last
  }
  return ids;
}

export function keepMatches(db: CaseDb, key: string, ids: number[]): void {
  if (ids.length > MAX_KEPT) return;
  const map = cacheFor(db);
  map.set(key, ids);
  while (map.size > ENTRIES) map.delete(map.keys().next().value as string);
}

/** First index in sorted `a` with a[i] > v. */
export function upperBound(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A page of a kept list: ids after (asc) / before (desc) the cursor, at most `limit`. */
export function pageOf(ids: number[], after: number | undefined, limit: number, desc: boolean): number[] {
  if (!desc) {
    const from = after === undefined ? 0 : upperBound(ids, after);
    return ids.slice(from, from + limit);
  }
  let end = after === undefined ? ids.length : upperBound(ids, after - 1);
  const out: number[] = [];
  while (end > 0 && out.length < limit) out.push(ids[--end]);
  return out;
}
