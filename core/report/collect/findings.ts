// One finding as the report tells it: its claim, its references and tags, its notes, the events cited for it
// (numbered in time order, the same numbers on its timeline), the manual events and other targets it cites.
import type { Finding } from '../../model/annotation.js';
import { findingCitations } from '../../annotate/findings.js';
import { listAnnotations } from '../../annotate/annotations.js';
import { listManualEvents } from '../../annotate/manual-events.js';
import { describeReference } from '../../annotate/references.js';
import { formatMicros } from '../../model/time.js';
import type { Chip, EventModel, FindingModel, ManualModel, OtherCitation } from '../model.js';
import { timelineSvg, timelineLegend } from '../svg/timeline.js';
import { eventModels, noteModel } from './events.js';
import { detectionsOn } from './detections.js';
import type { CollectContext } from './context.js';

const MAX_LANES = 10;
const MAX_CONTEXT = 20_000;

function otherLabel(
  o: { target_kind: string; target: string | null; scope: string | null; from_ts: number | null; to_ts: number | null },
  c: CollectContext,
): string {
  switch (o.target_kind) {
    case 'range':
      return `time range ${c.clock.full(o.from_ts!)} – ${c.clock.full(o.to_ts!)}${o.scope ? ` of ${o.scope}` : ''}`;
    case 'session':
      return o.target !== null ? `session ${o.target}` : `session of ${o.scope} from ${c.clock.full(o.from_ts!)}`;
    default:
      return `${o.target_kind} ${o.target ?? ''}`;
  }
}

/** Cited sessions and time ranges stand for their events (at most MAX_TARGET_EVENTS each, earliest first). */
const MAX_TARGET_EVENTS = 500;

function eventsOfTarget(
  db: CollectContext['handle']['db'],
  o: { target_kind: string; target: string | null; scope: string | null; from_ts: number | null; to_ts: number | null },
): number[] {
  const pluck = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .all(...args, MAX_TARGET_EVENTS) as number[];
  if (o.target_kind === 'session' && o.target !== null)
    return pluck('SELECT id FROM events WHERE session_key = ? ORDER BY id LIMIT ?', o.target);
  if ((o.target_kind === 'session' || o.target_kind === 'range') && o.from_ts !== null && o.to_ts !== null) {
    const lo = Math.floor(o.from_ts / 1000) * 1024;
    const hi = (Math.floor(o.to_ts / 1000) + 2) * 1024;
    if (o.scope === null)
      return o.target_kind === 'range'
        ? pluck(
            'SELECT id FROM events WHERE id >= ? AND id < ? AND ts >= ? AND ts < ? ORDER BY id LIMIT ?',
            lo,
            hi,
            o.from_ts,
            o.to_ts,
          )
        : [];
    return pluck(
      `SELECT e.id FROM events e LEFT JOIN identities i ON i.id = e.identity_id
       WHERE e.id >= ? AND e.id < ? AND e.ts >= ? AND e.ts < ? AND (i.name = ? OR e.principal = ?) ORDER BY e.id LIMIT ?`,
      lo,
      hi,
      o.from_ts,
      o.to_ts,
      o.scope,
      o.scope,
    );
  }
  return [];
}

/** Lanes: the identities of the cited events, busiest first; the rest share one lane. */
function lanesOf(events: EventModel[]): { lanes: string[]; laneOf: (identity: string) => number } {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.identity, (counts.get(e.identity) ?? 0) + 1);
  const names = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  const kept = names.slice(0, names.length > MAX_LANES ? MAX_LANES - 1 : MAX_LANES);
  const lanes = names.length > kept.length ? [...kept, `${names.length - kept.length} other identities`] : kept;
  const index = new Map(kept.map((n, i) => [n, i]));
  return { lanes, laneOf: (identity) => index.get(identity) ?? kept.length };
}

function contextEvents(
  c: CollectContext,
  events: EventModel[],
  from: number,
  to: number,
  laneOf: (identity: string) => number,
): { ts: number; lane: number }[] {
  const principals = [...new Set(events.map((e) => e.principal).filter((p): p is string => p !== null))].slice(0, 200);
  if (principals.length === 0) return [];
  const identityOf = new Map(events.map((e) => [e.principal, e.identity]));
  const rows = c.handle.db
    .prepare(
      `SELECT ts, principal FROM events WHERE id >= ? AND id < ? AND principal IN (${principals.map(() => '?').join(',')}) LIMIT ?`,
    )
    .all(Math.floor(from / 1000) * 1024, (Math.floor(to / 1000) + 2) * 1024, ...principals, MAX_CONTEXT) as {
    ts: number;
    principal: string;
  }[];
  return rows.map((r) => ({ ts: r.ts, lane: laneOf(identityOf.get(r.principal) ?? r.principal) }));
}

export function findingModel(c: CollectContext, f: Finding, label: string): FindingModel {
  const db = c.handle.db;
  const cites = findingCitations(db, f.id);
  const captions = new Map(cites.events.map((e) => [e.id, e.caption]));
  // A cited session (or time range) cites its events: the report shows them, numbered with the others.
  const ids = new Set(cites.events.map((e) => e.id));
  for (const o of cites.other)
    for (const id of eventsOfTarget(db, o)) {
      ids.add(id);
      if (!captions.has(id)) captions.set(id, o.caption ?? `in the cited ${otherLabel(o, c)}`);
    }
  const events = eventModels(c, [...ids], captions);
  const manual: ManualModel[] = listManualEvents(db, { ids: cites.manual }).map((m) => ({
    id: m.id,
    time: c.clock.full(m.ts),
    ts: c.clock.us(m.ts),
    kind: m.kind,
    title: m.title,
    markdown: m.body,
    identity: m.identity,
    resource: m.resource,
    author: m.created_by,
  }));
  const other: OtherCitation[] = cites.other.map((o) => ({
    kind: o.target_kind,
    label: otherLabel(o, c),
    caption: o.caption,
  }));
  const onFinding = listAnnotations(db, {
    layerIds: c.layerIds,
    target: { kind: 'finding', id: f.id },
    kinds: ['tag', 'note'],
  });
  const tags: Chip[] = [];
  const addTag = (name: string, color: string) => {
    if (!tags.some((t) => t.name.toLowerCase() === name.toLowerCase())) tags.push({ name, color });
  };
  for (const a of onFinding) if (a.kind === 'tag') addTag(a.tag!, a.tag_color ?? c.tagColor(a.tag!));
  for (const e of events) for (const t of e.tags) addTag(t.name, t.color);
  const times = [...events.map((e) => e.ts), ...manual.map((m) => m.ts)];
  const from = times.length ? Math.min(...times) : null;
  const to = times.length ? Math.max(...times) : null;
  let svg = '';
  if (from !== null && to !== null) {
    const { lanes, laneOf } = lanesOf(events);
    const labelled = events.length <= 60;
    // Wide enough to show the identities' routine activity around the cited events, which is what makes them stand out.
    const pad = Math.max(5 * 60_000_000, (to - from) * 0.25);
    svg =
      timelineSvg({
        lanes,
        title: `Timeline of ${label}: ${f.title}`,
        from: from - pad,
        to: to + pad,
        clock: c.clock,
        marks: events.map((e) => ({
          ts: e.ts,
          lane: laneOf(e.identity),
          category: e.category,
          failed: e.outcome === 'failure',
          label: labelled ? String(e.n) : null,
        })),
        context: contextEvents(c, events, from - pad, to + pad, laneOf),
        manual: manual.map((m) => ({ ts: m.ts, label: m.title })),
      }) +
      timelineLegend(
        [...new Set(events.map((e) => e.category))],
        events.some((e) => e.outcome === 'failure'),
        manual.length > 0,
      );
  }
  return {
    label,
    anchor: `finding-${f.id}`,
    id: f.id,
    title: f.title,
    severity: f.severity,
    status: f.status,
    layer: { name: f.layer, color: '' },
    refs: f.refs.map((r) => {
      const d = describeReference(r);
      return { id: r, title: d?.title ?? null, framework: d?.framework ?? null };
    }),
    tags,
    markdown: f.body,
    notes: onFinding.filter((a) => a.kind === 'note').map((a) => noteModel(c, a, 'finding')),
    events,
    manual,
    other,
    missing: cites.missing.length,
    first: from === null ? null : c.clock.full(from),
    last: to === null ? null : c.clock.full(to),
    timelineSvg: svg,
    author: f.created_by,
    created_at: formatMicros(Date.parse(f.created_at) * 1000),
    updated_at: f.updated_at,
    identities: [...new Set(events.map((e) => e.identity))],
    detections: detectionsOn(
      db,
      events.map((e) => e.id),
    ),
  };
}
