// The curated case timeline (the IRIS-NG "master" timeline): events the analyst promoted out of the raw
// timeline, and manual events, in time order. Everything else stays in the working timeline.
import type { CaseDb } from '../casefile/open.js';
import { parseIsoMicros } from '../model/time.js';
import { eventsByIds } from './events-by-id.js';
import type { EventJson } from '../query/event-json.js';
import type { ManualEvent } from '../model/annotation.js';
import { listAnnotations } from './annotations.js';
import { listManualEvents } from './manual-events.js';

export type CaseTimelineEntry =
  | { type: 'event'; ts: string; event: EventJson; promoted_by: string | null; annotation: number }
  | { type: 'manual'; ts: string; manual: ManualEvent };

/** Promoted event ids of the given layers (re-anchored), with the promoting annotation. */
export function promotedEvents(
  db: CaseDb,
  layerIds?: number[],
): Map<number, { annotation: number; by: string | null }> {
  const out = new Map<number, { annotation: number; by: string | null }>();
  for (const a of listAnnotations(db, { layerIds, kinds: ['promote'], limit: 100_000 })) {
    if (a.target.kind === 'event' && !out.has(a.target.id))
      out.set(a.target.id, { annotation: a.id, by: a.created_by });
  }
  return out;
}

export function caseTimeline(db: CaseDb, layerIds?: number[]): CaseTimelineEntry[] {
  const promoted = promotedEvents(db, layerIds);
  const ids = [...promoted.keys()];
  const events = eventsByIds(db, ids);
  const entries: CaseTimelineEntry[] = events.map((e) => ({
    type: 'event',
    ts: e.ts,
    event: e,
    promoted_by: promoted.get(e.id)!.by,
    annotation: promoted.get(e.id)!.annotation,
  }));
  for (const m of listManualEvents(db, { layerIds })) entries.push({ type: 'manual', ts: m.ts, manual: m });
  // ISO strings mix millisecond and microsecond precision, so compare instants; a manual event sorts after the
  // logged events of its instant.
  const us = (e: CaseTimelineEntry) => parseIsoMicros(e.ts) ?? 0;
  return entries.sort((a, b) => us(a) - us(b) || (a.type === b.type ? 0 : a.type === 'event' ? -1 : 1));
}
