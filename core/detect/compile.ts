// A rule meets a format: does its log source fit, and does the format have every field it tests? Then its
// items get accessors (where each field is read in this format's records). A field the format does not have makes
// the rule "not applicable" to the format, with that reason — it never silently matches or silently fails.
import type { DetectionRule, FilterRule, Logsource } from './sigma/rule.js';
import type { Item } from './sigma/values.js';
import type { SigmaFormat, Source } from './formats/types.js';
import { jsonStrings, pathValues, type Value, type View } from './record.js';
import type { Accessor, CompiledDetection, CompiledItem, CompiledSearch } from './evaluate.js';
import { auditField } from './formats/auditd.js';

/** The normalized event's fields (DESIGN §4), readable as `sessionscope.<name>` in any rule. */
export const NORM_FIELDS = [
  'ts',
  'format',
  'principal',
  'principal_type',
  'session_key',
  'action',
  'category',
  'resource',
  'resource_type',
  'outcome',
  'error_code',
  'src_ip',
  'user_agent',
  'detail',
  'identity',
  'session',
] as const;
const NORM = new Set<string>(NORM_FIELDS);
export const NORM_PREFIX = 'sessionscope.';

export function logsourceFits(ls: Logsource, f: SigmaFormat): boolean {
  if (ls.product === 'sessionscope')
    return ls.category === undefined && (ls.service === undefined || ls.service === f.id);
  return f.logsources.some(
    (l) =>
      (ls.product === undefined || ls.product === l.product) &&
      (ls.service === undefined || ls.service === l.service) &&
      (ls.category === undefined || ls.category === l.category),
  );
}

function schemaHas(schema: string[], field: string): boolean {
  const f = field.toLowerCase();
  for (const e0 of schema) {
    if (e0 === '*') return true;
    const e = e0.toLowerCase();
    if (e.endsWith('.*')) {
      const base = e.slice(0, -2);
      if (f === base || f.startsWith(`${base}.`)) return true;
    } else if (f === e) return true;
  }
  return false;
}

const memoAccessors = new WeakMap<SigmaFormat, Map<string, Accessor | string>>();

function normAccessor(name: string): Accessor {
  return (v) => {
    const x = v.norm()[name];
    return x === undefined ? undefined : [x];
  };
}

function pathAccessor(paths: string[]): Accessor {
  return (v) => {
    for (const s of paths) {
      const r = pathValues(v.json, s);
      if (r !== undefined) return r;
    }
    return undefined;
  };
}

function sourceAccessor(src: Source): Accessor {
  if (typeof src === 'function') return src;
  return pathAccessor(typeof src === 'string' ? [src] : src);
}

/** Where a field is read in a format, or why the format does not have it. */
export function resolveField(f: SigmaFormat, field: string, open: boolean): Accessor | string {
  const cacheKey = `${open ? 'o' : 's'}|${field}`;
  let m = memoAccessors.get(f);
  if (!m) memoAccessors.set(f, (m = new Map()));
  const hit = m.get(cacheKey);
  if (hit !== undefined) return hit;
  const r = resolveUncached(f, field, open, 0);
  m.set(cacheKey, r);
  return r;
}

function resolveUncached(f: SigmaFormat, field: string, open: boolean, depth: number): Accessor | string {
  const lower = field.toLowerCase();
  if (lower.startsWith(NORM_PREFIX)) {
    const n = lower.slice(NORM_PREFIX.length);
    return NORM.has(n) ? normAccessor(n) : `'${field}' is not a normalized field (${NORM_FIELDS.join(', ')})`;
  }
  if (open && NORM.has(lower)) return normAccessor(lower);
  const own = f.fields[lower];
  if (own !== undefined) return sourceAccessor(own);
  // Prefix mappings (`data.*` → `*`): the longest one that fits.
  let best: string | null = null;
  for (const k of Object.keys(f.fields))
    if (k.endsWith('.*') && lower.startsWith(k.slice(0, -1)) && (best === null || k.length > best.length)) best = k;
  if (best !== null && depth < 4) {
    const rest = field.slice(best.length - 1);
    const target = f.fields[best];
    if (target === '*') return resolveUncached(f, rest, open, depth + 1);
    if (typeof target === 'string' && target.endsWith('.*')) return pathAccessor([target.slice(0, -1) + rest]);
  }
  if (f.records === 'auditd') return (v) => auditField(v, field);
  if (open || schemaHas(f.schema, field)) {
    const roots = f.roots ?? [''];
    return pathAccessor(roots.map((r) => r + field));
  }
  return `'${field}' is not a field of ${f.id} records`;
}

export function defaultKeywords(v: View): string[] {
  if (v.json === null || v.json === undefined) return [v.text];
  const out: string[] = [];
  jsonStrings(v.json, out);
  return out;
}

export interface NotApplicable {
  reason: string;
}

/** Compiles a detection (or filter) rule for one format, or says why it cannot run there. */
export function compileFor(rule: DetectionRule | FilterRule, f: SigmaFormat): CompiledDetection | NotApplicable {
  const open = rule.logsource.product === 'sessionscope';
  const problems: string[] = [];
  const compileItem = (it: Item): CompiledItem => {
    let get: Accessor | null = null;
    if (it.field !== null) {
      const a = resolveField(f, it.field, open);
      if (typeof a === 'string') problems.push(a);
      else get = a;
    }
    const refs = new Map<string, Accessor>();
    for (const m of it.matchers) {
      const targets =
        m.t === 'ref' ? [m.field] : m.t === 'anyOf' ? m.xs.flatMap((x) => (x.t === 'ref' ? [x.field] : [])) : [];
      for (const t of targets) {
        const a = resolveField(f, t, open);
        if (typeof a === 'string') problems.push(a);
        else refs.set(t, a);
      }
    }
    return { item: it, get: it.field === null ? null : (get ?? (() => undefined)), refs };
  };
  const searches = new Map<string, CompiledSearch>();
  for (const [name, s] of rule.searches) {
    searches.set(
      name,
      s.k === 'all'
        ? { k: 'all', items: s.items.map(compileItem) }
        : { k: 'any', alts: s.alts.map((a) => a.map(compileItem)) },
    );
  }
  if (problems.length > 0) return { reason: [...new Set(problems)].join('; ') };
  return { searches, condition: rule.condition, keywords: f.keywords ?? defaultKeywords };
}

export type { Value };
