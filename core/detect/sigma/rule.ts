// One Sigma YAML document → a detection rule, a correlation rule (Sigma 2 correlation specification) or a
// global filter (Sigma filters specification). Structure and values are checked here, once; which fields a
// rule's log source has is checked later, per format (core/detect/compile.ts).
import { RuleError } from './errors.js';
import { parseCondition, type Cond } from './condition.js';
import { compileItem, type Item } from './values.js';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export interface Logsource {
  product?: string;
  service?: string;
  category?: string;
}

export interface RuleMeta {
  /** The rule's `id` (a UUID in SigmaHQ), else its `name`, else its file and document. */
  id: string;
  name: string | null;
  title: string;
  status: string | null;
  level: Level | null;
  description: string | null;
  author: string | null;
  date: string | null;
  modified: string | null;
  references: string[];
  tags: string[];
  license: string | null;
  falsepositives: string[];
}

/** A search identifier's body: a map (AND of items), a list of maps (OR), or keywords. */
export type Search = { k: 'all'; items: Item[] } | { k: 'any'; alts: Item[][] };

export interface DetectionRule {
  kind: 'detection';
  meta: RuleMeta;
  logsource: Logsource;
  searches: Map<string, Search>;
  condition: Cond;
}

export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];
export type CountOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

export interface CorrelationRule {
  kind: 'correlation';
  meta: RuleMeta;
  type: CorrelationType;
  /** Referenced rules by id or name. */
  rules: string[];
  groupBy: string[];
  /** µs */
  timespan: number;
  timespanText: string;
  condition: { op: CountOp; n: number }[];
  /** value_count: the field whose distinct values are counted. */
  field: string | null;
  /** alias → (rule name or id → field) */
  aliases: Map<string, Map<string, string>>;
  generate: boolean;
}

export interface FilterRule {
  kind: 'filter';
  meta: RuleMeta;
  logsource: Logsource;
  rules: string[];
  searches: Map<string, Search>;
  condition: Cond;
}

export type Rule = DetectionRule | CorrelationRule | FilterRule;

const str = (v: unknown): string | null =>
  v === undefined || v === null
    ? null
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : null;

function strList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) throw new RuleError(`${what} must be a list`);
  return v.map((x) => {
    const s = str(x);
    if (s === null) throw new RuleError(`${what} must be a list of strings`);
    return s;
  });
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function meta(d: Record<string, unknown>, fallbackId: string): RuleMeta {
  const title = str(d.title);
  if (title === null || title.trim() === '') throw new RuleError("the rule has no 'title'");
  const level = str(d.level);
  if (level !== null && !(LEVELS as readonly string[]).includes(level.toLowerCase()))
    throw new RuleError(`level '${level}' is not one of ${LEVELS.join(', ')}`);
  const id = str(d.id);
  const name = str(d.name);
  return {
    id: id ?? name ?? fallbackId,
    name,
    title,
    status: str(d.status),
    level: level === null ? null : (level.toLowerCase() as Level),
    description: str(d.description),
    author: str(d.author),
    date: str(d.date),
    modified: str(d.modified),
    references: strList(d.references, 'references'),
    tags: strList(d.tags, 'tags'),
    license: str(d.license),
    falsepositives: strList(d.falsepositives, 'falsepositives'),
  };
}

function logsourceOf(v: unknown): Logsource {
  if (!isMap(v)) throw new RuleError("the rule has no 'logsource' map");
  const out: Logsource = {};
  for (const k of ['product', 'service', 'category'] as const) {
    const s = str(v[k]);
    if (s !== null) out[k] = s.toLowerCase();
  }
  if (!out.product && !out.service && !out.category)
    throw new RuleError("'logsource' names no product, service or category");
  return out;
}

function splitKey(key: string): { field: string | null; mods: string[] } {
  const parts = key.split('|');
  const f = parts[0].trim();
  return { field: f === '' ? null : f, mods: parts.slice(1) };
}

function itemsOfMap(m: Record<string, unknown>, where: string): Item[] {
  const keys = Object.keys(m);
  if (keys.length === 0) throw new RuleError(`${where}: an empty map matches everything; remove it`);
  return keys.map((key) => {
    const { field, mods } = splitKey(key);
    const k = `${where}: '${key}'`;
    if (field === null) return compileItem(null, keywordMods(mods), m[key], k);
    return compileItem(field, mods, m[key], k);
  });
}

/** Keywords match anywhere in a value (full-text search), unless a type modifier says otherwise. */
function keywordMods(mods: string[]): string[] {
  return mods.some((m) => m === 're' || m === 'cidr') ? mods : [...mods, 'contains'];
}

function searchOf(name: string, v: unknown): Search {
  const where = `search '${name}'`;
  if (v === null || v === undefined) throw new RuleError(`${where} is empty`);
  if (isMap(v)) return { k: 'all', items: itemsOfMap(v, where) };
  if (Array.isArray(v)) {
    if (v.length === 0) throw new RuleError(`${where} is an empty list`);
    if (v.every(isMap)) return { k: 'any', alts: v.map((m) => itemsOfMap(m, where)) };
    if (v.some(isMap)) {
      // Keywords and maps mixed in one list: each element is an alternative.
      return {
        k: 'any',
        alts: v.map((x) =>
          isMap(x) ? itemsOfMap(x, where) : [compileItem(null, keywordMods([]), x, `${where}: keyword`)],
        ),
      };
    }
    return { k: 'all', items: [compileItem(null, keywordMods([]), v, `${where}: keywords`)] };
  }
  return { k: 'all', items: [compileItem(null, keywordMods([]), v, `${where}: keyword`)] };
}

function detectionOf(v: unknown): { searches: Map<string, Search>; condition: Cond } {
  if (!isMap(v)) throw new RuleError("the rule has no 'detection' map");
  const searches = new Map<string, Search>();
  for (const [name, body] of Object.entries(v)) {
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, searchOf(name, body));
  }
  if (searches.size === 0) throw new RuleError("'detection' has no search identifiers");
  const c = v.condition;
  const conds = Array.isArray(c) ? c : [c];
  if (c === undefined || c === null || conds.length === 0) throw new RuleError("'detection' has no 'condition'");
  const names = [...searches.keys()];
  const parsed = conds.map((x) => {
    if (typeof x !== 'string') throw new RuleError("'condition' must be a string or a list of strings");
    return parseCondition(x, names);
  });
  return { searches, condition: parsed.length === 1 ? parsed[0] : { k: 'or', xs: parsed } };
}

const SPAN_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export function parseTimespan(v: unknown): { us: number; text: string } {
  const s = str(v);
  const m = s === null ? null : /^(\d+)\s*([smhdw])$/.exec(s.trim());
  if (!m) throw new RuleError(`timespan ${JSON.stringify(v)} must be a number and s, m, h or d (e.g. 15m)`);
  const us = Number(m[1]) * SPAN_UNITS[m[2]] * 1e6;
  if (us <= 0) throw new RuleError('timespan must be positive');
  return { us, text: s! };
}

const COUNT_OPS: CountOp[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'];

function correlationOf(d: Record<string, unknown>, m: RuleMeta): CorrelationRule {
  const c = d.correlation;
  if (!isMap(c)) throw new RuleError("'correlation' must be a map");
  const type = str(c.type);
  if (type === null || !(CORRELATION_TYPES as readonly string[]).includes(type)) {
    if (type === 'value_sum' || type === 'value_avg' || type === 'value_percentile')
      throw new RuleError(`correlation type '${type}' (Sigma 2.1 metrics) is not supported yet`);
    throw new RuleError(`correlation type must be one of ${CORRELATION_TYPES.join(', ')}`);
  }
  const rules = strList(c.rules, 'correlation.rules');
  if (rules.length === 0) throw new RuleError('correlation.rules names no rule');
  const groupBy = strList(c['group-by'], 'correlation.group-by');
  const span = parseTimespan(c.timespan ?? c.timeframe);
  const cond = c.condition;
  const condition: { op: CountOp; n: number }[] = [];
  let field: string | null = null;
  if (type === 'temporal' || type === 'temporal_ordered') {
    if (rules.length < 2 && cond === undefined) throw new RuleError(`a ${type} correlation needs at least two rules`);
  }
  if (cond !== undefined) {
    if (!isMap(cond)) throw new RuleError('correlation.condition must be a map such as {gte: 10}');
    for (const [k, v] of Object.entries(cond)) {
      if (k === 'field') {
        field = str(v);
        continue;
      }
      if (!(COUNT_OPS as string[]).includes(k))
        throw new RuleError(`correlation.condition: '${k}' is not one of ${COUNT_OPS.join(', ')}, field`);
      const n = typeof v === 'number' ? v : Number(str(v));
      if (!Number.isFinite(n)) throw new RuleError(`correlation.condition.${k} must be a number`);
      condition.push({ op: k as CountOp, n });
    }
  }
  if ((type === 'event_count' || type === 'value_count') && condition.length === 0)
    throw new RuleError(`a ${type} correlation needs a condition such as {gte: 10}`);
  if (type === 'value_count' && !field) throw new RuleError('a value_count correlation needs condition.field');
  const aliases = new Map<string, Map<string, string>>();
  if (c.aliases !== undefined) {
    if (!isMap(c.aliases)) throw new RuleError('correlation.aliases must be a map');
    for (const [alias, per] of Object.entries(c.aliases)) {
      if (!isMap(per)) throw new RuleError(`correlation.aliases.${alias} must map rule names to fields`);
      const mm = new Map<string, string>();
      for (const [r, f] of Object.entries(per)) {
        const fs = str(f);
        if (fs === null) throw new RuleError(`correlation.aliases.${alias}.${r} must be a field name`);
        mm.set(r, fs);
      }
      aliases.set(alias, mm);
    }
  }
  return {
    kind: 'correlation',
    meta: m,
    type: type as CorrelationType,
    rules,
    groupBy,
    timespan: span.us,
    timespanText: span.text,
    condition,
    field,
    aliases,
    generate: c.generate === true || d.generate === true,
  };
}

/** Parses one YAML document (already converted to plain JS) into a rule. */
export function parseRule(d: unknown, fallbackId: string): Rule {
  if (!isMap(d)) throw new RuleError('a rule document must be a map');
  const m = meta(d, fallbackId);
  if (d.correlation !== undefined) return correlationOf(d, m);
  if (d.filter !== undefined) {
    const f = d.filter;
    if (!isMap(f)) throw new RuleError("'filter' must be a map");
    const rules = strList(f.rules, 'filter.rules');
    if (rules.length === 0) throw new RuleError('filter.rules names no rule');
    const { rules: _r, ...det } = f;
    void _r;
    const { searches, condition } = detectionOf(det);
    return { kind: 'filter', meta: m, logsource: logsourceOf(d.logsource), rules, searches, condition };
  }
  const logsource = logsourceOf(d.logsource);
  const { searches, condition } = detectionOf(d.detection);
  return { kind: 'detection', meta: m, logsource, searches, condition };
}
