// One PostgreSQL log entry, whichever destination wrote it: stderr text with a site-specific log_line_prefix,
// csvlog (PG ≤12: 23 columns, PG13: 24, PG14+: 26), jsonlog (PG15+), and the wrappers around them (CloudNativePG's
// `record`, Cloud Logging's LogEntry `textPayload` for Cloud SQL, Heroku logplex framing).
import { parseIsoMicros } from '../../core/model/time.js';

export interface PgEntry {
  ts: number | null;
  user: string | null;
  db: string | null;
  app: string | null;
  /** Where the client connected from, as logged ("192.168.1.201(50906)", "[local]", "10.0.0.5"). */
  client: string | null;
  pid: string | null;
  /** %c / session_id: hex(backend start).hex(pid). */
  sessionId: string | null;
  /** Severity (LOG, ERROR, DETAIL, STATEMENT…); null for a Heroku continuation piece. */
  severity: string | null;
  sqlstate: string | null;
  message: string;
  /** csvlog / jsonlog columns that stderr writes as separate DETAIL / HINT / CONTEXT / STATEMENT lines. */
  detail?: string | null;
  hint?: string | null;
  context?: string | null;
  statement?: string | null;
  backendType?: string | null;
  /** Facts the wrapper states (Cloud SQL instance, CNPG pod). */
  account?: string | null;
  host?: string | null;
}

/** The start of a stderr line: its timestamp (%t / %m, with a zone abbreviation or an offset). */
export const TS_RE =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?)(?:\s?(?:([A-Za-z]{2,5})\b|([+-]\d{2}(?::?\d{2})?)|Z))?/;
/** elog.c writes "<SEVERITY>:  " — two spaces — after the prefix. */
export const SEV_RE =
  /(?:^|[\s:\]])(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?|DETAIL|HINT|CONTEXT|STATEMENT|QUERY|LOCATION): {2}/;
const PID_RE = /(?:\[|postgres\.|postgres\[)(\d+)\]/;
const USER_RE = /\buser=([^,\s]*)/;
const DB_RE = /\bdb=([^,\s]*)/;
const APP_RE = /\bapp=([^,]*)/;
const CLIENT_RE = /\b(?:client|host|remote)=([^,\s]*)/;
const RHOST_RE = /(\[local\]|[0-9A-Fa-f.:]+)\((\d+)\)/;
const USER_AT_DB = /(?:^|[\s:\]])([^\s:@[\]]*)@([^\s:[\]]*)(?=[\s:]|$)/;
const SQLSTATE_RE = /sql_error_code = ([0-9A-Z]{5})/;
const HEROKU_RE = /^(\S+)(?: \S+)? app\[postgres\.(\d+)\]:? (?:\[[A-Z_]+\] )?\[\d+-(\d+)\] ?/;
/** `%c` in a prefix: hex(backend start).hex(pid), e.g. "6805f351.627c5" (checked against `%p`). */
const SESSION_ID_RE = /(?:^|[^0-9A-Za-z.])([0-9a-f]{8})\.([0-9a-f]{1,8})(?![0-9A-Za-z.])/g;
/** `%s` in a prefix: the backend's start time, a second timestamp after `%t` / `%m`. */
const START_RE =
  /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:\s?(?:[A-Za-z]{2,5}\b|[+-]\d{2}(?::?\d{2})?)|Z)?/;

/** PostgreSQL's own %c / session_id: hex(backend start, seconds).hex(pid). */
export function sessionKeyFor(tsUs: number, pid: string): string {
  return `${Math.floor(tsUs / 1e6).toString(16)}.${Number(pid).toString(16)}`;
}

/**
 * The session id a stderr prefix states: `%c` itself, or `%s` (session start) with `%p`, turned into the `%c` it
 * equals. Null when the prefix states neither.
 */
function prefixSessionId(prefix: string, pid: string | null): string | null {
  if (pid === null) return null;
  const hexPid = Number(pid).toString(16);
  SESSION_ID_RE.lastIndex = 0;
  for (let m = SESSION_ID_RE.exec(prefix); m; m = SESSION_ID_RE.exec(prefix))
    if (m[2] === hexPid) return `${m[1]}.${m[2]}`;
  const start = START_RE.exec(prefix);
  if (start) {
    const us = timeOf(start[0]);
    if (us !== null) return sessionKeyFor(us, pid);
  }
  return null;
}

function clean(v: string | undefined | null): string | null {
  if (v === undefined || v === null || v === '' || v === '[unknown]' || v === '?') return null;
  return v;
}

export function timeOf(s: string): number | null {
  return parseIsoMicros(s);
}

export type TextLine =
  | { kind: 'entry'; entry: PgEntry }
  /** A Heroku framed piece of an entry with no severity of its own (a wrapped DETAIL or statement line). */
  | { kind: 'piece'; pid: string; text: string }
  /** No prefix: a continuation (tab-indented) or other output (pg_ctl, stack traces). */
  | { kind: 'bare'; text: string };

/** Parses a stderr line, or the `textPayload` of a Cloud SQL entry (no timestamp: `tsOverride` gives it). */
export function parseText(line: string, tsOverride?: number | null): TextLine {
  let ts: number | null = tsOverride ?? null;
  let rest = line;
  const heroku = HEROKU_RE.exec(line);
  if (heroku) {
    ts = timeOf(heroku[1]);
    const body = line.slice(heroku[0].length);
    const sev = SEV_RE.exec(body);
    if (!sev) return { kind: 'piece', pid: heroku[2], text: body };
    const prefix = body.slice(0, sev.index);
    return {
      kind: 'entry',
      entry: {
        ts,
        user: null,
        db: null,
        app: null,
        client: null,
        pid: heroku[2],
        sessionId: null,
        severity: sev[1],
        sqlstate: SQLSTATE_RE.exec(prefix)?.[1] ?? null,
        message: body.slice(sev.index + sev[0].length),
      },
    };
  }
  if (tsOverride === undefined) {
    const m = TS_RE.exec(line);
    if (!m) return { kind: 'bare', text: line };
    ts = timeOf(m[0]);
    rest = line.slice(m[0].length);
  } else if (line.charCodeAt(0) === 9) {
    return { kind: 'bare', text: line };
  }
  const sev = SEV_RE.exec(rest);
  if (!sev) {
    // A timestamped line without a severity marker: keep it as an entry with the whole rest as its message.
    return {
      kind: 'entry',
      entry: {
        ts,
        user: null,
        db: null,
        app: null,
        client: null,
        pid: PID_RE.exec(rest)?.[1] ?? null,
        sessionId: null,
        severity: null,
        sqlstate: null,
        message: rest.trim(),
      },
    };
  }
  const prefix = rest.slice(0, sev.index + 1);
  let user = clean(USER_RE.exec(prefix)?.[1]);
  let db = clean(DB_RE.exec(prefix)?.[1]);
  if (!user && !db) {
    const at = USER_AT_DB.exec(prefix);
    if (at) {
      user = clean(at[1]);
      db = clean(at[2]);
    }
  }
  let client = clean(CLIENT_RE.exec(prefix)?.[1]);
  if (!client) {
    const r = RHOST_RE.exec(prefix);
    if (r) client = r[0];
    else if (prefix.includes('[local]')) client = '[local]';
  }
  const pid = PID_RE.exec(prefix)?.[1] ?? null;
  return {
    kind: 'entry',
    entry: {
      ts,
      user,
      db,
      app: clean(APP_RE.exec(prefix)?.[1]?.trim()),
      client,
      pid,
      sessionId: prefixSessionId(prefix, pid),
      severity: sev[1],
      sqlstate: SQLSTATE_RE.exec(prefix)?.[1] ?? null,
      message: rest.slice(sev.index + sev[0].length),
    },
  };
}

/** csvlog: a line that starts with log_time and has the severity/sqlstate pair further on. */
export const CSV_START =
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?: [A-Za-z]{2,5}| ?[+-]\d{2}(?::?\d{2})?)?,/;

/** Splits one complete CSV record (RFC 4180, "" escapes; fields may hold newlines). Null when a quote is unbalanced. */
export function splitCsv(s: string): string[] | null {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (i < n && s.charCodeAt(i) === 34) {
      let val = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) return null;
        val += s.slice(j, q);
        if (s.charCodeAt(q + 1) === 34) {
          val += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(val);
    } else {
      const c = s.indexOf(',', i);
      const end = c < 0 ? n : c;
      out.push(s.slice(i, end));
      i = end;
    }
    if (i >= n) return out;
    if (s.charCodeAt(i) !== 44) return null; // text after a closing quote
    i++;
    if (i === n) {
      out.push('');
      return out;
    }
  }
}

/** True when the quotes of `s` are balanced (a csvlog record is complete). */
export function csvComplete(s: string): boolean {
  let q = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) q++;
  return q % 2 === 0;
}

// csvlog columns, in order (PostgreSQL docs, "Using CSV-Format Log Output").
const C = {
  time: 0,
  user: 1,
  db: 2,
  pid: 3,
  from: 4,
  session: 5,
  line: 6,
  tag: 7,
  start: 8,
  vxid: 9,
  xid: 10,
  severity: 11,
  state: 12,
  message: 13,
  detail: 14,
  hint: 15,
  iquery: 16,
  iqpos: 17,
  context: 18,
  query: 19,
  qpos: 20,
  location: 21,
  app: 22,
  backend: 23,
};

export function csvEntry(f: string[]): PgEntry | string {
  if (f.length < 14) return `csvlog record has ${f.length} columns, fewer than the 14 that carry the message`;
  const ts = timeOf(f[C.time]);
  return {
    ts,
    user: clean(f[C.user]),
    db: clean(f[C.db]),
    app: clean(f[C.app]),
    client: clean(f[C.from]),
    pid: clean(f[C.pid]),
    sessionId: clean(f[C.session]),
    severity: clean(f[C.severity]),
    sqlstate: clean(f[C.state]),
    message: f[C.message] ?? '',
    detail: clean(f[C.detail]),
    hint: clean(f[C.hint]),
    context: clean(f[C.context]),
    statement: clean(f[C.query]),
    backendType: clean(f[C.backend]),
  };
}

type Obj = Record<string, unknown>;
const s = (v: unknown): string | null => (typeof v === 'string' ? clean(v) : typeof v === 'number' ? String(v) : null);

/** jsonlog (PG15+ names) or the csvlog-named fields CloudNativePG puts in `record`. */
export function jsonEntry(r: Obj): PgEntry {
  const remoteHost = s(r.remote_host);
  return {
    ts: timeOf(s(r.log_time) ?? s(r.timestamp) ?? ''),
    user: s(r.user_name) ?? s(r.user),
    db: s(r.database_name) ?? s(r.dbname),
    app: s(r.application_name),
    client:
      s(r.connection_from) ??
      (remoteHost ? (r.remote_port !== undefined ? `${remoteHost}(${String(r.remote_port)})` : remoteHost) : null),
    pid: s(r.process_id) ?? s(r.pid),
    sessionId: s(r.session_id),
    severity: s(r.error_severity),
    sqlstate: s(r.sql_state_code) ?? s(r.state_code),
    message: s(r.message) ?? '',
    detail: s(r.detail),
    hint: s(r.hint),
    context: s(r.context),
    statement: s(r.query) ?? s(r.statement),
    backendType: s(r.backend_type),
  };
}
