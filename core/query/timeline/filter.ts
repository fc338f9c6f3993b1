// Which events of the column index a timeline filter keeps, as one predicate over index positions. Identity and
// session are resolved the way `events --identity/--session` resolves them (core/query/identity-filter.ts), so the
// timeline and the event grid agree on what a filter selects.
import type { CaseDb } from '../../casefile/open.js';
import { CATEGORIES, OUTCOMES } from '../../model/event.js';
import { resolveIdentityIds, resolveSessions } from '../identity-filter.js';
import { searchMatcher } from '../timeline-search.js';
import { CAT_CODE, OUT_CODE, type LaneKey, type TimelineIndex } from './column-index.js';

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

/** True for the index positions the filter keeps. */
export type Matcher = (i: number) => boolean;

/** Lane codes whose key satisfies `want`. */
function lanesWhere(lanes: LaneKey[], want: (l: LaneKey) => boolean): Set<number> {
  const out = new Set<number>();
  lanes.forEach((l, code) => {
    if (want(l)) out.add(code);
  });
  return out;
}

/** Codes of the listed names (unknown names select nothing) as a lookup table. */
function codeTable(names: string[], codes: Map<string, number>, size: number): Uint8Array {
  const want = new Uint8Array(size);
  for (const name of names) {
    const code = codes.get(name);
    if (code !== undefined) want[code] = 1;
  }
  return want;
}

/**
 * The filter as a predicate over index positions; null when it keeps everything. [lo, hi) bounds the positions it
 * will be asked about (a search resolves its matches for that slice only).
 */
export function matcher(
  db: CaseDb,
  ix: TimelineIndex,
  f: TimelineFilter | undefined,
  lo = 0,
  hi = ix.n,
): Matcher | null {
  if (!f) return null;
  const tests: Matcher[] = [];
  if (f.identity) {
    const name = f.identity;
    const ids = new Set(resolveIdentityIds(db, name));
    const want = lanesWhere(
      ix.identityLanes,
      (l) => (l.kind === 'identity' && ids.has(l.ref as number)) || (l.kind === 'principal' && l.ref === name),
    );
    tests.push((i) => want.has(ix.identityLane[i]));
  }
  if (f.session) {
    const key = f.session;
    // A derived session id (S12 or 12), or a log session key: every derived session of that key, and the key's
    // own lane for events not derived yet.
    const sessions = new Set(resolveSessions(db, key).map((s) => s.id));
    const want = lanesWhere(
      ix.sessionLanes,
      (l) => (l.kind === 'session' && sessions.has(l.ref as number)) || (l.kind === 'key' && l.ref === key),
    );
    tests.push((i) => want.has(ix.sessionLane[i]));
  }
  if (f.categories && f.categories.length > 0) {
    const want = codeTable(f.categories, CAT_CODE, CATEGORIES.length);
    tests.push((i) => want[ix.cat[i]] === 1);
  }
  if (f.outcomes && f.outcomes.length > 0) {
    const want = codeTable(f.outcomes, OUT_CODE, OUTCOMES.length);
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
