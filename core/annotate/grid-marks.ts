// What the Events grid paints on the rows it shows: each event's tags (with their colours), the colours of the
// layers it is annotated in, and the first of the given colour rules that matches it. Asked for the rendered rows
// only (a page at a time), so a case with millions of events costs one small query per page.
import type { CaseDb } from '../casefile/open.js';
import { queryEvents } from '../query/events.js';
import { colorFor } from './palette.js';

export interface GridMark {
  id: number;
  tags: { name: string; color: string }[];
  /** Colours of the layers the event is annotated in (any kind of annotation), in layer order. */
  layers: { name: string; color: string }[];
  /** Index of the first colour rule that matches the event, or null. */
  rule: number | null;
}

export function gridMarks(db: CaseDb, ids: number[], rules: string[]): GridMark[] {
  const marks = new Map<number, GridMark>();
  const mark = (id: number) => {
    let m = marks.get(id);
    if (!m) marks.set(id, (m = { id, tags: [], layers: [], rule: null }));
    return m;
  };
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT a.event_id AS id, a.kind, a.tag, l.name AS layer, l.color AS layer_color, tc.color AS tag_color
       FROM annotations a JOIN layers l ON l.id = a.layer_id LEFT JOIN tag_colors tc ON tc.name = a.tag
       WHERE a.target_kind = 'event' AND a.deleted_at IS NULL AND a.event_id IN (${ids.map(() => '?').join(',')})
       ORDER BY l.position, l.id, a.id`,
    )
    .all(...ids) as {
    id: number;
    kind: string;
    tag: string | null;
    layer: string;
    layer_color: string;
    tag_color: string | null;
  }[];
  for (const r of rows) {
    const m = mark(r.id);
    if (r.tag !== null && !m.tags.some((t) => t.name.toLowerCase() === r.tag!.toLowerCase()))
      m.tags.push({ name: r.tag, color: r.tag_color ?? colorFor(r.tag) });
    if (!m.layers.some((l) => l.name === r.layer)) m.layers.push({ name: r.layer, color: r.layer_color });
  }
  // Rules in order: each one only over the ids no earlier rule took.
  let left = ids;
  rules.forEach((q, i) => {
    if (left.length === 0) return;
    const hit = new Set(queryEvents(db, { search: q, ids: left }, { limit: left.length }).map((e) => e.id));
    for (const id of hit) mark(id).rule = i;
    left = left.filter((id) => !hit.has(id));
  });
  return [...marks.values()].sort((a, b) => a.id - b.id);
}
