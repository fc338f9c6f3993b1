// The one search grammar (README "Search"), for the grid, the global search box, the CLI and the API: parser and
// compiler in core/query/search/, the field table in search/fields.ts. This module is what the rest of core uses.
import type { CaseDb } from '../casefile/open.js';
import type { Condition } from './identity-filter.js';
import { compileSearch, type SearchPlan } from './search/compile.js';
import type { Node } from '../model/search/ast.js';
import { printNode } from '../model/search/ast.js';
import { SearchError, type SearchErrorInfo } from '../model/search/errors.js';
import { SEARCH_FIELDS } from '../model/search/fields.js';
import { segsText } from '../model/search/glob.js';

export { compileSearch, type SearchPlan, SearchError, SEARCH_FIELDS };

/**
 * A column filter of EventFilter (principal, action, resource, srcIp) read with the grammar's value rules: the
 * whole value without ASCII case, `*` and `?` wildcards.
 */
export function fieldFilter(db: CaseDb, field: string, value: string): Condition {
  const q = `${field}:"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const plan = compileSearch(db, q);
  if (!plan || plan.conds.length !== 1) throw new Error(`fieldFilter: ${field} is not a field`);
  return plan.conds[0];
}

/** The parsed tree as data for clients: spans, and per node what it is. */
export type SearchTree =
  | { kind: 'text'; start: number; end: number; text: string; phrase: boolean; prefix: boolean }
  | { kind: 'field'; start: number; end: number; field: string; name: string; value: string; wildcard: boolean }
  | { kind: 'and' | 'or'; start: number; end: number; items: SearchTree[] }
  | { kind: 'not'; start: number; end: number; item: SearchTree };

function toTree(n: Node): SearchTree {
  switch (n.kind) {
    case 'text':
      return { kind: 'text', start: n.start, end: n.end, text: n.text, phrase: n.phrase, prefix: n.prefix };
    case 'field':
      return {
        kind: 'field',
        start: n.start,
        end: n.end,
        field: n.sub !== undefined ? `fact.${n.sub}` : n.field,
        name: n.name,
        value: segsText(n.segs),
        wildcard: n.segs.some((s) => s.t !== 'lit'),
      };
    case 'and':
    case 'or':
      return { kind: n.kind, start: n.start, end: n.end, items: n.items.map(toTree) };
    case 'not':
      return { kind: 'not', start: n.start, end: n.end, item: toTree(n.item) };
  }
}

export type SearchExplain =
  | {
      ok: true;
      query: string;
      /** The query with every operator and parenthesis written out: how it was read. */
      normalized: string;
      tree: SearchTree | null;
      /** The full-text part (FTS5 syntax), when free text drives the search. */
      fts: string | null;
      /** Things worth knowing before running it (a name this case does not hold, a time read in a zone). */
      notes: { message: string; start: number; end: number }[];
    }
  | { ok: false; query: string; error: SearchErrorInfo };

/** Parses and compiles without running: the tree, or where and why the query is wrong. */
export function explainSearch(db: CaseDb, query: string, opts: { tz?: string } = {}): SearchExplain {
  try {
    const plan = compileSearch(db, query, opts);
    if (!plan) return { ok: true, query, normalized: '', tree: null, fts: null, notes: [] };
    return {
      ok: true,
      query,
      normalized: printNode(plan.tree),
      tree: toTree(plan.tree),
      fts: plan.fts,
      notes: plan.notes,
    };
  } catch (e) {
    if (e instanceof SearchError) return { ok: false, query, error: e.info };
    throw e;
  }
}
