// A grid column filter in the search grammar: what is typed under a column is a query over that column's field,
// with "contains" as the default — `GetObject` means action:*GetObject*, `-Describe* OR s3:Put*` keeps its
// operators and explicit globs, an address or CIDR under an address column stays exact. The result is a plain
// query string, so column filters run, save, re-run in reports and mark in bulk exactly as the search box does.
import type { Node } from './ast.js';
import { hasWildcard, printNode } from './ast.js';
import { SearchError } from './errors.js';
import { lookupField } from './fields.js';
import { parseQuery } from './parser.js';
import { parseIp } from '../ip.js';

/** Whether `field` can take a column filter (a field of the table, not a time bound). */
export function isColumnField(field: string): boolean {
  const f = lookupField(field);
  return f !== null && f.spec.kind !== 'after' && f.spec.kind !== 'before' && !f.spec.family;
}

function contains(n: Node, ipField: boolean): Node {
  switch (n.kind) {
    case 'field': {
      if (hasWildcard(n.segs) || n.segs.length === 0) return n;
      if (ipField && n.segs.length === 1 && n.segs[0].t === 'lit') {
        const v = n.segs[0].s;
        const cidr = /^(.+)\/(\d{1,3})$/.exec(v);
        if (parseIp(cidr ? cidr[1] : v) !== null) return n;
      }
      return { ...n, segs: [{ t: 'star' }, ...n.segs, { t: 'star' }] };
    }
    case 'and':
    case 'or':
      return { ...n, items: n.items.map((i) => contains(i, ipField)) };
    case 'not':
      return { ...n, item: contains(n.item, ipField) };
    case 'text':
      return n;
  }
}

/**
 * The query a column filter means, or null when it is blank. Throws SearchError pointing into `text` (not into
 * the query built around it) when the filter cannot be read.
 */
export function columnQuery(field: string, text: string): string | null {
  if (!text.trim()) return null;
  const f = lookupField(field);
  if (!f || !isColumnField(field)) throw new SearchError(`${field} is not a column a filter can use`, 0, 0);
  const prefix = `${field}:(`;
  let tree: Node | null;
  try {
    tree = parseQuery(`${prefix}${text})`);
  } catch (e) {
    if (!(e instanceof SearchError)) throw e;
    const at = (x: number) => Math.max(0, Math.min(text.length, x - prefix.length));
    const err = new SearchError(e.info.message, at(e.info.start), at(e.info.end), {
      expected: e.info.expected,
      suggestions: e.info.suggestions,
    });
    err.info.query = text;
    err.message = `${field} filter, character ${at(e.info.start) + 1}: ${e.info.message}`;
    throw err;
  }
  if (!tree) return null;
  const ip = f.spec.kind === 'ip' || f.spec.kind === 'ip_or_text';
  return printNode(contains(tree, ip));
}
