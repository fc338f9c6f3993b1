// What the annotate bar marks: chosen events (grid rows, timeline items, a graph edge's events) or every event a
// filter matches (all results of a search, resolved by the core in one audited call: annotations.bulk).
import type { Params } from '../../lib/contract';

export type EventFilter = NonNullable<Params<'events.list'>['filter']>;

export type AnnotateTarget =
  { kind: 'events'; ids: number[] } | { kind: 'query'; filter: EventFilter; count: number | null; label: string };

/** The most events one call marks (annotations.add / annotations.bulk refuse more). */
export const BULK_MAX = 50_000;

export function targetCount(t: AnnotateTarget): number | null {
  return t.kind === 'events' ? t.ids.length : t.count;
}
