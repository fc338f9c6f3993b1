// Reading fields from records written by many producers: exact key first, then a case-insensitive match
// (rule-test exports lower-case keys: `useridentity`, `eventname`), never throwing on odd shapes.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One key of an object, exact or case-insensitive. */
export function key(o: unknown, k: string): unknown {
  if (!isObj(o)) return undefined;
  const v = o[k];
  if (v !== undefined) return v;
  const lower = k.toLowerCase();
  const n = lower.length;
  for (const kk in o) {
    // Lower-casing never shortens a string and lengthens it only at U+0130 (İ → i̇), so a key of another length
    // cannot match unless it is shorter and holds that letter: skipped without a lower-cased copy (most lookups
    // are of fields a record does not have, and every key was copied for each).
    if (kk.length !== n && (kk.length > n || !kk.includes('\u0130'))) continue;
    if (kk.toLowerCase() === lower) return o[kk];
  }
  return undefined;
}

/**
 * A reader for one record's fields: exact names only when the record spells one of `probes` exactly (the
 * vendor's own casing, so every field is spelled as documented), otherwise any case (rule-test exports lower-case
 * every key). On the common path a missing field then costs one property lookup, not a scan of every key.
 */
export function fieldsOf(o: Obj, probes: readonly string[]): (k: string) => unknown {
  for (const p of probes) if (o[p] !== undefined) return (k) => o[k];
  return (k) => key(o, k);
}

/** A nested field by path segments. */
export function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    cur = key(cur, p);
    if (cur === undefined || cur === null) return cur;
  }
  return cur;
}

/** A dotted path, trying the literal dotted key at every level too ("user.name" as one key). */
export function getPath(o: unknown, dotted: string): unknown {
  const direct = key(o, dotted);
  if (direct !== undefined) return direct;
  const dot = dotted.indexOf('.');
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0 && i < dotted.length; i = dotted.indexOf('.', i + 1)) {
    const head = key(o, dotted.slice(0, i));
    if (head !== undefined && head !== null) {
      const rest = getPath(head, dotted.slice(i + 1));
      if (rest !== undefined) return rest;
    }
  }
  return undefined;
}

/** A string for a scalar (numbers and booleans as text), null for empty, missing or structured values. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

export function firstStr(...vals: unknown[]): string | null {
  for (const v of vals) {
    const s = str(v);
    if (s !== null) return s;
  }
  return null;
}

/** Compact JSON for `detail`, bounded. */
export function compact(v: unknown, max = 2000): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.length > max ? v.slice(0, max) + '…' : v;
  if (isObj(v) && Object.keys(v).length === 0) return null;
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    return null;
  }
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** A JSON value that some exports store as a JSON-encoded string (Sentinel tables, AKS wrappers). */
export function maybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
