// Google Workspace audit activity (Admin SDK Reports API): `activities.list` pages as saved from the API
// (`{"kind":"admin#reports#activities","items":[…]}`), activities one per line or in an array (log shippers,
// rule-test exports that flatten the event into the activity), BigQuery export rows of the activity table, and
// GAM `report` CSV. Applications: login, token (OAuth grants, revocations and API use by client id and scopes),
// admin, drive, saml, user_accounts, gmail, and any other the API reports, by their event names.
//
// Records and events: an activity holds `events[]`, usually one. An activity with one event is one record and one
// event (its bytes are the whole activity). An activity with several is expanded: each `events[]` entry is a record
// of its own (its exact bytes), normalized with the activity's actor, time and address. A saved API page is
// expanded the same way into its activities (or their events): the page's metadata (`etag`, `nextPageToken`) is
// no event. Field notes and the principal rule: event.ts; the format's page: README.md.
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { sampleScore } from '../util/detect.js';
import { get, isObj, key, type Obj } from '../util/fields.js';
import { sliceAt, type Slice } from '../util/json-slices.js';
import { PartMaker } from '../util/parts.js';
import { normalizeEvent, type ActivityContext, type WsEvent } from './event.js';
import { activityContext, activityEvents, bigQueryRow, gamRow, shapeOf } from './activity.js';

function scoreRecord(v: unknown): number {
  if (!isObj(v)) return 0;
  const shape = shapeOf(v);
  if (shape === 'page') {
    const items = key(v, 'items');
    const first = Array.isArray(items) ? items[0] : undefined;
    return key(v, 'kind') === 'admin#reports#activities' ? 0.95 : first && scoreRecord(first) > 0 ? 0.8 : 0;
  }
  if (shape === 'bigquery') return key(v, 'event_name') !== undefined ? 0.85 : 0.7;
  const app = get(v, 'id', 'applicationName');
  if (typeof app !== 'string') return 0;
  let s = 0.6;
  if (key(v, 'kind') === 'admin#reports#activity') s += 0.3;
  if (Array.isArray(key(v, 'events')) || typeof key(v, 'name') === 'string') s += 0.1;
  if (isObj(key(v, 'actor'))) s += 0.05;
  return Math.min(s, 0.95);
}

function detect(sample: Sample): number {
  if (sample.csvHeader) {
    const h = new Set(sample.csvHeader);
    return h.has('id.time') && h.has('id.applicationName') && (h.has('name') || h.has('actor.email')) ? 0.85 : 0;
  }
  return sampleScore(sample.values, scoreRecord);
}

interface Located {
  part: InputRecord;
  ctx: ActivityContext;
  ev: WsEvent | null;
}

class WorkspaceParser implements RecordParser {
  private readonly parts = new PartMaker();

  push(rec: InputRecord, sink: Sink): void {
    const v = rec.value;
    if (!isObj(v)) return sink.reject(rec, 'not a JSON object');
    if (!isObj(v.id) && isGamRow(v)) {
      const { ctx, ev } = gamRow(v as Record<string, string>);
      return this.emit(rec, ctx, ev, sink);
    }
    const shape = shapeOf(v);
    if (shape === 'bigquery') {
      const { ctx, ev } = bigQueryRow(v);
      return this.emit(rec, ctx, ev, sink);
    }
    if (shape === 'page') return this.page(rec, v, sink);
    if (shape !== 'activity') return sink.reject(rec, 'not a Workspace activity (no id.applicationName and time)');
    const events = activityEvents(v);
    const ctx = activityContext(v);
    if (events.length <= 1) return this.emit(rec, ctx, events[0] ?? null, sink);
    const located = this.split(rec, v, ctx, events, sink);
    if (!located) return;
    sink.expand(
      rec,
      located.map((l) => l.part),
    );
    for (const l of located) this.emit(l.part, l.ctx, l.ev, sink);
  }

  end(): void {}

  private emit(rec: InputRecord, ctx: ActivityContext, ev: WsEvent | null, sink: Sink): void {
    if (!ev) return sink.reject(rec, 'an activity with no events: nothing says what happened');
    const out = normalizeEvent(ctx, ev);
    if (typeof out === 'string') sink.reject(rec, out);
    else sink.event(out, rec);
  }

  /** The `events[]` entries of an activity record, as parts (each its own bytes). */
  private split(rec: InputRecord, v: Obj, ctx: ActivityContext, events: WsEvent[], sink: Sink): Located[] | null {
    const slices = sliceAt(rec.bytes, ['events', '*']);
    if (slices.length !== events.length) {
      sink.reject(
        rec,
        `cannot locate the bytes of its ${events.length} events (found ${slices.length}; duplicate keys?)`,
      );
      return null;
    }
    const raw = key(v, 'events') as unknown[];
    return slices.map((s, i) => ({ part: this.part(rec, s, i, raw[i]), ctx, ev: events[i] }));
  }

  private page(rec: InputRecord, v: Obj, sink: Sink): void {
    const items = key(v, 'items');
    if (!Array.isArray(items) || items.length === 0)
      return sink.reject(rec, 'a Reports API page with no activities (items is empty or absent)');
    const slices = sliceAt(rec.bytes, ['items', '*']);
    if (slices.length !== items.length)
      return sink.reject(rec, `cannot locate the bytes of its ${items.length} activities (found ${slices.length})`);
    const located: Located[] = [];
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      const slice = slices[i];
      if (!isObj(a)) {
        located.push({ part: this.part(rec, slice, located.length, a), ctx: NO_CONTEXT, ev: null });
        continue;
      }
      const ctx = activityContext(a);
      const events = activityEvents(a);
      if (events.length <= 1) {
        located.push({ part: this.part(rec, slice, located.length, a), ctx, ev: events[0] ?? null });
        continue;
      }
      const sub = sliceAt(rec.bytes.subarray(slice.start, slice.end), ['events', '*']);
      if (sub.length !== events.length)
        return sink.reject(rec, `cannot locate the bytes of the events of activity ${i + 1} (duplicate keys?)`);
      const raw = key(a, 'events') as unknown[];
      sub.forEach((s, j) =>
        located.push({
          part: this.part(rec, { start: slice.start + s.start, end: slice.start + s.end }, located.length, raw[j]),
          ctx,
          ev: events[j],
        }),
      );
    }
    sink.expand(
      rec,
      located.map((l) => l.part),
    );
    for (const l of located) {
      if (l.ctx === NO_CONTEXT) sink.reject(l.part, 'activity is not a JSON object');
      else this.emit(l.part, l.ctx, l.ev, sink);
    }
  }

  private part(container: InputRecord, slice: Slice, i: number, value: unknown): InputRecord {
    return this.parts.part(container, slice, i, value);
  }
}

const NO_CONTEXT = activityContext({});

/** A CSV row of GAM's report: dotted activity columns. */
function isGamRow(v: Obj): boolean {
  return typeof v['id.time'] === 'string' || typeof v['id.applicationName'] === 'string';
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'any',
  detect,
  createParser: () => new WorkspaceParser(),
};
