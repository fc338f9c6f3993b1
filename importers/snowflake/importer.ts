// Snowflake account usage (`SNOWFLAKE.ACCOUNT_USAGE`): LOGIN_HISTORY, SESSIONS, QUERY_HISTORY and ACCESS_HISTORY rows,
// exported as CSV (SnowSQL, COPY INTO a stage; JSON columns as text) or JSON (an array, or one row per line), with
// Snowflake's upper-case column names. Each row is one event; the view is told by its columns.
//
// The chain of a session: a successful LOGIN_HISTORY row (EVENT_ID) keys its own session, `login:<user>:<EVENT_ID>`;
// the SESSIONS row names that login (LOGIN_EVENT_ID), sits in its session and issues the SESSION_ID, which keys
// every QUERY_HISTORY row of the session (and ACCESS_HISTORY rows exported with it). Derivation links the query
// session to the login that opened it. Ids beyond 2^53 (JSON numbers) are read from the record's text, so a key
// is the same digits in every view and shape.
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { toMicros } from '../../core/model/time.js';
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { sampleScore } from '../util/detect.js';
import { categorizeCached } from '../util/category.js';
import { compact, isObj, maybeJson, str, type Obj } from '../util/fields.js';
import { ipOrNull } from '../util/net.js';
import { objectsOf } from './objects.js';

type View = 'login' | 'session' | 'query' | 'access';

function viewOf(has: (k: string) => boolean): View | null {
  if (has('QUERY_ID')) {
    if (has('QUERY_START_TIME') || has('BASE_OBJECTS_ACCESSED') || has('DIRECT_OBJECTS_ACCESSED')) return 'access';
    if (has('START_TIME') || has('QUERY_TEXT') || has('QUERY_TYPE')) return 'query';
    return null;
  }
  if (has('EVENT_ID') && (has('EVENT_TIMESTAMP') || has('IS_SUCCESS') || has('FIRST_AUTHENTICATION_FACTOR')))
    return 'login';
  if (has('SESSION_ID') && (has('LOGIN_EVENT_ID') || has('AUTHENTICATION_METHOD') || has('CLIENT_APPLICATION_ID')))
    return 'session';
  return null;
}

/** How sure the columns make us: the views' own column names, upper case as Snowflake writes them. */
function scoreColumns(keys: string[]): number {
  const set = new Set(keys);
  const view = viewOf((k) => set.has(k));
  if (!view) return 0;
  const own: Record<View, string[]> = {
    login: ['EVENT_TIMESTAMP', 'USER_NAME', 'REPORTED_CLIENT_TYPE', 'FIRST_AUTHENTICATION_FACTOR', 'IS_SUCCESS'],
    session: ['CREATED_ON', 'USER_NAME', 'LOGIN_EVENT_ID', 'AUTHENTICATION_METHOD', 'CLIENT_APPLICATION_ID'],
    query: ['QUERY_TEXT', 'START_TIME', 'WAREHOUSE_NAME', 'EXECUTION_STATUS', 'ROWS_PRODUCED', 'SESSION_ID'],
    access: ['QUERY_START_TIME', 'USER_NAME', 'DIRECT_OBJECTS_ACCESSED', 'BASE_OBJECTS_ACCESSED', 'OBJECTS_MODIFIED'],
  };
  const hits = own[view].filter((k) => set.has(k)).length;
  return hits >= 3 ? 0.7 + 0.05 * (hits - 3) : 0;
}

function detect(sample: Sample): number {
  if (sample.csvHeader) return scoreColumns(sample.csvHeader);
  return sampleScore(sample.values, (v) => (isObj(v) ? scoreColumns(Object.keys(v)) : 0));
}

/** Snowflake CSV writes SQL NULL as an empty field (or `\N`, `NULL` with some file formats). */
function val(row: Obj, k: string): string | null {
  const v = row[k];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === '' || v === '\\N' || v === 'NULL' ? null : v;
  return str(v);
}

/** An id column as its digits: a JSON number beyond 2^53 lost digits when parsed, the record's text has them all. */
function idOf(rec: InputRecord, row: Obj, k: string): string | null {
  const v = row[k];
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    const m = new RegExp(`"${k}"\\s*:\\s*(\\d+)`).exec(rec.text);
    if (m) return m[1];
  }
  return val(row, k);
}

function count(row: Obj, k: string): number | null {
  const s = val(row, k);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/** `JDBC_DRIVER` + `3.13.30` → `JDBC_DRIVER/3.13.30`; `PythonConnector 3.6.0` → `PythonConnector/3.6.0`. */
function clientOf(type: string | null, version: string | null): string | null {
  if (type && version && version !== '0') return `${type}/${version}`;
  if (type) return type.replace(/\s+(\d[\w.-]*)$/, '/$1');
  return null;
}

/** What the authentication method says of the principal: a key, token or workload is a program; SSO or MFA a person. */
function principalTypeOf(
  method: string | null,
  second: string | null,
  client: string | null,
  userType: string | null,
): PrincipalType {
  const ut = userType?.toUpperCase();
  if (ut === 'PERSON') return 'user';
  if (ut === 'SERVICE' || ut === 'LEGACY_SERVICE') return 'service_account';
  const m = (method ?? '').toUpperCase().replace(/[\s-]/g, '_');
  if (/KEYPAIR|KEY_PAIR|OAUTH|PROGRAMMATIC|WORKLOAD|JWT|TOKEN/.test(m)) return 'service_account';
  if (/SAML|SSO/.test(m) || second || client === 'SNOWFLAKE_UI') return 'user';
  return 'unknown';
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/=]{40,}$/;

function login(rec: InputRecord, row: Obj): NormalizedEvent | string {
  const ts = toMicros(val(row, 'EVENT_TIMESTAMP'));
  if (ts === null) return 'no parseable timestamp (EVENT_TIMESTAMP)';
  const user = val(row, 'USER_NAME');
  const ip = ipOrNull(val(row, 'CLIENT_IP'));
  const ok = val(row, 'IS_SUCCESS');
  const outcome: Outcome = ok === 'YES' ? 'success' : ok === 'NO' ? 'failure' : 'unknown';
  const eventId = idOf(rec, row, 'EVENT_ID');
  const first = val(row, 'FIRST_AUTHENTICATION_FACTOR');
  const second = val(row, 'SECOND_AUTHENTICATION_FACTOR');
  const client = val(row, 'REPORTED_CLIENT_TYPE');
  const facts: Facts = {};
  if (first) facts[FACT.credentialType] = second ? `${first} + ${second}` : first;
  const credId = val(row, 'FIRST_AUTHENTICATION_FACTOR_ID');
  if (credId) {
    facts.credential_id = credId;
    // A key-pair login names the public key by its fingerprint (RSA_PUBLIC_KEY_FP): another name of the user.
    if (user && FINGERPRINT.test(credId)) facts[FACT.alias] = `snowflake-key|${credId}`;
  }
  const conn = val(row, 'CONNECTION');
  if (conn) facts.connection = conn;
  const detail: string[] = [];
  if (facts[FACT.credentialType]) detail.push(`by ${facts[FACT.credentialType]}`);
  if (client) detail.push(`client ${clientOf(client, val(row, 'REPORTED_CLIENT_VERSION'))}`);
  const msg = val(row, 'ERROR_MESSAGE');
  if (msg) detail.push(msg);
  const action = val(row, 'EVENT_TYPE') ?? 'LOGIN';
  return {
    ts,
    // Before the user is known (failed attempts with an unknown name), the attempt is its address's.
    principal: user ?? ip,
    principalType: user ? principalTypeOf(first, second, client, null) : 'unknown',
    // A successful login opens a session: its own key, which the SESSIONS row continues (LOGIN_EVENT_ID).
    sessionKey: user && eventId && outcome === 'success' && action === 'LOGIN' ? `login:${user}:${eventId}` : null,
    action,
    category: 'auth',
    resource: null,
    resourceType: null,
    outcome,
    errorCode: outcome === 'failure' ? (msg ?? val(row, 'ERROR_CODE')) : null,
    srcIp: ip,
    userAgent: clientOf(client, val(row, 'REPORTED_CLIENT_VERSION')),
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts: withCorrelation(facts, eventId),
  };
}

function withCorrelation(facts: Facts, id: string | null): Facts {
  if (id) facts[FACT.correlation] = id;
  return facts;
}

function session(rec: InputRecord, row: Obj): NormalizedEvent | string {
  const ts = toMicros(val(row, 'CREATED_ON'));
  if (ts === null) return 'no parseable timestamp (CREATED_ON)';
  const user = val(row, 'USER_NAME');
  if (!user) return 'no USER_NAME: the session names no user';
  const sid = idOf(rec, row, 'SESSION_ID');
  if (!sid) return 'no SESSION_ID';
  const loginId = idOf(rec, row, 'LOGIN_EVENT_ID');
  const method = val(row, 'AUTHENTICATION_METHOD');
  const appId = val(row, 'CLIENT_APPLICATION_ID');
  const env = maybeJson(row.CLIENT_ENVIRONMENT);
  const facts: Facts = {};
  if (method) facts[FACT.credentialType] = method;
  const application = isObj(env) ? str(env.APPLICATION) : null;
  if (application) facts[FACT.agent] = application;
  let sessionKey = sid;
  if (loginId) {
    // In the login's session, issuing the session id that keys its queries.
    sessionKey = `login:${user}:${loginId}`;
    facts[FACT.issuedKey] = sid;
    facts[FACT.issuedTo] = user;
  }
  const detail = [`session ${sid}`];
  if (method) detail.push(`by ${method}`);
  if (application) detail.push(`application ${application}`);
  const os = isObj(env) ? str(env.OS) : null;
  if (os) detail.push(os);
  const closed = val(row, 'CLOSED_REASON');
  if (closed) detail.push(`closed: ${closed}`);
  return {
    ts,
    principal: user,
    principalType: principalTypeOf(method, null, null, null),
    sessionKey,
    action: 'SESSION_CREATED',
    category: 'auth',
    resource: null,
    resourceType: null,
    outcome: 'success',
    errorCode: null,
    srcIp: null,
    userAgent: clientOf(appId, null),
    detail: detail.join(' · '),
    facts: withCorrelation(facts, loginId),
  };
}

/** QUERY_TYPE → category: Snowflake's statement kinds, then the verb of the type. */
const QUERY_CATEGORY: Record<string, Category> = {
  SELECT: 'query',
  UNLOAD: 'read',
  GET_FILES: 'read',
  PUT_FILES: 'write',
  SHOW: 'read',
  DESCRIBE: 'read',
  DESCRIBE_QUERY: 'read',
  LIST_FILES: 'read',
  GRANT: 'privilege',
  REVOKE: 'privilege',
  CREATE_USER: 'privilege',
  ALTER_USER: 'privilege',
  DROP_USER: 'privilege',
  CREATE_ROLE: 'privilege',
  ALTER_ACCOUNT: 'config',
  ALTER_SESSION: 'config',
  CREATE_NETWORK_POLICY: 'config',
  ALTER_NETWORK_POLICY: 'config',
  USE: 'other',
  COPY: 'write',
  MERGE: 'write',
  TRUNCATE_TABLE: 'delete',
  CALL: 'exec',
  EXECUTE_STREAMLIT: 'exec',
};

function queryCategory(type: string, text: string | null): Category {
  if (type === 'ALTER_USER' && text && /RSA_PUBLIC_KEY|PASSWORD|PROGRAMMATIC/i.test(text)) return 'credential';
  return QUERY_CATEGORY[type] ?? categorizeCached(type);
}

function query(rec: InputRecord, row: Obj): NormalizedEvent | string {
  const ts = toMicros(val(row, 'START_TIME'));
  if (ts === null) return 'no parseable timestamp (START_TIME)';
  const user = val(row, 'USER_NAME');
  if (!user) return 'no USER_NAME: the query names no user';
  const type = val(row, 'QUERY_TYPE') ?? 'UNKNOWN';
  const text = val(row, 'QUERY_TEXT');
  const status = val(row, 'EXECUTION_STATUS');
  const outcome: Outcome =
    status === 'SUCCESS' ? 'success' : status === 'FAIL' || status === 'INCIDENT' ? 'failure' : 'unknown';
  const db = val(row, 'DATABASE_NAME');
  const schema = val(row, 'SCHEMA_NAME');
  const facts: Facts = {};
  const role = val(row, 'ROLE_NAME');
  if (role) facts.role = role;
  const wh = val(row, 'WAREHOUSE_NAME');
  if (wh) facts.warehouse = wh;
  const tag = val(row, 'QUERY_TAG');
  if (tag) facts.query_tag = tag;
  // What it read and how much: rows the query returned (or unloaded to a stage) and bytes it scanned.
  const rows =
    type === 'UNLOAD' ? (count(row, 'ROWS_UNLOADED') ?? count(row, 'ROWS_PRODUCED')) : count(row, 'ROWS_PRODUCED');
  if (rows) facts[FACT.dataRows] = String(rows);
  const scanned = count(row, 'BYTES_SCANNED');
  if (scanned) facts[FACT.dataBytes] = String(scanned);
  const detail: string[] = [];
  if (text) detail.push(text.length > 400 ? `${text.slice(0, 400)}…` : text);
  if (role) detail.push(`role ${role}`);
  if (wh) detail.push(`warehouse ${wh}`);
  if (rows) detail.push(`${rows} rows`);
  const egress = count(row, 'OUTBOUND_DATA_TRANSFER_BYTES');
  if (egress)
    detail.push(
      `${egress} bytes transferred out to ${val(row, 'OUTBOUND_DATA_TRANSFER_CLOUD') ?? '?'} ${val(row, 'OUTBOUND_DATA_TRANSFER_REGION') ?? ''}`.trim(),
    );
  const msg = val(row, 'ERROR_MESSAGE');
  if (msg) detail.push(msg);
  return {
    ts,
    principal: user,
    principalType: principalTypeOf(null, null, null, val(row, 'USER_TYPE')),
    sessionKey: idOf(rec, row, 'SESSION_ID'),
    action: type,
    category: queryCategory(type, text),
    resource: db ? `snowflake:${db}${schema ? `.${schema}` : ''}` : null,
    resourceType: db ? (schema ? 'snowflake:schema' : 'snowflake:database') : null,
    outcome,
    errorCode: outcome === 'failure' ? (val(row, 'ERROR_CODE') ?? status) : null,
    srcIp: null,
    userAgent: null,
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts: withCorrelation(facts, val(row, 'QUERY_ID')),
  };
}

function access(rec: InputRecord, row: Obj): NormalizedEvent | string {
  const ts = toMicros(val(row, 'QUERY_START_TIME'));
  if (ts === null) return 'no parseable timestamp (QUERY_START_TIME)';
  const user = val(row, 'USER_NAME');
  if (!user) return 'no USER_NAME: the access names no user';
  const base = objectsOf(row.BASE_OBJECTS_ACCESSED);
  const direct = objectsOf(row.DIRECT_OBJECTS_ACCESSED);
  const modified = objectsOf(row.OBJECTS_MODIFIED);
  if (!base || !direct || !modified)
    return 'an object list (BASE_OBJECTS_ACCESSED, DIRECT_OBJECTS_ACCESSED or OBJECTS_MODIFIED) is not a JSON array';
  // The base objects are the data actually read (the tables behind the views a query named).
  const read = base.length > 0 ? base : direct;
  const facts: Facts = {};
  if (read.length > 0) {
    facts[FACT.dataObjects] = [...new Set(read.map((o) => o.name))].join('\n');
    const cols = read.flatMap((o) => o.columns.map((c) => `${o.name}.${c}`));
    if (cols.length > 0) facts[FACT.dataColumns] = [...new Set(cols)].join('\n');
  }
  const first = read[0] ?? modified[0] ?? null;
  const detail: string[] = [];
  if (read.length > 0)
    detail.push(
      `read ${read.map((o) => (o.columns.length > 0 ? `${o.name} (${o.columns.join(', ')})` : o.name)).join('; ')}`,
    );
  if (direct.length > 0 && base.length > 0 && direct.some((d) => !base.some((b) => b.name === d.name)))
    detail.push(`through ${direct.map((o) => o.name).join(', ')}`);
  if (modified.length > 0) detail.push(`modified ${modified.map((o) => o.name).join(', ')}`);
  const ddl = compact(maybeJson(row.OBJECT_MODIFIED_BY_DDL), 300);
  if (ddl) detail.push(`DDL ${ddl}`);
  const parent = val(row, 'PARENT_QUERY_ID');
  if (parent) facts.parent_query_id = parent;
  return {
    ts,
    principal: user,
    principalType: 'unknown',
    // Only a joined export carries the session (ACCESS_HISTORY itself has none): README.
    sessionKey: idOf(rec, row, 'SESSION_ID'),
    action: modified.length > 0 ? 'OBJECTS_MODIFIED' : 'OBJECTS_ACCESSED',
    category: modified.length > 0 ? 'write' : 'read',
    resource: first ? `snowflake:${first.name}` : null,
    resourceType: first ? `snowflake:${(first.domain ?? 'object').toLowerCase()}` : null,
    outcome: 'success',
    errorCode: null,
    srcIp: null,
    userAgent: null,
    detail: detail.length > 0 ? detail.join(' · ') : null,
    facts: withCorrelation(facts, val(row, 'QUERY_ID')),
  };
}

const NORMALIZE: Record<View, (rec: InputRecord, row: Obj) => NormalizedEvent | string> = {
  login,
  session,
  query,
  access,
};

class SnowflakeParser implements RecordParser {
  push(rec: InputRecord, sink: Sink): void {
    const row = rec.value;
    if (!isObj(row)) return sink.reject(rec, 'not a row (JSON object or CSV line)');
    const view = viewOf((k) => row[k] !== undefined);
    if (!view)
      return sink.reject(
        rec,
        'not a LOGIN_HISTORY, SESSIONS, QUERY_HISTORY or ACCESS_HISTORY row (no EVENT_ID, SESSION_ID or QUERY_ID with its view’s columns)',
      );
    const out = NORMALIZE[view](rec, row);
    if (typeof out === 'string') sink.reject(rec, out);
    else sink.event(out, rec);
  }
  end(): void {}
}

export const importer: Importer = {
  id: format.id,
  version: '1',
  title: format.title,
  input: 'any',
  detect,
  createParser: () => new SnowflakeParser(),
};
