// Evaluates a compiled detection (core/detect/compile.ts) against one record view. Semantics:
// - a field with several values (arrays) matches when any value does; `all` needs each rule value matched by some
//   field value; `neq` negates the item;
// - an absent field matches only `null` (and `exists: false`); a present null matches `null` too;
// - strings compare case-insensitively unless `cased`; `re` searches (matches anywhere) in linear time (RE2);
// - numbers, booleans and objects are matched as the text JSON gives them;
// - keywords search every value of the record (the format says which texts: core/detect/formats).
import type { Cond } from './sigma/condition.js';
import type { Item, Matcher } from './sigma/values.js';
import { globMatch } from './sigma/wildcard.js';
import { cidrContains } from './sigma/cidr.js';
import { valueText, type Value, type View } from './record.js';

export type Accessor = (v: View) => Value[] | undefined;

export interface CompiledItem {
  item: Item;
  /** null for keywords. */
  get: Accessor | null;
  /** fieldref targets by field name. */
  refs: Map<string, Accessor>;
}

export type CompiledSearch = { k: 'all'; items: CompiledItem[] } | { k: 'any'; alts: CompiledItem[][] };

export interface CompiledDetection {
  searches: Map<string, CompiledSearch>;
  condition: Cond;
  keywords: (v: View) => string[];
}

function get(view: View, acc: Accessor): Value[] | undefined {
  const m = (view.memo ??= new Map());
  if (m.has(acc)) return m.get(acc);
  const r = acc(view);
  m.set(acc, r);
  return r;
}

function numberOf(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function timePart(v: Value, part: string): number | null {
  let ms: number;
  const n = numberOf(v);
  if (n !== null) ms = n > 1e14 ? n / 1000 : n > 1e11 ? n : n * 1000;
  else if (typeof v === 'string') ms = Date.parse(v);
  else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default: {
      // ISO-8601 week number.
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      const day = t.getUTCDay() || 7;
      t.setUTCDate(t.getUTCDate() + 4 - day);
      const y0 = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
      return Math.ceil(((t.getTime() - y0.getTime()) / 86400000 + 1) / 7);
    }
  }
}

function matchOne(m: Matcher, v: Value, ci: CompiledItem, view: View): boolean {
  switch (m.t) {
    case 'glob': {
      const s = valueText(v);
      if (s === null) return false;
      return globMatch(m.g, m.cased ? s : s.toLowerCase());
    }
    case 're': {
      const s = valueText(v);
      return s !== null && m.re.test(s);
    }
    case 'cmp': {
      const n = numberOf(v);
      if (n === null) return false;
      return m.op === 'lt' ? n < m.n : m.op === 'lte' ? n <= m.n : m.op === 'gt' ? n > m.n : n >= m.n;
    }
    case 'cidr':
      return typeof v === 'string' && cidrContains(m.c, v);
    case 'null':
      return v === null;
    case 'time':
      return timePart(v, m.part) === m.n;
    case 'ref': {
      const other = get(view, ci.refs.get(m.field)!);
      if (!other) return false;
      const s0 = valueText(v);
      if (s0 === null) return false;
      const s = m.cased ? s0 : s0.toLowerCase();
      for (const o of other) {
        const t0 = valueText(o);
        if (t0 === null) continue;
        const t = m.cased ? t0 : t0.toLowerCase();
        if (
          m.mode === 'eq'
            ? s === t
            : m.mode === 'start'
              ? s.startsWith(t)
              : m.mode === 'end'
                ? s.endsWith(t)
                : s.includes(t)
        )
          return true;
      }
      return false;
    }
    case 'anyOf':
      return m.xs.some((x) => matchOne(x, v, ci, view));
    case 'exists':
      return false;
  }
}

function matcherHits(m: Matcher, vals: Value[] | undefined, ci: CompiledItem, view: View): boolean {
  if (m.t === 'exists') return (vals !== undefined) === m.want;
  if (m.t === 'null') return vals === undefined || vals.every((x) => x === null);
  if (vals === undefined) return false;
  for (const v of vals) if (matchOne(m, v, ci, view)) return true;
  return false;
}

export function evalItem(ci: CompiledItem, view: View, keywords: (v: View) => string[]): boolean {
  let vals: Value[] | undefined;
  if (ci.get) vals = get(view, ci.get);
  else vals = view.haystackCache ??= keywords(view);
  const ms = ci.item.matchers;
  let r: boolean;
  if (ci.item.all) {
    r = true;
    for (const m of ms)
      if (!matcherHits(m, vals, ci, view)) {
        r = false;
        break;
      }
  } else {
    r = false;
    for (const m of ms)
      if (matcherHits(m, vals, ci, view)) {
        r = true;
        break;
      }
  }
  return ci.item.negate ? !r : r;
}

function evalSearch(s: CompiledSearch, view: View, kw: (v: View) => string[]): boolean {
  if (s.k === 'all') {
    for (const it of s.items) if (!evalItem(it, view, kw)) return false;
    return true;
  }
  for (const alt of s.alts) {
    let ok = true;
    for (const it of alt)
      if (!evalItem(it, view, kw)) {
        ok = false;
        break;
      }
    if (ok) return true;
  }
  return false;
}

export function evalCond(c: Cond, d: CompiledDetection, view: View): boolean {
  switch (c.k) {
    case 'id':
      return evalSearch(d.searches.get(c.name)!, view, d.keywords);
    case 'not':
      return !evalCond(c.x, d, view);
    case 'and':
      for (const x of c.xs) if (!evalCond(x, d, view)) return false;
      return true;
    case 'or':
      for (const x of c.xs) if (evalCond(x, d, view)) return true;
      return false;
  }
}

export function matches(d: CompiledDetection, view: View): boolean {
  return evalCond(d.condition, d, view);
}
