// The data exposure of sessions and identities (core/derive/exposure.ts): what they read and how much, as the
// sources state it, with the events behind each number. Attached to `sessions.list/get` and
// `identities.list/get`, shown in the identity pane and the report.
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import type { ExposureAmount, ExposureJson } from '../model/exposure.js';

export type { ExposureAmount, ExposureJson } from '../model/exposure.js';

interface Row {
  owner_id: number;
  events: number;
  rows_read: number;
  rows_events: number;
  bytes_read: number;
  bytes_events: number;
  items_read: number;
  items_events: number;
  objects: number;
  object_events: number;
  columns: number;
  first_ts: number;
  last_ts: number;
  sources: string;
  by_source: string;
  top_objects: string;
  top_columns: string;
  evidence: string;
}

function toJson(r: Row): ExposureJson {
  const evidence = JSON.parse(r.evidence) as Record<string, [number, number][]>;
  const amount = (total: number, events: number, key: string): ExposureAmount | null =>
    events > 0 ? { total, events, top_events: evidence[key] ?? [] } : null;
  return {
    events: r.events,
    first: formatMicros(r.first_ts),
    last: formatMicros(r.last_ts),
    sources: r.sources ? r.sources.split(',') : [],
    by_source: Object.entries(JSON.parse(r.by_source) as Record<string, number[]>).map(([source, v]) => ({
      source,
      events: v[0],
      rows: v[1],
      bytes: v[2],
      items: v[3],
      object_reads: v[4],
    })),
    rows: amount(r.rows_read, r.rows_events, 'rows'),
    bytes: amount(r.bytes_read, r.bytes_events, 'bytes'),
    items: amount(r.items_read, r.items_events, 'items'),
    objects:
      r.objects > 0
        ? {
            distinct: r.objects,
            events: r.object_events,
            top: (JSON.parse(r.top_objects) as [string, number, number][]).map(([name, events, first]) => ({
              name,
              events,
              first_event: first,
            })),
          }
        : null,
    columns: r.columns > 0 ? { distinct: r.columns, top: JSON.parse(r.top_columns) as string[] } : null,
  };
}

const COLS = `owner_id, events, rows_read, rows_events, bytes_read, bytes_events, items_read, items_events, objects,
  object_events, columns, first_ts, last_ts, sources, by_source, top_objects, top_columns, evidence`;

/** The exposure of the given sessions or identities (owners that read nothing are absent). */
export function exposureOf(db: CaseDb, scope: 'session' | 'identity', ids: number[]): Map<number, ExposureJson> {
  const out = new Map<number, ExposureJson>();
  if (ids.length === 0) return out;
  // By primary key, 500 owners a statement: reading the scope's every row for a long list (a page of 1,000 sessions)
  // read hundreds of thousands of rows on a 10M-event case (6–12 s for sessions.list of one identity).
  for (let k = 0; k < ids.length; k += 500) {
    const chunk = ids.slice(k, k + 500);
    const rows = db
      .prepare(`SELECT ${COLS} FROM exposure WHERE scope = ? AND owner_id IN (${chunk.map(() => '?').join(',')})`)
      .all(scope, ...chunk) as Row[];
    for (const r of rows) out.set(r.owner_id, toJson(r));
  }
  return out;
}
