// How `--identity I` and `--session S` select events. I matches an identity id (a merged identity's old id
// leads to its successor), its name, its canonical key or any alias value ("system|value" too), else the last
// part of an alias after a `/` or `:` (`backup-svc` or `user/backup-svc` for arn:aws:iam::1:user/backup-svc); S a
// derived session id (`S12` or `12`) or a log session key. Both use the partial index on event_derived(identity_id) and
// the session's rowid range, never a scan of the whole table. Before derivation has run, I matches the principal.
import type { CaseDb } from '../casefile/open.js';

export interface Condition {
  sql: string;
  args: unknown[];
}

export function identityCondition(db: CaseDb, identity: string): Condition {
  const ids = resolveIdentityIds(db, identity);
  if (ids.length > 0) return identityIdsCondition(db, ids);
  return { sql: 'e.principal = ?', args: [identity] };
}

/**
 * Beyond this many events, the events of some identities are read in time order rather than from the identity
 * index: the index hands over every one of them to be sorted before the first page (identity:*deploy* on 10M
 * events: 2M rows, 15–45 s), while reading in time order meets a page of so common a match at once.
 */
const INDEXED_MAX_EVENTS = 20_000;

/** The events of these identities; `+` keeps SQLite from the identity index when they are many (see above). */
export function identityIdsCondition(db: CaseDb, ids: number[]): Condition {
  const marks = ids.map(() => '?').join(',');
  const events = db
    .prepare(`SELECT coalesce(sum(events), 0) FROM identities WHERE id IN (${marks})`)
    .pluck()
    .get(...ids) as number;
  return { sql: `${events > INDEXED_MAX_EVENTS ? '+' : ''}e.identity_id IN (${marks})`, args: ids };
}

/** Live identity ids whose id, name, key or alias equals the given string. */
export function resolveIdentityIds(db: CaseDb, identity: string): number[] {
  const out = new Set<number>();
  const m = /^I?(\d+)$/.exec(identity);
  if (m) {
    const st = db.prepare('SELECT id, live, merged_into FROM identities WHERE id = ?');
    let id: number | null = Number(m[1]);
    for (let hop = 0; hop < 20 && id !== null; hop++) {
      const r = st.get(id) as { id: number; live: number; merged_into: number | null } | undefined;
      if (!r) break;
      if (r.live === 1) {
        out.add(r.id);
        break;
      }
      id = r.merged_into;
    }
  }
  for (const id of db
    .prepare('SELECT id FROM identities WHERE (name = ? OR key = ?) AND live = 1')
    .pluck()
    .all(identity, identity) as number[])
    out.add(id);
  for (const id of db
    .prepare('SELECT DISTINCT identity_id FROM aliases WHERE value = ?')
    .pluck()
    .all(identity) as number[])
    out.add(id);
  const bar = identity.indexOf('|');
  if (bar > 0) {
    for (const id of db
      .prepare('SELECT DISTINCT identity_id FROM aliases WHERE system = ? AND value = ?')
      .pluck()
      .all(identity.slice(0, bar), identity.slice(bar + 1)) as number[])
      out.add(id);
  }
  if (out.size === 0 && /^[\w.@+=,-][\w.@+=,/:-]+$/.test(identity)) {
    // A trailing part as the workbench shows it ("user/backup-svc", "backup-svc" for arn:…:user/backup-svc,
    // "payments-api" for …:payments:payments-api).
    for (const id of db
      .prepare("SELECT DISTINCT identity_id FROM aliases WHERE value LIKE ? ESCAPE '\\' OR value LIKE ? ESCAPE '\\'")
      .pluck()
      .all(`%/${likeEscape(identity)}`, `%:${likeEscape(identity)}`) as number[])
      out.add(id);
  }
  return [...out];
}

/**
 * Live identity ids whose name, key or an alias matches a LIKE pattern (case-insensitive for ASCII; `\` escapes):
 * what `identity:*backup*` resolves to.
 */
export function resolveIdentityPattern(db: CaseDb, like: string): number[] {
  const out = new Set<number>(
    db
      .prepare("SELECT id FROM identities WHERE (name LIKE ? ESCAPE '\\' OR key LIKE ? ESCAPE '\\') AND live = 1")
      .pluck()
      .all(like, like) as number[],
  );
  for (const id of db
    .prepare(
      "SELECT DISTINCT a.identity_id FROM aliases a JOIN identities i ON i.id = a.identity_id AND i.live = 1 WHERE a.value LIKE ? ESCAPE '\\'",
    )
    .pluck()
    .all(like) as number[])
    out.add(id);
  return [...out];
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface SessionRange {
  id: number;
  identity_id: number | null;
  identity_count: number;
  first_event: number;
  last_event: number;
}

function rangeCondition(s: SessionRange): Condition {
  if (s.identity_id !== null && s.identity_count === 1) {
    return {
      sql: '(e.identity_id = ? AND e.id BETWEEN ? AND ? AND e.session_id = ?)',
      args: [s.identity_id, s.first_event, s.last_event, s.id],
    };
  }
  return { sql: '(e.id BETWEEN ? AND ? AND e.session_id = ?)', args: [s.first_event, s.last_event, s.id] };
}

/** Derived sessions named by S: a session id, else every session of a log session key. */
export function resolveSessions(db: CaseDb, session: string): SessionRange[] {
  const cols = 'id, identity_id, identity_count, first_event, last_event';
  const m = /^S?(\d+)$/.exec(session);
  if (m) {
    const r = db.prepare(`SELECT ${cols} FROM sessions WHERE id = ?`).get(Number(m[1])) as SessionRange | undefined;
    if (r && (session.startsWith('S') || !db.prepare('SELECT 1 FROM sessions WHERE session_key = ?').get(session)))
      return [r];
  }
  return db
    .prepare(`SELECT ${cols} FROM sessions WHERE session_key = ? ORDER BY start_ts LIMIT 500`)
    .all(session) as SessionRange[];
}

export function sessionCondition(db: CaseDb, session: string): Condition {
  const found = resolveSessions(db, session);
  if (found.length === 0) return { sql: 'e.session_key = ?', args: [session] };
  const parts = found.map(rangeCondition);
  return {
    sql: parts.length === 1 ? parts[0].sql : `(${parts.map((p) => p.sql).join(' OR ')})`,
    args: parts.flatMap((p) => p.args),
  };
}
