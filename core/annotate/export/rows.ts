// The rows every export writes: events (all that match a filter, or only those the analysts annotated) with
// the annotations of the selected layers folded in, and the manual analyst events. Streamed in keyset pages,
// so memory stays flat on any case size.
import type { CaseDb } from '../../casefile/open.js';
import { queryEvents, type EventFilter } from '../../query/events.js';
import type { EventJson } from '../../query/event-json.js';
import { RawReader } from '../../casefile/raw.js';
import { listAnnotations } from '../annotations.js';
import { listFindings } from '../findings.js';
import { markdownToText } from '../../../lib/markdown.js';

export interface EventAnnotations {
  tags: string[];
  notes: { text: string; author: string | null; at: string; layer: string }[];
  findings: { id: number; title: string; severity: string; status: string }[];
  bookmarked: boolean;
  promoted: boolean;
  layers: string[];
}

export interface AnnotatedEvent {
  event: EventJson;
  raw: string | null;
  /** The importer's facts about the event (core/model/facts.ts), when the writer asked for them. */
  facts?: Record<string, string>;
  annotations: EventAnnotations;
  evidence: { name: string; path: string; sha256: string };
}

export interface RowOptions {
  filter?: EventFilter;
  annotationsOnly?: boolean;
  layerIds: number[];
  raw: boolean;
  /** Read each event's facts too (the ECS export carries them, so a re-import derives the same). */
  facts?: boolean;
}

const PAGE = 2000;

export function emptyAnnotations(): EventAnnotations {
  return { tags: [], notes: [], findings: [], bookmarked: false, promoted: false, layers: [] };
}

/** Event ids carrying any annotation of the selected layers, in id order. */
function annotatedIds(db: CaseDb, layerIds: number[]): number[] {
  const ids = new Set<number>();
  let after: number | undefined;
  for (;;) {
    const page = listAnnotations(db, { layerIds, limit: 20_000, after });
    if (page.length === 0) break;
    for (const a of page) if (a.target.kind === 'event') ids.add(a.target.id);
    after = page[page.length - 1].id;
  }
  return [...ids].sort((a, b) => a - b);
}

export function* annotatedEvents(db: CaseDb, o: RowOptions): Generator<AnnotatedEvent[]> {
  const findings = new Map(listFindings(db).map((f) => [f.id, f]));
  const evidence = new Map(
    (
      db.prepare('SELECT id, name, path, sha256 FROM evidence').all() as {
        id: number;
        name: string;
        path: string;
        sha256: string;
      }[]
    ).map((e) => [e.id, e]),
  );
  const raw = new RawReader(db);
  const rawStmt = db.prepare('SELECT raw_block, raw_offset, raw_length FROM events WHERE id = ?');
  const only = o.annotationsOnly ? annotatedIds(db, o.layerIds) : null;
  let after: number | undefined;
  for (let i = 0; ; i += PAGE) {
    let page: EventJson[];
    if (only) {
      const ids = only.slice(i, i + PAGE);
      if (ids.length === 0) break;
      page = queryEvents(db, { ...o.filter, ids }, { limit: PAGE });
    } else {
      page = queryEvents(db, o.filter ?? {}, { limit: PAGE, after });
      if (page.length === 0) break;
      after = page[page.length - 1].id;
    }
    const byEvent = new Map<number, EventAnnotations>();
    for (const a of listAnnotations(db, { layerIds: o.layerIds, eventIds: page.map((e) => e.id), limit: 100_000 })) {
      if (a.target.kind !== 'event') continue;
      const x = byEvent.get(a.target.id) ?? emptyAnnotations();
      byEvent.set(a.target.id, x);
      if (!x.layers.includes(a.layer)) x.layers.push(a.layer);
      if (a.kind === 'tag' && !x.tags.includes(a.tag!)) x.tags.push(a.tag!);
      if (a.kind === 'note')
        x.notes.push({
          text: markdownToText(a.body ?? ''),
          author: a.updated_by ?? a.created_by,
          at: a.updated_at,
          layer: a.layer,
        });
      if (a.kind === 'bookmark') x.bookmarked = true;
      if (a.kind === 'promote') x.promoted = true;
      if (a.kind === 'cite') {
        const f = findings.get(a.finding_id!);
        if (f && !x.findings.some((y) => y.id === f.id))
          x.findings.push({ id: f.id, title: f.title, severity: f.severity, status: f.status });
      }
    }
    const facts = o.facts
      ? factsOf(
          db,
          page.map((e) => e.id),
        )
      : null;
    yield page.map((event) => {
      const ev = evidence.get(event.evidence);
      let text: string | null = null;
      if (o.raw) {
        const loc = rawStmt.get(event.id) as { raw_block: number; raw_offset: number; raw_length: number };
        text = raw.read(loc.raw_block, loc.raw_offset, loc.raw_length).toString('utf8');
      }
      return {
        event,
        raw: text,
        ...(facts ? { facts: facts.get(event.id) ?? {} } : {}),
        annotations: byEvent.get(event.id) ?? emptyAnnotations(),
        evidence: { name: ev?.name ?? '', path: ev?.path ?? '', sha256: ev?.sha256 ?? '' },
      };
    });
  }
}

/** The facts of a page of events, by event id ('\n'-joined when a key has several rows). */
function factsOf(db: CaseDb, ids: number[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  if (ids.length === 0) return out;
  const rows = db
    .prepare(`SELECT event_id, key, value FROM event_facts WHERE event_id IN (${ids.map(() => '?').join(',')})`)
    .raw(true)
    .all(...ids) as [number, string, string][];
  for (const [id, k, v] of rows) {
    let f = out.get(id);
    if (!f) out.set(id, (f = {}));
    f[k] = f[k] === undefined ? v : `${f[k]}\n${v}`;
  }
  return out;
}
