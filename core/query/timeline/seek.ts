// Seeking the virtualized grid: row N of the time-ordered event list in one binary search (no filter) or one pass
// over the index (filter).
import type { CaseDb } from '../../casefile/open.js';
import { SLOTS_PER_MS } from '../../evidence/event-ids.js';
import { lowerBound, timelineIndex } from './column-index.js';
import { matcher, type TimelineFilter } from './filter.js';

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
