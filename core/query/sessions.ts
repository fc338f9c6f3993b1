// Reconstructed sessions for the CLI, the session timeline and the identity view.
import { decodeCursor, encodeCursor, pageLimit, type Page } from './page.js';
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { identityIds } from './resolve.js';
import { sessionName } from './names.js';
import { exposureOf, type ExposureJson } from './exposure.js';

export interface SessionParent {
  /** the session that issued this one's credential, when the log shows it */
  session: number | null;
  identity: string | null;
  identity_id: number | null;
  /** the issuing event (AssumeRole*, CreateAccessKey, a Vault login…) */
  event: number;
  action: string | null;
  ts: string;
  /**
   * The rule that tied the session to its parent (docs/derivation.md): `issued-key` (its key is what the event
   * issued), `issued-login-name`, `vault-db-username-template`, `presented-credential`, or — when the issuing
   * event was a login made by a session of another system — `caller-key`, `ci-run-claims`, `caller-principal`,
   * `federated-subject-session`.
   */
  method: string | null;
  /** 0–1: how sure that rule is (an inferred cross-system caller is less sure than a shared key). */
  confidence: number | null;
}

export interface SessionJson {
  id: number;
  name: string;
  identity: string | null;
  identity_id: number | null;
  principal: string | null;
  /** the log's own session / credential key; null for sessions cut by inactivity */
  key: string | null;
  kind: 'credential' | 'gap';
  start: string;
  end: string;
  events: number;
  failures: number;
  sources: string[];
  src_ips: string[];
  ip_count: number;
  user_agents: string[];
  parent: SessionParent | null;
  source_identity: string | null;
  host: string | null;
  first_event: number;
  last_event: number;
  /** what the session read and how much, where its sources state it (null: nothing stated) */
  exposure: ExposureJson | null;
}

interface Row {
  id: number;
  identity_id: number | null;
  identity: string | null;
  principal: string | null;
  session_key: string | null;
  kind: 'credential' | 'gap';
  start_ts: number;
  end_ts: number;
  events: number;
  failures: number;
  sources: string;
  src_ips: string;
  ip_count: number;
  user_agents: string;
  parent_session_id: number | null;
  parent_identity_id: number | null;
  parent_identity: string | null;
  parent_event: number | null;
  parent_ts: number | null;
  parent_action: string | null;
  parent_method: string | null;
  parent_confidence: number | null;
  source_identity: string | null;
  host: string | null;
  first_event: number;
  last_event: number;
}

export const SESSION_SELECT = `SELECT s.id, s.identity_id, i.name AS identity, s.principal, s.session_key, s.kind, s.start_ts, s.end_ts, s.events,
  s.failures, s.sources, s.src_ips, s.ip_count, s.user_agents, s.parent_session_id, s.parent_identity_id, p.name AS parent_identity,
  s.parent_event, s.parent_ts, s.parent_action, s.parent_method, s.parent_confidence, s.source_identity, s.host, s.first_event, s.last_event
  FROM sessions s LEFT JOIN identities i ON i.id = s.identity_id LEFT JOIN identities p ON p.id = s.parent_identity_id`;

export function sessionJson(r: Row): SessionJson {
  return {
    id: r.id,
    name: sessionName(r.id),
    identity: r.identity,
    identity_id: r.identity_id,
    principal: r.principal,
    key: r.session_key,
    kind: r.kind,
    start: formatMicros(r.start_ts),
    end: formatMicros(r.end_ts),
    events: r.events,
    failures: r.failures,
    sources: r.sources ? r.sources.split(',') : [],
    src_ips: r.src_ips ? r.src_ips.split(',') : [],
    ip_count: r.ip_count,
    user_agents: r.user_agents ? r.user_agents.split('\n') : [],
    parent:
      r.parent_event === null
        ? null
        : {
            session: r.parent_session_id,
            identity: r.parent_identity,
            identity_id: r.parent_identity_id,
            event: r.parent_event,
            action: r.parent_action,
            ts: formatMicros(r.parent_ts!),
            method: r.parent_method,
            confidence: r.parent_confidence,
          },
    source_identity: r.source_identity,
    host: r.host,
    first_event: r.first_event,
    last_event: r.last_event,
    exposure: null,
  };
}

/** Attaches each session's data exposure (one query for the page). */
export function withExposure(db: CaseDb, sessions: SessionJson[]): SessionJson[] {
  const ex = exposureOf(
    db,
    'session',
    sessions.map((s) => s.id),
  );
  for (const s of sessions) s.exposure = ex.get(s.id) ?? null;
  return sessions;
}

export interface SessionListOptions {
  /** an identity id, name or alias (resolveIdentityIds) */
  identity?: string;
  /** identities by id */
  identityIds?: number[];
  /** µs: sessions active at or after */
  from?: number;
  /** µs: sessions starting before */
  to?: number;
  limit?: number;
  offset?: number;
  /** only sessions opened by a credential another event issued */
  linked?: boolean;
}

function sessionWhere(db: CaseDb, o: SessionListOptions): { where: string[]; args: unknown[] } | null {
  const where: string[] = [];
  const args: unknown[] = [];
  if (o.identity !== undefined) {
    const ids = identityIds(db, o.identity);
    if (ids.length === 0) return null;
    where.push(`s.identity_id IN (${ids.map(() => '?').join(',')})`);
    args.push(...ids);
  }
  if (o.identityIds !== undefined) {
    where.push(`s.identity_id IN (${o.identityIds.map(() => '?').join(',') || 'NULL'})`);
    args.push(...o.identityIds);
  }
  if (o.from !== undefined) {
    where.push('s.end_ts >= ?');
    args.push(o.from);
  }
  if (o.to !== undefined) {
    where.push('s.start_ts < ?');
    args.push(o.to);
  }
  if (o.linked) where.push('s.parent_event IS NOT NULL');
  return { where, args };
}

export function listSessions(db: CaseDb, o: SessionListOptions = {}): SessionJson[] {
  const w = sessionWhere(db, o);
  if (!w) return [];
  const { where, args } = w;
  const sql = `${SESSION_SELECT}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY s.start_ts, s.id LIMIT ? OFFSET ?`;
  return withExposure(db, (db.prepare(sql).all(...args, o.limit ?? 1000, o.offset ?? 0) as Row[]).map(sessionJson));
}

/** One page of `listSessions` (start time order), by keyset: {items, next, total}. */
export function pageSessions(
  db: CaseDb,
  o: Omit<SessionListOptions, 'limit' | 'offset'> & { cursor?: string; limit?: number } = {},
): Page<SessionJson> {
  const limit = pageLimit(o.limit);
  const w = sessionWhere(db, o);
  if (!w) return { items: [], next: null, total: 0 };
  const { where, args } = w;
  const cond = (ws: string[]) => (ws.length ? ' WHERE ' + ws.join(' AND ') : '');
  const total = db
    .prepare(`SELECT count(*) FROM sessions s${cond(where)}`)
    .pluck()
    .get(...args) as number;
  if (o.cursor) {
    const [start, id] = decodeCursor(o.cursor, ['number', 'number']);
    where.push('(s.start_ts > ? OR (s.start_ts = ? AND s.id > ?))');
    args.push(start, start, id);
  }
  const rows = db
    .prepare(`${SESSION_SELECT}${cond(where)} ORDER BY s.start_ts, s.id LIMIT ?`)
    .all(...args, limit + 1) as Row[];
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows[rows.length - 1];
  return {
    items: withExposure(db, rows.map(sessionJson)),
    next: more ? encodeCursor([last.start_ts, last.id]) : null,
    total,
  };
}

export function getSession(db: CaseDb, id: number): (SessionJson & { children: SessionJson[] }) | null {
  const r = db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  if (!r) return null;
  const children = withExposure(
    db,
    (db.prepare(`${SESSION_SELECT} WHERE s.parent_session_id = ? ORDER BY s.start_ts LIMIT 1000`).all(id) as Row[]).map(
      sessionJson,
    ),
  );
  return { ...withExposure(db, [sessionJson(r)])[0], children };
}
