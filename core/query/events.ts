// Event rows for the CLI, the grid and the timeline: filters, full-text search and keyset paging, in time order.
// Ids are time-keyed (core/evidence/event-ids.ts), so time bounds are id ranges and order is rowid order.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { isCorruption } from '../casefile/damage.js';
import { flagBit, FLAG_NAMES } from '../model/flags.js';
import { SLOTS_PER_MS } from '../evidence/event-ids.js';
import { compileSearch, fieldFilter, SearchError } from './search.js';
import { columnQuery } from '../model/search/column.js';
import { type Condition } from './identity-filter.js';
import { identityFilter, sessionFilter } from './resolve.js';
import { keepMatches, keptMatches, matchKey, MAX_KEPT, pageOf, PROBE } from './match-cache.js';
import { toEventJson, type EventJson, type EventRow } from './event-json.js';
import { nameMaps } from './names.js';
import { intelFor } from './enrichment.js';

export interface EventFilter {
  identity?: string;
  session?: string;
  /** A query in the search grammar (README "Search"). */
  search?: string;
  /** Grid column filters: field → a query over that field, "contains" by default (core/model/search/column.ts). */
  columns?: Record<string, string>;
  /**
   * IANA zone in which the search's times without an offset are read (after:2026-03-10T09:00); default: the case's
   * display zone.
   */
  tz?: string;
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
  /** One group of a grouped grid: events whose `column` holds exactly `key` (null: none); see groupCounts. */
  group?: { column: FacetColumn; key: string | null };
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

export interface BuiltConditions {
  conds: Condition[];
  /** The FTS5 expression that drives the query (events_fts MATCH), or null. */
  fts: string | null;
  /**
   * Without free text: the value-index expression (search_postings MATCH) whose hits include every match, in id
   * order, which then drives the query; null when no field filter can narrow it.
   */
  postings: string | null;
  /** Id bounds of the time range, also given to the FTS index so it skips hits outside them. */
  idFrom?: number;
  idTo?: number;
}

export function buildConditions(db: CaseDb, f: EventFilter): BuiltConditions {
  const conds: Condition[] = [];
  let fts: string | null = null;
  const postings: string[] = [];
  let idFrom: number | undefined;
  let idTo: number | undefined;
  if (f.search && f.search.trim() !== '') {
    const plan = compileSearch(db, f.search, { tz: f.tz });
    if (plan) {
      fts = plan.fts;
      conds.push(...plan.conds);
      if (plan.postings) postings.push(plan.postings);
    }
  }
  for (const [field, text] of Object.entries(f.columns ?? {})) {
    const plan = columnPlan(db, field, text, f.tz);
    if (!plan) continue;
    conds.push(...plan.conds);
    if (plan.postings) postings.push(plan.postings);
  }
  if (f.from !== undefined) {
    idFrom = Math.floor(f.from / 1000) * SLOTS_PER_MS;
    conds.push({ sql: 'e.id >= ?', args: [idFrom] });
    conds.push({ sql: 'e.ts >= ?', args: [f.from] });
  }
  if (f.to !== undefined) {
    // One extra slot: ids of a crowded millisecond may spill into the next one.
    idTo = (Math.ceil(f.to / 1000) + 1) * SLOTS_PER_MS;
    conds.push({ sql: 'e.id < ?', args: [idTo] });
    conds.push({ sql: 'e.ts < ?', args: [f.to] });
  }
  if (f.identity) conds.push(identityFilter(db, f.identity));
  if (f.session) conds.push(sessionFilter(db, f.session));
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
  if (f.principal) conds.push(fieldFilter(db, 'principal', f.principal));
  if (f.action) conds.push(fieldFilter(db, 'action', f.action));
  if (f.resource) conds.push(fieldFilter(db, 'resource', f.resource));
  if (f.src_ip) conds.push(fieldFilter(db, 'src_ip', f.src_ip));
  if (f.evidence_id !== undefined) conds.push({ sql: 'e.evidence_id = ?', args: [f.evidence_id] });
  if (f.group) conds.push(groupCondition(f.group.column, f.group.key));
  if (f.ids)
    conds.push(
      f.ids.length > 0 ? { sql: `e.id IN (${f.ids.map(() => '?').join(',')})`, args: f.ids } : { sql: '0', args: [] },
    );
  return {
    conds,
    fts,
    postings: fts === null && postings.length > 0 ? postings.join(' AND ') : null,
    idFrom,
    idTo,
  };
}

/** The compiled query of one column filter; its errors name the column and point into what was typed there. */
function columnPlan(db: CaseDb, field: string, text: string, tz: string | undefined) {
  const q = columnQuery(field, text);
  if (q === null) return null;
  try {
    return compileSearch(db, q, { tz });
  } catch (e) {
    if (!(e instanceof SearchError)) throw e;
    const err = new SearchError(e.info.message, 0, text.length, e.info);
    err.info.query = text;
    err.message = `${field} filter ${JSON.stringify(text)}: ${e.info.message}`;
    throw err;
  }
}

interface Selection {
  from: string;
  /** The same, over the imported rows alone when no condition reads derived values: counting many matches
   * through the events view costs a lookup in event_derived per match. */
  countFrom: string;
  where: string[];
  args: unknown[];
  /** Column that orders matches by id (time). */
  order: string;
  /** Identifies the filter for the match cache. */
  key: string;
}

/**
 * What a filter selects: events_fts drives it when free text is required (hits in id order), else the value
 * index when a field filter narrows it (search_postings: hits in id order, each checked by the conditions), else
 * the events.
 */
function select(b: BuiltConditions): Selection {
  const where = b.conds.map((c) => c.sql);
  const args = b.conds.flatMap((c) => c.args);
  const key = matchKey(`${b.fts ?? ''}|${where.join(' AND ')}`, [b.fts, ...args]);
  const rows = where.some((w) => DERIVED.test(w)) ? 'events e' : 'event_rows e';
  const driver = b.fts
    ? { table: 'events_fts', match: b.fts }
    : b.postings
      ? { table: 'search_postings', match: b.postings }
      : null;
  if (!driver) return { from: 'events e', countFrom: rows, where, args, order: 'e.id', key };
  const head = [`${driver.table} MATCH ?`];
  const headArgs: unknown[] = [driver.match];
  if (b.idFrom !== undefined) {
    head.push('f.rowid >= ?');
    headArgs.push(b.idFrom);
  }
  if (b.idTo !== undefined) {
    head.push('f.rowid < ?');
    headArgs.push(b.idTo);
  }
  return {
    from: `${driver.table} f JOIN events e ON e.id = f.rowid`,
    countFrom: `${driver.table} f JOIN ${rows} ON e.id = f.rowid`,
    where: [...head, ...where],
    args: [...headArgs, ...args],
    order: 'f.rowid',
    key,
  };
}

const DERIVED = /\be\.(?:identity_id|session_id|flags)\b/;

function statement(sel: Selection, what: string, extra: string[] = [], tail = '', from = sel.from): string {
  const where = [...sel.where, ...extra];
  return `SELECT ${what} FROM ${from}${where.length ? ' WHERE ' + where.join(' AND ') : ''}${tail}`;
}

function rowsByIds(db: CaseDb, ids: number[], desc: boolean): EventRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM events e WHERE e.id IN (${ids.map(() => '?').join(',')}) ORDER BY e.id ${desc ? 'DESC' : 'ASC'}`,
    )
    .all(...ids) as EventRow[];
}

function run<T>(f: EventFilter, b: BuiltConditions, go: () => T): T {
  try {
    return go();
  } catch (e) {
    // A damaged index is the case's fault, not the search's (CASE_DAMAGED, with what to do).
    if (isCorruption(e)) throw e;
    // The compiler quotes every word, so FTS5 should never see a syntax error; if it does, say which search.
    if (b.fts && /fts5|syntax/i.test((e as Error).message))
      throw new UserError('INVALID_QUERY', `cannot search for ${JSON.stringify(f.search)}: ${(e as Error).message}`);
    throw e;
  }
}

export function queryEvents(db: CaseDb, f: EventFilter, page: PageOptions = {}): EventJson[] {
  const limit = Math.max(1, Math.min(page.limit ?? 100, 100_000));
  const desc = page.order === 'desc';
  const built = buildConditions(db, f);
  const sel = select(built);
  const kept = keptMatches(db, sel.key);
  let rows: EventRow[];
  if (kept) rows = rowsByIds(db, pageOf(kept, page.after, limit, desc), desc);
  else {
    const cursor = page.after !== undefined ? [`${sel.order} ${desc ? '<' : '>'} ?`] : [];
    const sql = statement(sel, COLUMNS, cursor, ` ORDER BY ${sel.order} ${desc ? 'DESC' : 'ASC'} LIMIT ?`);
    const args = [...sel.args, ...(page.after !== undefined ? [page.after] : []), limit];
    rows = run(f, built, () => db.prepare(sql).all(...args) as EventRow[]);
    // A first page that is not full holds every match: keep them for the count and the pages that follow.
    if (page.after === undefined && rows.length < limit)
      keepMatches(
        db,
        sel.key,
        rows.map((r) => r.id).sort((a, b) => a - b),
      );
  }
  const names = nameMaps(
    db,
    rows.flatMap((r) => (r.identity_id !== null ? [r.identity_id] : [])),
    rows.flatMap((r) => (r.session_id !== null ? [r.session_id] : [])),
  );
  const intel = intelFor(
    db,
    rows.map((r) => r.src_ip),
  );
  return rows.map((r) => toEventJson(r, names, intel));
}

function fewIds(db: CaseDb, f: EventFilter, built: BuiltConditions, sel: Selection, max: number): number[] | null {
  const kept = keptMatches(db, sel.key);
  if (kept) return kept.length <= max ? kept : null;
  const sql = statement(sel, 'e.id', [], ` ORDER BY ${sel.order} LIMIT ?`);
  const ids = run(
    f,
    built,
    () =>
      db
        .prepare(sql)
        .pluck()
        .all(...sel.args, Math.max(max, 0) + 1) as number[],
  );
  if (ids.length > max) return null;
  keepMatches(db, sel.key, ids);
  return ids;
}

/** Ids of every event matching, in id order, when there are at most `max`; null when there are more. */
export function matchingIds(db: CaseDb, f: EventFilter, max = MAX_KEPT): number[] | null {
  const built = buildConditions(db, f);
  return fewIds(db, f, built, select(built), max);
}

/** How many events match (the grid's total). */
export function countEvents(db: CaseDb, f: EventFilter): number {
  const built = buildConditions(db, f);
  const sel = select(built);
  const kept = keptMatches(db, sel.key);
  if (kept) return kept.length;
  if (built.fts && sel.where.length === 1) {
    const sql = 'SELECT count(*) FROM events_fts WHERE events_fts MATCH ?';
    return run(f, built, () => db.prepare(sql).pluck().get(built.fts) as number);
  }
  // Few matches: one pass finds them all, and the pages that follow reuse them. Many: count them.
  const few = fewIds(db, f, built, sel, PROBE);
  if (few) return few.length;
  const sql = statement(sel, 'count(*)', [], '', sel.countFrom);
  return run(
    f,
    built,
    () =>
      db
        .prepare(sql)
        .pluck()
        .get(...sel.args) as number,
  );
}

/** Columns the grid can count values of (field statistics, group-by), as SQL over the events view. */
export const FACET_COLUMNS = {
  action: 'e.action',
  category: 'e.category',
  resource: 'e.resource',
  resource_type: 'e.resource_type',
  outcome: 'e.outcome',
  src_ip: 'e.src_ip',
  format: 'e.format',
  principal: 'e.principal',
  user_agent: 'e.user_agent',
  error_code: 'e.error_code',
  session_key: 'e.session_key',
  identity: 'e.identity_id',
} as const;
export type FacetColumn = keyof typeof FACET_COLUMNS | 'flags';

export interface FacetValue {
  /** The value (an identity's name for `identity`); null when the events hold none. */
  value: string | null;
  count: number;
}

/**
 * The most frequent values of one column over the events a filter matches, most frequent first, at most `limit`
 * (ties by value). `flags` counts each flag (an event may hold several).
 */
export function facetEvents(db: CaseDb, f: EventFilter, column: FacetColumn, limit: number): FacetValue[] {
  const built = buildConditions(db, f);
  const sel = select(built);
  if (column === 'flags') {
    const sums = FLAG_NAMES.map(([bit, name]) => `sum((e.flags & ${bit}) != 0) AS "${name}"`).join(', ');
    const sql = statement(sel, sums, ['e.flags != 0']);
    const row = run(f, built, () => db.prepare(sql).get(...sel.args) as Record<string, number | null>);
    return FLAG_NAMES.map(([, name]) => ({ value: name as string | null, count: row[name] ?? 0 }))
      .filter((v) => v.count > 0)
      .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
      .slice(0, limit);
  }
  const col = FACET_COLUMNS[column];
  const sql = statement(
    sel,
    `${col} AS value, count(*) AS count`,
    [],
    ` GROUP BY ${col} ORDER BY count DESC, value LIMIT ?`,
  );
  const rows = run(
    f,
    built,
    () => db.prepare(sql).all(...sel.args, limit) as { value: string | number | null; count: number }[],
  );
  if (column !== 'identity') return rows as FacetValue[];
  const names = nameMaps(
    db,
    rows.flatMap((r) => (r.value !== null ? [Number(r.value)] : [])),
    [],
  );
  return rows.map((r) => ({
    value: r.value === null ? null : (names.identity.get(Number(r.value)) ?? String(r.value)),
    count: r.count,
  }));
}

/**
 * The exact condition of one group: the same column and value the GROUP BY of groupCounts counted, so a group's
 * rows are exactly its count. `flags` groups by each flag (an event may sit in several) and null = no flag.
 */
function groupCondition(column: FacetColumn, key: string | null): Condition {
  if (column === 'flags') {
    if (key === null) return { sql: 'e.flags = 0', args: [] };
    const bit = flagBit(key);
    if (bit === undefined) throw new UserError('INVALID_PARAMS', `unknown flag ${key}`);
    return { sql: 'e.flags != 0 AND (e.flags & ?) != 0', args: [bit] };
  }
  const col = FACET_COLUMNS[column];
  if (key === null) return { sql: `${col} IS NULL`, args: [] };
  return { sql: `${col} = ?`, args: [column === 'identity' ? Number(key) : key] };
}

export interface GroupCount {
  /** The exact value the group holds (an identity's id for `identity`), as EventFilter.group.key takes it. */
  key: string | null;
  count: number;
}

/**
 * Every value of one column over the events a filter matches, with its count, most frequent first (ties by
 * value), and how many events match: one GROUP BY pass, run by `count()`. `key` names the compiled filter and
 * column so callers can keep the answer without running it. The list is as long as the column has distinct
 * values; callers page it.
 */
export function groupCounts(
  db: CaseDb,
  f: EventFilter,
  column: FacetColumn,
): { key: string; count: () => { counts: GroupCount[]; events: number } } {
  const built = buildConditions(db, f);
  const sel = select(built);
  const key = `${sel.key}|${column}`;
  if (column === 'flags') {
    const sums = FLAG_NAMES.map(([bit, name]) => `sum((e.flags & ${bit}) != 0) AS "${name}"`).join(', ');
    const sql = statement(sel, `${sums}, sum(e.flags = 0) AS "(none)", count(*) AS n`);
    return {
      key,
      count() {
        const row = run(f, built, () => db.prepare(sql).get(...sel.args) as Record<string, number | null>);
        const counts: GroupCount[] = FLAG_NAMES.map(([, name]) => ({ key: name, count: row[name] ?? 0 }));
        counts.push({ key: null, count: row['(none)'] ?? 0 });
        return {
          counts: counts
            .filter((v) => v.count > 0)
            .sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key))),
          events: row.n ?? 0,
        };
      },
    };
  }
  const col = FACET_COLUMNS[column];
  // An imported column is counted over the imported rows alone (no lookup in event_derived per event).
  const from = DERIVED.test(col) ? sel.from : sel.countFrom;
  const sql = statement(sel, `${col} AS key, count(*) AS count`, [], ` GROUP BY ${col} ORDER BY count DESC, key`, from);
  return {
    key,
    count() {
      const rows = run(
        f,
        built,
        () => db.prepare(sql).all(...sel.args) as { key: string | number | null; count: number }[],
      );
      return {
        counts: rows.map((r) => ({ key: r.key === null ? null : String(r.key), count: r.count })),
        events: rows.reduce((s, r) => s + r.count, 0),
      };
    },
  };
}
