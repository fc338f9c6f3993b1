// The grouped grid's header rows: every value of one column over the events a filter matches, with its count,
// paged. A column may hold 100,000 distinct values (resources, user agents): the grid asks for the page of headers
// it scrolls to, and the whole list is counted once (one GROUP BY pass) and kept for the case state it was counted
// in, so paging through it does not pass over the events again. Keyed like the match cache; dropped when the case
// changes.
import type { CaseDb } from '../casefile/open.js';
import { caseSignature } from './timeline.js';
import { groupCounts, type EventFilter, type FacetColumn, type GroupCount } from './events.js';
import { nameMaps } from './names.js';

export interface GroupHeader {
  /** What the grid shows (an identity's name for `identity`); null: the events hold no value. */
  value: string | null;
  /** The exact value to filter the group's rows with (EventFilter.group.key). */
  key: string | null;
  count: number;
}

export interface GroupPage {
  groups: GroupHeader[];
  /** How many groups there are in all (the grid's header rows). */
  distinct: number;
  /** How many events the filter matches (for `flags`, the groups may overlap: their counts sum to more). */
  events: number;
}

const ENTRIES = 8;
const caches = new WeakMap<CaseDb, { sig: string; map: Map<string, { counts: GroupCount[]; events: number }> }>();

function counted(db: CaseDb, f: EventFilter, column: FacetColumn): { counts: GroupCount[]; events: number } {
  const sig = caseSignature(db);
  let c = caches.get(db);
  if (!c || c.sig !== sig) {
    c = { sig, map: new Map() };
    caches.set(db, c);
  }
  const q = groupCounts(db, f, column);
  const hit = c.map.get(q.key);
  if (hit) {
    c.map.delete(q.key); // most recently used last
    c.map.set(q.key, hit);
    return hit;
  }
  const v = q.count();
  c.map.set(q.key, v);
  while (c.map.size > ENTRIES) c.map.delete(c.map.keys().next().value as string);
  return v;
}

export function groupEvents(db: CaseDb, f: EventFilter, column: FacetColumn, offset: number, limit: number): GroupPage {
  const { counts, events } = counted(db, f, column);
  const page = counts.slice(offset, offset + limit);
  const names =
    column === 'identity'
      ? nameMaps(
          db,
          page.flatMap((g) => (g.key !== null ? [Number(g.key)] : [])),
          [],
        ).identity
      : null;
  return {
    groups: page.map((g) => ({
      value: g.key === null ? null : names ? (names.get(Number(g.key)) ?? g.key) : g.key,
      key: g.key,
      count: g.count,
    })),
    distinct: counts.length,
    events,
  };
}
