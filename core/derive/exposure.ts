// Data exposure: what each session and each identity read, and how much — summed from the data facts importers
// state where their source says it (core/model/facts.ts: rows a query produced, bytes sent, items and objects
// read, columns). Only events that state one count, so a number is always the sum of logged values, never an
// estimate, and every number keeps the events behind it (the largest first). Per identity and clock hour too, for
// volume spikes against the identity's own baseline (core/derive/deviations.ts).
import type { CaseDb } from '../casefile/open.js';
import { FACT } from '../model/facts.js';
import type { Scan } from './scan.js';
import type { Aggregates } from './aggregate.js';
import type { IdentityRow } from './write-identities.js';
import { Interner } from './interner.js';
import { positionOf } from './flags.js';

const HOUR = 3_600_000_000;
const TOP_EVIDENCE = 20;
const TOP_OBJECTS = 20;
const TOP_COLUMNS = 50;
const TOP_HOUR_EVENTS = 10;

/** What one event states it read. */
interface Read {
  rows: number;
  bytes: number;
  items: number;
  objects: number[];
  columns: number[];
}

type Measure = 'rows' | 'bytes' | 'items';
const MEASURES: Measure[] = ['rows', 'bytes', 'items'];

/** The largest contributions, at most `cap`, as [event id, value] pairs (a short sorted array: cap is small). */
class Top {
  readonly items: [number, number][] = [];
  constructor(private readonly cap: number) {}
  add(event: number, value: number): void {
    const a = this.items;
    if (a.length === this.cap && value <= a[a.length - 1][1]) return;
    let i = a.length;
    while (i > 0 && a[i - 1][1] < value) i--;
    a.splice(i, 0, [event, value]);
    if (a.length > this.cap) a.pop();
  }
}

class Acc {
  events = 0;
  sum: Record<Measure, number> = { rows: 0, bytes: 0, items: 0 };
  count: Record<Measure, number> = { rows: 0, bytes: 0, items: 0 };
  top: Record<Measure, Top> = {
    rows: new Top(TOP_EVIDENCE),
    bytes: new Top(TOP_EVIDENCE),
    items: new Top(TOP_EVIDENCE),
  };
  /** object → [events, first event id] */
  objects = new Map<number, [number, number]>();
  objectEvents = 0;
  columns = new Map<number, number>();
  first = Infinity;
  last = -Infinity;
  fmtMask = 0;
  /** format → [events, rows, bytes, items, object reads]: two sources may state the same read (Graph and Exchange). */
  bySource = new Map<number, number[]>();

  add(r: Read, event: number, ts: number, fmt: number): void {
    this.events++;
    for (const m of MEASURES) {
      const v = r[m];
      if (v > 0) {
        this.sum[m] += v;
        this.count[m]++;
        this.top[m].add(event, v);
      }
    }
    if (r.objects.length > 0) this.objectEvents++;
    for (const o of r.objects) {
      const c = this.objects.get(o);
      if (c) c[0]++;
      else this.objects.set(o, [1, event]);
    }
    for (const c of r.columns) this.columns.set(c, (this.columns.get(c) ?? 0) + 1);
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
    this.fmtMask |= 1 << Math.min(fmt, 30);
    let b = this.bySource.get(fmt);
    if (!b) this.bySource.set(fmt, (b = [0, 0, 0, 0, 0]));
    b[0]++;
    b[1] += r.rows;
    b[2] += r.bytes;
    b[3] += r.items;
    b[4] += r.objects.length;
  }
}

class HourAcc {
  events = 0;
  rows = 0;
  bytes = 0;
  items = 0;
  objects = 0;
  top = new Top(TOP_HOUR_EVENTS);
}

/** A decimal count as the importer wrote it; anything else (negative, fractional, text) counts as nothing. */
function count(v: string | undefined): number {
  if (v === undefined || !/^\d{1,18}$/.test(v)) return 0;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : 0;
}

function lines(v: string | undefined, names: Interner): number[] {
  if (!v) return [];
  const out: number[] = [];
  for (const l of v.split('\n')) {
    const t = l.trim();
    if (t) out.push(names.id(t));
  }
  return out;
}

/** Every event stating a data fact, by scan position: read by key through event_links (few events state any). */
function loadReads(db: CaseDb, scan: Scan, objects: Interner, columns: Interner): Map<number, Read> {
  const out = new Map<number, Read>();
  const st = db.prepare('SELECT event_id, value FROM event_links WHERE key = ?').raw(true);
  const keys: [string, (r: Read, v: string) => void][] = [
    [FACT.dataRows, (r, v) => (r.rows = count(v))],
    [FACT.dataBytes, (r, v) => (r.bytes = count(v))],
    [FACT.dataItems, (r, v) => (r.items = count(v))],
    [FACT.dataObjects, (r, v) => (r.objects = lines(v, objects))],
    [FACT.dataColumns, (r, v) => (r.columns = lines(v, columns))],
  ];
  for (const [key, set] of keys) {
    for (const [id, value] of st.iterate(key) as Iterable<[number, string]>) {
      const pos = positionOf(scan, id);
      if (pos < 0) continue;
      let r = out.get(pos);
      if (!r) out.set(pos, (r = { rows: 0, bytes: 0, items: 0, objects: [], columns: [] }));
      set(r, value);
    }
  }
  return out;
}

function formatsOf(scan: Scan, mask: number): string {
  const out: string[] = [];
  for (let f = 0; f < scan.formats.size && f <= 30; f++) if (mask & (1 << f)) out.push(scan.formats.values[f]);
  return out.join(',');
}

export interface ExposureSummary {
  sessions: number;
  identities: number;
  events: number;
}

export function writeExposure(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  identities: IdentityRow[],
  sessionIds: Float64Array,
): ExposureSummary {
  db.prepare('DELETE FROM exposure').run();
  db.prepare('DELETE FROM exposure_hours').run();
  const objectNames = new Interner();
  const columnNames = new Interner();
  const reads = loadReads(db, scan, objectNames, columnNames);
  if (reads.size === 0) return { sessions: 0, identities: 0, events: 0 };
  const bySession = new Map<number, Acc>();
  const byIdentity = new Map<number, Acc>();
  const hours = new Map<number, Map<number, HourAcc>>();
  const positions = [...reads.keys()].sort((a, b) => a - b);
  for (const p of positions) {
    const r = reads.get(p)!;
    const event = scan.id[p];
    const ts = scan.ts[p];
    const s = scan.sess[p];
    const i = agg.eventIdentity[p];
    if (s >= 0) {
      const sid = sessionIds[s];
      let a = bySession.get(sid);
      if (!a) bySession.set(sid, (a = new Acc()));
      a.add(r, event, ts, scan.fmt[p]);
    }
    if (i >= 0) {
      const iid = identities[i].dbId;
      let a = byIdentity.get(iid);
      if (!a) byIdentity.set(iid, (a = new Acc()));
      a.add(r, event, ts, scan.fmt[p]);
      let hm = hours.get(iid);
      if (!hm) hours.set(iid, (hm = new Map()));
      const hour = Math.floor(ts / HOUR);
      let h = hm.get(hour);
      if (!h) hm.set(hour, (h = new HourAcc()));
      h.events++;
      h.rows += r.rows;
      h.bytes += r.bytes;
      h.items += r.items;
      h.objects += r.objects.length;
      h.top.add(event, Math.max(r.rows, r.bytes, r.items, r.objects.length));
    }
  }
  const ins =
    db.prepare(`INSERT INTO exposure(scope, owner_id, events, rows_read, rows_events, bytes_read, bytes_events,
    items_read, items_events, objects, object_events, columns, first_ts, last_ts, sources, by_source, top_objects, top_columns,
    evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const write = (scope: 'session' | 'identity', owner: number, a: Acc) => {
    const objs = [...a.objects.entries()]
      .sort((x, y) => y[1][0] - x[1][0] || x[1][1] - y[1][1])
      .slice(0, TOP_OBJECTS)
      .map(([o, [n, first]]) => [objectNames.values[o], n, first]);
    const cols = [...a.columns.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, TOP_COLUMNS)
      .map(([c]) => columnNames.values[c]);
    const evidence: Record<string, [number, number][]> = {};
    for (const m of MEASURES) if (a.count[m] > 0) evidence[m] = a.top[m].items;
    ins.run(
      scope,
      owner,
      a.events,
      a.sum.rows,
      a.count.rows,
      a.sum.bytes,
      a.count.bytes,
      a.sum.items,
      a.count.items,
      a.objects.size,
      a.objectEvents,
      a.columns.size,
      a.first,
      a.last,
      formatsOf(scan, a.fmtMask),
      JSON.stringify(
        Object.fromEntries(
          [...a.bySource.entries()].sort((x, y) => x[0] - y[0]).map(([f, v]) => [scan.formats.values[f], v]),
        ),
      ),
      JSON.stringify(objs),
      JSON.stringify(cols),
      JSON.stringify(evidence),
    );
  };
  for (const [sid, a] of [...bySession.entries()].sort((x, y) => x[0] - y[0])) write('session', sid, a);
  for (const [iid, a] of [...byIdentity.entries()].sort((x, y) => x[0] - y[0])) write('identity', iid, a);
  const insH = db.prepare(
    'INSERT INTO exposure_hours(identity_id, hour, events, rows_read, bytes_read, items_read, objects, top_events) VALUES (?,?,?,?,?,?,?,?)',
  );
  for (const iid of [...hours.keys()].sort((a, b) => a - b)) {
    const hm = hours.get(iid)!;
    for (const hour of [...hm.keys()].sort((a, b) => a - b)) {
      const h = hm.get(hour)!;
      insH.run(iid, hour, h.events, h.rows, h.bytes, h.items, h.objects, JSON.stringify(h.top.items.map(([e]) => e)));
    }
  }
  return { sessions: bySession.size, identities: byIdentity.size, events: reads.size };
}
