// PostgreSQL server logs: stderr text (any common log_line_prefix: `%t [%p]`, `%m [%p] %q%u@%d`, RDS
// `%t:%r:%u@%d:[%p]:`, pgbadger's `%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h`, queryid), Heroku logplex framing,
// csvlog, jsonlog, CloudNativePG's JSON wrapping and Cloud SQL entries exported from Cloud Logging (`textPayload`).
// Field notes: shared/corpus/FIELDS.md §10.
//
// Input is lines, read here: a csvlog record whose quoted field holds newlines spans several lines; a text entry is
// followed by tab-indented continuation lines and by DETAIL / HINT / STATEMENT lines of the same backend. All of
// those are merged into the entry's event. Lines that are not PostgreSQL's (pg_ctl output, stack traces) are merged
// into the entry before them; with no entry before them they are rejected with that reason. An entry that gathers
// more than MAX_MERGED_LINES lines or MAX_MERGED_BYTES is cut: it becomes its event (the detail says so) and the
// lines that would have continued it are rejected with that reason, so memory stays flat on any input.
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import {
  CSV_START,
  SEV_RE,
  TS_RE,
  csvComplete,
  csvEntry,
  jsonEntry,
  parseText,
  splitCsv,
  type PgEntry,
  type TextLine,
} from './entry.js';
import { SessionTracker, authIdentityOf, lineKeyOf, normalizePg, type PgGroup } from './event.js';
import { toMicros } from '../../core/model/time.js';
import { detach, MAX_MERGED_BYTES, MAX_MERGED_LINES } from '../util/pending.js';

const SECONDARY = new Set(['DETAIL', 'HINT', 'CONTEXT', 'STATEMENT', 'QUERY', 'LOCATION']);
const CSV_SEV = /,(?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?),[0-9A-Z]{5},/;
const HEROKU_START = /^\S+(?: \S+)? app\[postgres\.\d+\]/;
/** A group untouched for this many lines is complete; at most MAX_OPEN backends are open at once. */
const WINDOW = 256;
const MAX_OPEN = 1024;
/** Bytes of records all open entries may hold together; past it the oldest is complete. */
const MAX_OPEN_BYTES = 32 * 1024 * 1024;
/** A csvlog record may not span more lines or bytes than this before it is declared broken. */
const CSV_MAX_LINES = 10_000;
const CSV_MAX_CHARS = 4 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function pgJson(v: unknown): 'cnpg' | 'cloudsql' | 'jsonlog' | 'cnpg-other' | null {
  if (!isObj(v)) return null;
  if (isObj(v.record) && (v.record.error_severity !== undefined || v.record.message !== undefined)) return 'cnpg';
  if (
    typeof v.textPayload === 'string' &&
    (String(v.logName ?? '').includes('postgres') ||
      /^\[\d+\]: \[\d+-\d+\]/.test(v.textPayload) ||
      (isObj(v.resource) && v.resource.type === 'cloudsql_database'))
  )
    return 'cloudsql';
  if (
    v.error_severity !== undefined &&
    v.message !== undefined &&
    (v.timestamp !== undefined || v.log_time !== undefined)
  )
    return 'jsonlog';
  if (v.logger !== undefined && v.msg !== undefined && v.ts !== undefined && v.level !== undefined) return 'cnpg-other';
  return null;
}

function detect(sample: Sample): number {
  let hits = 0,
    total: number;
  if (sample.values.length > 0) {
    let strong = 0;
    for (const v of sample.values) {
      const k = pgJson(v);
      if (k) hits++;
      if (k && k !== 'cnpg-other') strong++;
    }
    total = sample.values.length;
    if (strong === 0) return 0;
  } else {
    for (const l of sample.lines) {
      if (CSV_START.test(l) ? CSV_SEV.test(l) : (TS_RE.test(l) || HEROKU_START.test(l)) && SEV_RE.test(l)) hits++;
    }
    total = sample.lines.length;
  }
  if (hits === 0 || total === 0) return 0;
  const share = hits / total;
  return share >= 0.3 ? 0.95 : 0.5 + share;
}

interface Open {
  g: PgGroup;
  recs: InputRecord[];
  touched: number;
  key: string;
  target: number;
  bytes: number;
}

class PostgresParser implements RecordParser {
  private readonly open = new Map<string, Open>();
  private readonly sessions = new SessionTracker();
  /** The text entry the latest line belongs to: where a bare continuation line goes. */
  private last: Open | null = null;
  private csv: { recs: InputRecord[]; text: string } | null = null;
  private n = 0;
  private openBytes = 0;
  /** The entry cut at the limit most recently, while lines may still continue it: why they are rejected. */
  private cut: { pid: string; reason: string } | null = null;

  push(rec: InputRecord, sink: Sink): void {
    this.n++;
    const line = rec.text;
    if (this.csv) {
      this.csv.recs.push(rec);
      this.csv.text += '\n' + line;
      if (csvComplete(this.csv.text)) {
        const { recs, text } = this.csv;
        this.csv = null;
        this.csvRecord(recs, text, sink);
      } else if (this.csv.recs.length > CSV_MAX_LINES || this.csv.text.length > CSV_MAX_CHARS) {
        const recs = this.csv.recs;
        this.csv = null;
        for (const r of recs)
          sink.reject(
            r,
            `csvlog record never closes its quoted field (over ${CSV_MAX_LINES} lines or ${CSV_MAX_CHARS} characters)`,
          );
      }
      return;
    }
    if (line.charCodeAt(0) === 123 /* { */) this.json(rec, sink);
    else if (CSV_START.test(line)) {
      if (csvComplete(line)) this.csvRecord([rec], line, sink);
      else this.csv = { recs: [rec], text: line };
    } else this.text(parseText(line), rec, sink);
    this.expire(sink);
  }

  end(sink: Sink): void {
    if (this.csv) {
      for (const r of this.csv.recs) sink.reject(r, 'csvlog record ends inside a quoted field (the file is cut)');
      this.csv = null;
    }
    for (const o of [...this.open.values()]) this.flush(o, sink);
  }

  private csvRecord(recs: InputRecord[], text: string, sink: Sink): void {
    const f = splitCsv(text);
    if (!f) return this.rejectAll(recs, 'malformed csvlog record (a quote is not closed where a field ends)', sink);
    const e = csvEntry(f);
    if (typeof e === 'string') return this.rejectAll(recs, e, sink);
    this.complete(e, recs, sink, f[0]);
  }

  private json(rec: InputRecord, sink: Sink): void {
    let v: unknown;
    try {
      v = JSON.parse(rec.text);
    } catch (err) {
      return sink.reject(rec, `invalid JSON: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
    }
    const kind = pgJson(v);
    if (!kind || !isObj(v))
      return sink.reject(
        rec,
        'a JSON line that is not a PostgreSQL log record (no record, textPayload or error_severity)',
      );
    if (kind === 'cnpg') {
      const r = v.record as Obj;
      const e = jsonEntry(r);
      if (e.ts === null && typeof v.ts === 'number') e.ts = Math.round(v.ts * 1e6);
      e.host = typeof v.logging_pod === 'string' ? v.logging_pod : null;
      return this.complete(e, [rec], sink, String(r.log_time ?? v.ts ?? ''));
    }
    if (kind === 'jsonlog') {
      const e = jsonEntry(v);
      return this.complete(e, [rec], sink, String(v.timestamp ?? v.log_time ?? ''));
    }
    if (kind === 'cnpg-other') {
      // The CloudNativePG instance manager's own lines (WAL archiving, probes) interleave with PostgreSQL's.
      const ts = typeof v.ts === 'number' ? Math.round(v.ts * 1e6) : null;
      if (ts === null) return sink.reject(rec, `no parseable timestamp (ts ${String(v.ts).slice(0, 40)})`);
      const e: PgEntry = {
        ts,
        user: null,
        db: null,
        app: null,
        client: null,
        pid: null,
        sessionId: null,
        severity: String(v.level).toUpperCase() === 'ERROR' ? 'ERROR' : 'LOG',
        sqlstate: null,
        message: String(v.msg),
        backendType: `cnpg ${String(v.logger)}`,
        host: typeof v.logging_pod === 'string' ? v.logging_pod : null,
      };
      sink.event(
        {
          ...normalizePg({ entry: e, parts: [], noise: [], session: null, authIdentity: null, authMethod: null }),
          action: String(v.logger),
          category: 'other',
        },
        rec,
      );
      return;
    }
    // Cloud SQL: Cloud Logging's LogEntry around one stderr line; continuation lines are entries of their own.
    const labels = isObj(v.resource) && isObj(v.resource.labels) ? v.resource.labels : {};
    const account =
      typeof labels.database_id === 'string'
        ? labels.database_id
        : typeof labels.project_id === 'string'
          ? labels.project_id
          : null;
    const ts = toMicros(v.timestamp) ?? toMicros(v.receiveTimestamp);
    const t = parseText(String(v.textPayload), ts);
    if (t.kind === 'entry') t.entry.account = account;
    this.text(t, rec, sink, String(v.timestamp ?? ''));
  }

  private complete(e: PgEntry, recs: InputRecord[], sink: Sink, rawTime: string): void {
    if (e.ts === null) return this.rejectAll(recs, `no parseable timestamp (${rawTime.slice(0, 40)})`, sink);
    const auth = authIdentityOf(e.message);
    this.last = null;
    sink.event(
      normalizePg({
        entry: e,
        parts: [],
        noise: [],
        session: null,
        authIdentity: auth?.identity ?? null,
        authMethod: auth?.method ?? null,
      }),
      recs,
    );
  }

  private text(t: TextLine, rec: InputRecord, sink: Sink, rawTime?: string): void {
    if (t.kind === 'bare') {
      const o = this.last;
      if (!o) {
        if (this.cut) return sink.reject(rec, this.cut.reason);
        return sink.reject(
          rec,
          `not a PostgreSQL log entry, and no entry before it to continue: ${t.text.slice(0, 80)}`,
        );
      }
      const c = t.text.charCodeAt(0);
      if (c === 9 || c === 32) this.extend(o, t.text.replace(/^\t/, ''));
      else o.g.noise.push(t.text);
      this.touch(o, rec, sink);
      return;
    }
    if (t.kind === 'piece') {
      const o = this.open.get(t.pid) ?? this.last;
      if (!o) {
        if (this.cut) return sink.reject(rec, this.cut.reason);
        return sink.reject(rec, `continuation of a PostgreSQL entry of process ${t.pid} that is not in this file`);
      }
      this.extend(o, t.text.replace(/^\s*\t/, ''));
      this.touch(o, rec, sink);
      return;
    }
    const e = t.entry;
    if (e.ts === null) return sink.reject(rec, `no parseable timestamp (${(rawTime ?? rec.text).slice(0, 40)})`);
    const key = e.pid ?? '';
    const prev = this.open.get(key);
    if (prev && e.severity !== null && SECONDARY.has(e.severity)) {
      prev.g.parts.push({ sev: e.severity, text: e.message });
      prev.target = prev.g.parts.length - 1;
      this.touch(prev, rec, sink);
      return;
    }
    if (this.cut && e.severity !== null && SECONDARY.has(e.severity) && this.cut.pid === key)
      return sink.reject(rec, this.cut.reason);
    this.cut = null;
    const lineKey = e.sessionId ? null : lineKeyOf(e);
    if (prev) {
      // This line of the backend states its key: its `connection received` line (no user yet), held until now, learns
      // it.
      if (lineKey !== null && e.pid !== null && !e.message.startsWith('connection received:'))
        this.sessions.learn(e.pid, lineKey);
      this.flush(prev, sink);
    }
    const session = e.sessionId ? null : this.sessions.observe(e, lineKey);
    // The key the line states (resolved against this file's backends), else the session's, read when the event flushes.
    const sessionKey = e.sessionId
      ? undefined
      : lineKey !== null
        ? this.sessions.keyFor(e.pid, lineKey, session)
        : session
          ? undefined
          : null;
    const auth = authIdentityOf(e.message);
    const o: Open = {
      g: {
        entry: e,
        parts: [],
        noise: [],
        session,
        key: sessionKey,
        authIdentity: auth?.identity ?? null,
        authMethod: auth?.method ?? null,
      },
      recs: [detach(rec)],
      touched: this.n,
      key,
      target: -1,
      bytes: rec.bytes.length,
    };
    if (e.message.startsWith('disconnection:')) this.sessions.close(e.pid, lineKey);
    this.open.set(key, o);
    this.openBytes += o.bytes;
    this.last = o;
    while (this.open.size > MAX_OPEN || this.openBytes > MAX_OPEN_BYTES)
      this.flush(this.open.values().next().value as Open, sink);
  }

  private extend(o: Open, text: string): void {
    if (o.target < 0) o.g.entry.message += '\n' + text;
    else o.g.parts[o.target].text += '\n' + text;
  }

  private touch(o: Open, rec: InputRecord, sink: Sink): void {
    o.recs.push(detach(rec));
    o.bytes += rec.bytes.length;
    o.touched = this.n;
    this.last = o;
    const held = this.open.get(o.key) === o;
    if (held) {
      this.openBytes += rec.bytes.length;
      this.open.delete(o.key);
      this.open.set(o.key, o);
    }
    if (o.recs.length >= MAX_MERGED_LINES || o.bytes > MAX_MERGED_BYTES) {
      const limit =
        o.recs.length >= MAX_MERGED_LINES ? `${MAX_MERGED_LINES} lines` : `${MAX_MERGED_BYTES / 1024 / 1024} MiB`;
      const line = 'line' in o.recs[0].ref ? `line ${o.recs[0].ref.line}` : 'an earlier record';
      this.flush(o, sink, `cut at ${limit}; the lines that continue it are rejected`);
      this.cut = {
        pid: o.key,
        reason: `continues the PostgreSQL entry at ${line}, which was cut at ${limit} (the most one entry gathers): kept as a reject`,
      };
      return;
    }
    while (this.openBytes > MAX_OPEN_BYTES && this.open.size > 0)
      this.flush(this.open.values().next().value as Open, sink);
  }

  private expire(sink: Sink): void {
    for (;;) {
      const first = this.open.values().next();
      if (first.done || this.n - first.value.touched < WINDOW) return;
      this.flush(first.value, sink);
    }
  }

  private flush(o: Open, sink: Sink, cut?: string): void {
    if (this.open.get(o.key) === o) {
      this.open.delete(o.key);
      this.openBytes -= o.bytes;
    }
    if (this.last === o) this.last = null;
    const ev = normalizePg(o.g);
    if (cut) ev.detail = ev.detail ? `${ev.detail} · ${cut}` : cut;
    sink.event(ev, o.recs);
  }

  private rejectAll(recs: InputRecord[], reason: string, sink: Sink): void {
    for (const r of recs) sink.reject(r, reason);
  }
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'lines',
  detect,
  createParser: () => new PostgresParser(),
};
