// Event rows for the CLI, the grid and the timeline: filters, full-text search and keyset paging, in time order.
// Ids are time-keyed (core/evidence/event-ids.ts), so time bounds are id ranges and order is rowid order.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { flagBit } from '../model/flags.js';
import { SLOTS_PER_MS } from '../evidence/event-ids.js';
import { parseSearch, fieldCondition } from './search.js';
import { identityCondition, sessionCondition, type Condition } from './identity-filter.js';
import { toEventJson, type EventJson, type EventRow } from './event-json.js';
import { nameMaps } from './names.js';

export interface EventFilter {
  identity?: string;
  session?: string;
  search?: string;
  /** µs, inclusive */
  from?: number;
  /** µs, exclusive */
  to?: number;
  out_of_scope?: boolean;
  flags?: string[];
  formats?: string[];
  categories?: string[];
  outcomes?: string[];
  principal?: string;
  action?: string;
  resource?: string;
  src_ip?: string;
  evidence_id?: number;
  ids?: number[];
}

export interface PageOptions {
  limit?: number;
  /** Keyset cursor: rows after (asc) / before (desc) this event id. */
  after?: number;
  order?: 'asc' | 'desc';
}

const COLUMNS = `e.id, e.ts, e.evidence_id, e.ref_line, e.ref_index, e.ref_offset, e.format, e.principal, e.principal_type,
  e.session_key, e.action, e.category, e.resource, e.resource_type, e.outcome, e.error_code, e.src_ip, e.user_agent, e.detail,
  e.raw_sha256, e.identity_id, e.session_id, e.flags`;

function inList(column: string, values: string[]): Condition {
  return { sql: `${column} IN (${values.map(() => '?').join(',')})`, args: values };
}

export function buildConditions(db: CaseDb, f: EventFilter): { conds: Condition[]; fts: string | null } {
  const conds: Condition[] = [];
  let fts: string | null = null;
  if (f.search && f.search.trim() !== '') {
    const parsed = parseSearch(f.search);
    fts = parsed.fts;
    for (const ff of parsed.fields) {
      conds.push(asCond(fieldCondition(ff.field, ff.value)));
    }
    if (!fts && parsed.fields.length === 0) conds.push({ sql: '0', args: [] });
  }
  if (f.from !== undefined) {
    conds.push({ sql: 'e.id >= ?', args: [Math.floor(f.from / 1000) * SLOTS_PER_MS] });
    conds.push({ sql: 'e.ts >= ?', args: [f.from] });
  }
  if (f.to !== undefined) {
    // One extra slot: ids of a crowded millisecond may spill into the next one.
    conds.push({ sql: 'e.id < ?', args: [(Math.ceil(f.to / 1000) + 1) * SLOTS_PER_MS] });
    conds.push({ sql: 'e.ts < ?', args: [f.to] });
  }
  if (f.identity) conds.push(identityCondition(db, f.identity));
  if (f.session) conds.push(sessionCondition(db, f.session));
  // `flags != 0` first: it lets SQLite read the flagged events from their partial index instead of every event.
  if (f.out_of_scope) conds.push({ sql: 'e.flags != 0 AND (e.flags & 1) != 0', args: [] });
  if (f.flags && f.flags.length > 0) {
    let mask = 0;
    for (const name of f.flags) {
      const bit = flagBit(name);
      if (bit === undefined) throw new UserError('INVALID_PARAMS', `unknown flag ${name}`);
      mask |= bit;
    }
    conds.push({ sql: 'e.flags != 0 AND (e.flags & ?) != 0', args: [mask] });
  }
  if (f.formats?.length) conds.push(inList('e.format', f.formats));
  if (f.categories?.length) conds.push(inList('e.category', f.categories));
  if (f.outcomes?.length) conds.push(inList('e.outcome', f.outcomes));
  if (f.principal) conds.push(asCond(fieldCondition('principal', f.principal)));
  if (f.action) conds.push(asCond(fieldCondition('action', f.action)));
  if (f.resource) conds.push(asCond(fieldCondition('resource', f.resource)));
  if (f.src_ip) conds.push(asCond(fieldCondition('src_ip', f.src_ip)));
  if (f.evidence_id !== undefined) conds.push({ sql: 'e.evidence_id = ?', args: [f.evidence_id] });
  if (f.ids)
    conds.push(
      f.ids.length > 0 ? { sql: `e.id IN (${f.ids.map(() => '?').join(',')})`, args: f.ids } : { sql: '0', args: [] },
    );
  return { conds, fts };
}

function asCond(c: { sql: string; arg: string }): Condition {
  return { sql: c.sql, args: [c.arg] };
}

export function queryEvents(db: CaseDb, f: EventFilter, page: PageOptions = {}): EventJson[] {
  const limit = Math.max(1, Math.min(page.limit ?? 100, 100_000));
  const desc = page.order === 'desc';
  const { conds, fts } = buildConditions(db, f);
  if (page.after !== undefined) conds.push({ sql: desc ? 'e.id < ?' : 'e.id > ?', args: [page.after] });
  const where = conds.map((c) => c.sql);
  const args = conds.flatMap((c) => c.args);
  let sql: string;
  if (fts) {
    sql = `SELECT ${COLUMNS} FROM events_fts f JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ?${where.length ? ' AND ' + where.join(' AND ') : ''}
      ORDER BY f.rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
    args.unshift(fts);
  } else {
    sql = `SELECT ${COLUMNS} FROM events e${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY e.id ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
  }
  args.push(limit);
  let rows: EventRow[];
  try {
    rows = db.prepare(sql).all(...args) as EventRow[];
  } catch (e) {
    if (fts && /fts5|syntax/i.test((e as Error).message))
      throw new UserError('INVALID_QUERY', `cannot search for ${JSON.stringify(f.search)}`);
    throw e;
  }
  const names = nameMaps(
    db,
    rows.flatMap((r) => (r.identity_id !== null ? [r.identity_id] : [])),
    rows.flatMap((r) => (r.session_id !== null ? [r.session_id] : [])),
  );
  return rows.map((r) => toEventJson(r, names));
}

/** How many events match (the grid's total). */
export function countEvents(db: CaseDb, f: EventFilter): number {
  const { conds, fts } = buildConditions(db, f);
  const where = conds.map((c) => c.sql);
  const args = conds.flatMap((c) => c.args);
  if (fts) {
    if (where.length === 0)
      return db.prepare('SELECT count(*) FROM events_fts WHERE events_fts MATCH ?').pluck().get(fts) as number;
    return db
      .prepare(
        `SELECT count(*) FROM events_fts f JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ? AND ${where.join(' AND ')}`,
      )
      .pluck()
      .get(fts, ...args) as number;
  }
  return db
    .prepare(`SELECT count(*) FROM events e${where.length ? ' WHERE ' + where.join(' AND ') : ''}`)
    .pluck()
    .get(...args) as number;
}
