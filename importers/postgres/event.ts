// A PostgreSQL entry (with the DETAIL / HINT / STATEMENT lines and continuation lines merged into it) → one
// normalized event; and the per-backend session tracking text logs need (no %c in the prefix).
import type { Category, Facts, NormalizedEvent, Outcome, PrincipalType } from '../../core/model/event.js';
import { FACT } from '../../core/model/facts.js';
import { ipOrNull } from '../util/net.js';
import { sessionKeyFor, type PgEntry } from './entry.js';
import { classifySql } from './sql.js';

export interface Attached {
  sev: string;
  text: string;
}

export interface Session {
  /** PostgreSQL-style `%c` from the connection line: hex(connection time).hex(pid). */
  key: string;
  /** The key the backend's own lines state (see lineKeyOf), once a line of it states pid and user; may be qualified. */
  lineKey: string | null;
  /** The unqualified line key, to compare with later lines. */
  baseLineKey: string | null;
  user: string | null;
  db: string | null;
  app: string | null;
  client: string | null;
}

export interface PgGroup {
  entry: PgEntry;
  /** Secondary lines of the same entry (DETAIL, HINT, CONTEXT, STATEMENT, QUERY, LOCATION). */
  parts: Attached[];
  /** Output that is not PostgreSQL's (pg_ctl messages, stack traces) written after the entry. */
  noise: string[];
  session: Session | null;
  /**
   * The session key this entry's own line states (resolved against the tracker when the group opened); undefined
   * when the line states none and the key comes from its backend's session, read when the event is flushed (a
   * `connection received` line learns its key from the backend's next line).
   */
  key?: string | null;
  /** Facts stated by the message itself (authenticated identity). */
  authIdentity: string | null;
  authMethod: string | null;
}

const STATEMENT_CARRIER =
  /^(?:duration: [\d.]+ ms\s+)?(?:statement|execute [^:\n]*|parse [^:\n]*|bind [^:\n]*): ?([\s\S]*)$/;
const DURATION_ONLY = /^duration: [\d.]+ ms\s*$/;
const AUTH_FAIL =
  /^(?:password authentication failed|no pg_hba\.conf entry|pg_hba\.conf rejects|role "[^"]*" does not exist|Peer authentication failed|Ident authentication failed|certificate authentication failed|LDAP authentication failed|RADIUS authentication failed|GSSAPI authentication failed|SSPI authentication failed|SCRAM authentication failed|could not authenticate|database "[^"]*" does not exist|too many connections for role|permission denied for database|must be superuser to connect)/;
const MSG_USER = /\buser(?:=| ")([^\s"]+)"?/;
const MSG_DB = /\bdatabase(?:=| ")([^\s"]+)"?/;
const MSG_APP = /\bapplication_name=(\S+)/;
const MSG_HOST = /\bhost=(\S+)/;
const AUTH_IDENTITY = /^connection authenticated: identity="([^"]*)" method=(\S+)/;
const HEAD_CUT = /[:"(\n]/;
const HAS_DIGIT = /\d/;

const SYSTEM_ROLES = new Set([
  'cloudsqladmin',
  'cloudsqlagent',
  'cloudsqlreplica',
  'cloudsqlimportexport',
  'rdsadmin',
  'rdsrepladmin',
  'rdstopmgr',
  'streaming_replica',
  'replicator',
  'replication',
  'repl',
  'azure_superuser',
  'azuresu',
  'azure_pg_admin',
  'alloydbadmin',
  'alloydbsuperuser',
  'alloydbmetadata',
  'postgres_exporter',
  'pgbouncer',
  'pooler',
  'cnpg_pooler_pgbouncer',
  'barman',
  'pgbackrest',
  'datadog',
  'newrelic',
  'pgwatch',
  'pgwatch2',
  'debezium',
  'dms_user',
  'fivetran',
  'airbyte',
]);
const INTERACTIVE_APP =
  /^(?:psql|pgAdmin|pgadmin|DBeaver|dbeaver|DataGrip|TablePlus|Navicat|Postico|Azure Data Studio|HeidiSQL|Beekeeper|SQLTools|pgcli)/;

export { sessionKeyFor };

/**
 * The session key a stderr line states by itself when its prefix has no `%c` / `%s`: the backend's pid, its
 * `user@database` and, when the prefix has `%r` / `%h`, the client address (`10.40.33.139(53143)`: the client port
 * tells backends of a reused pid apart). Every line of one backend states the same values, in whichever file of the
 * server it is, so a connection whose "connection authorized" line is in an earlier (rotated) file keeps its key.
 * Null when the prefix does not give pid and user.
 */
export function lineKeyOf(e: PgEntry): string | null {
  if (e.pid === null || e.user === null) return null;
  return `${e.pid}:${e.user}@${e.db ?? ''}${e.client ? `:${keyClient(e.client)}` : ''}`;
}

/** The client as `ip(port)` / `ip` / `[local]`, without the separator colons an RDS `%r` after `%t:` leaves on it. */
function keyClient(client: string): string {
  const paren = client.indexOf('(');
  const ip = clientIp(client);
  if (ip === null) return client;
  return paren > 0 ? ip + client.slice(paren) : ip;
}

const isReceived = (msg: string) => msg.startsWith('connection received:');

/**
 * Sessions of text logs: a backend's pid from "connection received" / "authorized" to "disconnection". The key is
 * the line key (lineKeyOf) whenever the prefix states pid and user, so it agrees across the files of one server;
 * a `connection received` line (no user yet) takes it from the backend's next line; prefixes without a user fall
 * back to PostgreSQL's `%c` computed from the connection line.
 */
export class SessionTracker {
  private readonly byPid = new Map<string, Session>();
  /** Line keys of backends that disconnected in this file, per pid: a later line stating one is not that session. */
  private readonly ended = new Map<string, Set<string>>();

  /** The session this entry belongs to, opening or filling it from connection messages. */
  observe(e: PgEntry, lineKey: string | null): Session | null {
    const pid = e.pid;
    if (pid === null) return null;
    const msg = e.message;
    let s = this.byPid.get(pid) ?? null;
    if (isReceived(msg) && e.ts !== null) {
      s = {
        key: sessionKeyFor(e.ts, pid),
        lineKey: null,
        baseLineKey: null,
        user: null,
        db: null,
        app: null,
        client: MSG_HOST.exec(msg)?.[1] ?? null,
      };
      this.set(pid, s);
    } else if (
      (msg.startsWith('connection authorized:') ||
        msg.startsWith('replication connection authorized:') ||
        msg.startsWith('connection authenticated:')) &&
      e.ts !== null
    ) {
      if (!s) {
        s = {
          key: sessionKeyFor(e.ts, pid),
          lineKey: null,
          baseLineKey: null,
          user: null,
          db: null,
          app: null,
          client: null,
        };
        this.set(pid, s);
      }
      if (!msg.startsWith('connection authenticated:')) {
        s.user ??= MSG_USER.exec(msg)?.[1] ?? null;
        s.db ??= MSG_DB.exec(msg)?.[1] ?? null;
        s.app ??= MSG_APP.exec(msg)?.[1] ?? null;
      }
    }
    if (s && lineKey !== null) this.learn(pid, lineKey);
    return s;
  }

  /** A line of the pid's current backend states its key: the session takes it (before its earlier lines flush). */
  learn(pid: string, lineKey: string): void {
    const s = this.byPid.get(pid);
    if (!s || s.baseLineKey !== null) return;
    s.baseLineKey = lineKey;
    // The same pid, user, database and client as a backend that already disconnected in this file: a reused pid.
    // Its own connection time tells it apart here (the files after this one cannot, and state the bare key).
    s.lineKey = this.ended.get(pid)?.has(lineKey) ? `${lineKey}#${s.key}` : lineKey;
  }

  /** The key of an entry whose line states `lineKey`, in the session `s` the tracker has for its pid (if any). */
  keyFor(pid: string | null, lineKey: string, s: Session | null): string | null {
    if (s && s.baseLineKey === lineKey) return s.lineKey;
    // No connection line for this backend in this file: it was opened in an earlier file (or its lines were lost).
    // The same key as a backend that disconnected earlier in this file would join two sessions: state none.
    if (pid !== null && this.ended.get(pid)?.has(lineKey)) return null;
    return lineKey;
  }

  /**
   * A backend's disconnection: `lineKey` is the key the disconnection line states (its session may be in an earlier
   * file).
   */
  close(pid: string | null, lineKey: string | null): void {
    if (pid === null) return;
    const s = this.byPid.get(pid);
    const ended = s?.baseLineKey ?? lineKey;
    if (ended) {
      let set = this.ended.get(pid);
      if (!set) {
        set = new Set();
        this.ended.set(pid, set);
        if (this.ended.size > 65536) this.ended.delete(this.ended.keys().next().value as string);
      }
      set.add(ended);
    }
    this.byPid.delete(pid);
  }

  private set(pid: string, s: Session): void {
    this.byPid.delete(pid);
    this.byPid.set(pid, s);
    if (this.byPid.size > 65536) this.byPid.delete(this.byPid.keys().next().value as string);
  }
}

function principalType(user: string | null, app: string | null): PrincipalType {
  if (user && SYSTEM_ROLES.has(user)) return 'service_account';
  if (app && INTERACTIVE_APP.test(app)) return 'user';
  if (app) return 'service_account';
  return user ? 'unknown' : 'service';
}

function messageHead(msg: string): string {
  const cut = msg.search(HEAD_CUT);
  const head = (cut < 0 ? msg : msg.slice(0, cut)).trim();
  const w = head
    .split(/\s+/)
    .filter((x) => x !== '' && !HAS_DIGIT.test(x))
    .slice(0, 8);
  return w.length > 0 ? w.join(' ') : 'message';
}

function clientIp(client: string | null): string | null {
  if (!client) return null;
  const paren = client.indexOf('(');
  let c = paren > 0 ? client.slice(0, paren) : client;
  let ip = ipOrNull(c);
  // %r right after a ':' separator (RDS "…CET:::1(5432):") leaves separator colons on an IPv6 address.
  while (!ip && c.charCodeAt(0) === 58) {
    c = c.slice(1);
    ip = ipOrNull(c);
  }
  return ip;
}

const FAIL_SEVERITIES = new Set(['ERROR', 'FATAL', 'PANIC']);

export function normalizePg(g: PgGroup): NormalizedEvent {
  const e = g.entry;
  const s = g.session;
  const msg = e.message;
  const authorized = msg.startsWith('connection authorized:') || msg.startsWith('replication connection authorized:');
  let user = e.user ?? s?.user ?? (authorized ? (MSG_USER.exec(msg)?.[1] ?? null) : null);
  let db = e.db ?? s?.db ?? (authorized ? (MSG_DB.exec(msg)?.[1] ?? null) : null);
  const app = e.app ?? s?.app ?? (authorized ? (MSG_APP.exec(msg)?.[1] ?? null) : null);
  const severity = e.severity;

  const carrier = STATEMENT_CARRIER.exec(msg);
  let statement = carrier ? carrier[1] : (e.statement ?? null);
  for (const p of g.parts) if (p.sev === 'STATEMENT' || (p.sev === 'QUERY' && !statement)) statement = p.text;

  let action: string;
  let category: Category = 'other';
  let tamper: string | null = null;
  const failed = severity !== null && FAIL_SEVERITIES.has(severity);
  if (msg.startsWith('connection received:')) action = 'connection received';
  else if (msg.startsWith('connection authenticated:')) {
    action = 'connection authenticated';
    category = 'auth';
  } else if (authorized) {
    action = 'connection authorized';
    category = 'auth';
  } else if (msg.startsWith('disconnection:')) action = 'disconnection';
  else if (failed && (AUTH_FAIL.test(msg) || e.sqlstate?.startsWith('28') || e.sqlstate === '3D000')) {
    action = 'authentication';
    category = 'auth';
    user ??= MSG_USER.exec(msg)?.[1] ?? null;
    db ??= MSG_DB.exec(msg)?.[1] ?? null;
  } else if (carrier || (statement && failed)) {
    const sql = classifySql(statement ?? '');
    action = sql.action;
    category = sql.category;
    if (sql.tamper) tamper = (statement ?? '').slice(0, 500);
  } else if (DURATION_ONLY.test(msg)) action = 'duration';
  else action = messageHead(msg);

  const { outcome, code } = outcomeOf(severity, e.sqlstate);
  const detail = detailOf(g, statement, carrier !== null);
  const facts: Facts = {};
  if (e.account) facts[FACT.account] = e.account;
  if (e.host) facts[FACT.host] = e.host;
  if (g.authIdentity) {
    if (g.authIdentity !== user) facts[FACT.alias] = `${g.authMethod ?? 'postgres'}|${g.authIdentity}`;
    if (g.authMethod) facts[FACT.credentialType] = g.authMethod;
  }
  if (tamper) facts[FACT.logTamper] = tamper;

  let principal = user;
  let ptype = principalType(user, app);
  if (!principal && e.backendType && e.backendType !== 'client backend' && e.backendType !== 'not initialized') {
    principal = e.backendType;
    ptype = 'service';
  }
  return {
    ts: e.ts ?? 0,
    principal,
    principalType: ptype,
    sessionKey: e.sessionId ?? (g.key !== undefined ? g.key : s ? (s.lineKey ?? s.key) : null),
    action,
    category,
    resource: db ? `db:${db}` : null,
    resourceType: db ? 'database' : null,
    outcome,
    errorCode: code,
    srcIp: clientIp(e.client) ?? clientIp(s?.client ?? null),
    userAgent: app,
    detail,
    facts: Object.keys(facts).length > 0 ? facts : undefined,
  };
}

function outcomeOf(severity: string | null, sqlstate: string | null): { outcome: Outcome; code: string | null } {
  if (severity === null) return { outcome: 'unknown', code: null };
  if (FAIL_SEVERITIES.has(severity))
    return { outcome: 'failure', code: sqlstate && sqlstate !== '00000' ? sqlstate : severity };
  if (sqlstate && sqlstate !== '00000' && !sqlstate.startsWith('01') && !sqlstate.startsWith('02'))
    return { outcome: 'failure', code: sqlstate };
  return { outcome: 'success', code: null };
}

function detailOf(g: PgGroup, statement: string | null, carried: boolean): string | null {
  const e = g.entry;
  const out: string[] = [];
  // In the order PostgreSQL writes them: the message (or the statement it carries), DETAIL, HINT, CONTEXT, STATEMENT.
  if (statement && carried) out.push(statement);
  else out.push(e.severity && e.severity !== 'LOG' ? `${e.severity}:  ${e.message}` : e.message);
  if (e.detail) out.push(`DETAIL:  ${e.detail}`);
  if (e.hint) out.push(`HINT:  ${e.hint}`);
  if (e.context) out.push(`CONTEXT:  ${e.context}`);
  if (e.statement && !carried) out.push(`STATEMENT:  ${e.statement}`);
  for (const p of g.parts) out.push(`${p.sev}:  ${p.text}`);
  for (const n of g.noise) out.push(n);
  const d = out.filter((x) => x !== '').join('\n');
  if (d === '') return null;
  return d.length > 8000 ? d.slice(0, 8000) + '…' : d;
}

export function authIdentityOf(msg: string): { identity: string; method: string } | null {
  const m = AUTH_IDENTITY.exec(msg);
  return m ? { identity: m[1], method: m[2] } : null;
}
