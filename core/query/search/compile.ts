// A parsed query → SQL over the events view `e`. Free text goes to the FTS5 index: the free-text parts of the
// top-level AND become one MATCH expression that drives the query (hits arrive in id = time order, so a page
// costs its rows, not the hit count), with excluded text folded in as `… NOT (…)`. Free text nested under OR/NOT
// with fields becomes `e.id IN (SELECT rowid FROM events_fts WHERE … MATCH …)`. Fields become conditions
// (field-sql.ts). A NOT over a condition that may be NULL (a missing user agent, an event without identity)
// counts NULL as "does not match", so `-ua:*curl*` keeps events that have no user agent.
import { assertSearchable } from '../../casefile/search-index.js';
import { getMeta, type CaseDb } from '../../casefile/open.js';
import { UserError } from '../../errors.js';
import { isZone } from '../../model/zoned-time.js';
import type { Condition } from '../identity-filter.js';
import type { Node, TextNode } from '../../model/search/ast.js';
import { fieldCondition, type CompileContext, type Note } from './field-sql.js';
import { parseQuery } from '../../model/search/parser.js';
import { SearchError } from '../../model/search/errors.js';

export interface SearchPlan {
  tree: Node;
  /** The FTS5 expression that drives the query, or null when no free text is required at the top level. */
  fts: string | null;
  /** Conditions over `e`, all of which must hold. */
  conds: Condition[];
  /**
   * When no free text drives it: an FTS5 expression over search_postings (the value index) whose hits, in id
   * order, include every event the conditions accept — so it may drive the query instead of a scan. Null when
   * the field filters of the top-level AND cannot narrow it.
   */
  postings: string | null;
  notes: Note[];
}

export interface CompileOptions {
  /** IANA zone for typed times without an offset; the case's display zone (else UTC) when absent. */
  tz?: string;
}

/** Parses and compiles a query; null for an empty one. Throws SearchError (INVALID_QUERY) with the position. */
export function compileSearch(db: CaseDb, query: string, opts: CompileOptions = {}): SearchPlan | null {
  const tz = opts.tz ?? getMeta(db, 'display_tz') ?? 'UTC';
  if (!isZone(tz)) throw new UserError('INVALID_PARAMS', `unknown time zone ${tz}`);
  try {
    const tree = parseQuery(query);
    if (!tree) return null;
    const ctx: CompileContext = { db, tz, notes: [], drivers: new Map() };
    const items = tree.kind === 'and' ? tree.items : [tree];
    const { fts, conds } = conjunction(ctx, items);
    // A search answered from a damaged index would miss events without a word: the index is proven first.
    if (fts !== null || conds.some((c) => c.sql.includes('events_fts'))) assertSearchable(db);
    const postings = fts === null ? postingsOf(ctx, { kind: 'and', items } as Node) : null;
    return { tree, fts, conds, notes: ctx.notes, postings };
  } catch (e) {
    if (e instanceof SearchError) e.info.query ??= query;
    throw e;
  }
}

/**
 * The value-index expression a subtree's events are all among, or null: a field filter's driver, an AND of the
 * items that have one (the others are checked as conditions), an OR whose every item has one.
 */
function postingsOf(ctx: CompileContext, n: Node): string | null {
  switch (n.kind) {
    case 'field':
      return ctx.drivers?.get(n) ?? null;
    case 'and': {
      const parts = n.items.map((i) => postingsOf(ctx, i)).filter((p): p is string => p !== null);
      return parts.length === 0 ? null : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
    }
    case 'or': {
      const parts = n.items.map((i) => postingsOf(ctx, i));
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    default:
      return null;
  }
}

function phrase(t: TextNode): string {
  return `"${t.text.replace(/"/g, '""')}"${t.prefix ? ' *' : ''}`;
}

/** The FTS5 expression of a subtree made only of free text that can match by itself; null otherwise. */
function ftsOf(n: Node): string | null {
  switch (n.kind) {
    case 'text':
      return phrase(n);
    case 'or': {
      const parts = n.items.map(ftsOf);
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    case 'and': {
      const pos: string[] = [];
      const neg: string[] = [];
      for (const i of n.items) {
        const p = ftsOf(i);
        if (p !== null) pos.push(p);
        else if (i.kind === 'not' && ftsOf(i.item) !== null) neg.push(ftsOf(i.item)!);
        else return null;
      }
      return pos.length === 0 ? null : combine(pos, neg);
    }
    default:
      return null;
  }
}

function combine(pos: string[], neg: string[]): string {
  const p = pos.length === 1 ? pos[0] : `(${pos.join(' AND ')})`;
  return neg.length === 0 ? p : `(${p} NOT ${neg.length === 1 ? neg[0] : `(${neg.join(' OR ')})`})`;
}

const IN_FTS = 'e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)';
const NOT_IN_FTS = 'e.id NOT IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)';

/** Items AND-ed: free text merged into one FTS expression (when some of it is positive), the rest as SQL. */
function conjunction(ctx: CompileContext, items: Node[]): { fts: string | null; conds: Condition[] } {
  const pos: string[] = [];
  const neg: string[] = [];
  const conds: Condition[] = [];
  for (const i of items) {
    const p = ftsOf(i);
    if (p !== null) pos.push(p);
    else if (i.kind === 'not' && ftsOf(i.item) !== null) neg.push(ftsOf(i.item)!);
    else conds.push(sqlOf(ctx, i));
  }
  if (pos.length > 0) return { fts: combine(pos, neg), conds };
  for (const n of neg) conds.push({ sql: NOT_IN_FTS, args: [n] });
  return { fts: null, conds };
}

function sqlOf(ctx: CompileContext, n: Node): Condition {
  const f = ftsOf(n);
  if (f !== null) return { sql: IN_FTS, args: [f] };
  switch (n.kind) {
    case 'field':
      return fieldCondition(ctx, n);
    case 'not': {
      const inner = ftsOf(n.item);
      if (inner !== null) return { sql: NOT_IN_FTS, args: [inner] };
      const c = sqlOf(ctx, n.item);
      return { sql: `NOT coalesce(${c.sql}, 0)`, args: c.args };
    }
    case 'and': {
      const { fts, conds } = conjunction(ctx, n.items);
      const all = fts !== null ? [{ sql: IN_FTS, args: [fts] }, ...conds] : conds;
      return join(all, 'AND');
    }
    case 'or':
      return join(
        n.items.map((i) => sqlOf(ctx, i)),
        'OR',
      );
    case 'text':
      return { sql: IN_FTS, args: [phrase(n)] };
  }
}

function join(cs: Condition[], op: 'AND' | 'OR'): Condition {
  if (cs.length === 1) return cs[0];
  return { sql: `(${cs.map((c) => c.sql).join(` ${op} `)})`, args: cs.flatMap((c) => c.args) };
}
