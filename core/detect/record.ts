// What a rule is evaluated against: one record of the raw evidence (a JSON object, or one auditd record) and
// the normalized event it belongs to. Field values come back as lists (a path through arrays yields every
// element); `undefined` means the field is absent from this record, `[null]` that it is present and null.
import type { AuditRecord } from '../../importers/auditd/record.js';

export type Scalar = string | number | boolean | null;
/** A field value as matched: scalars, and objects/arrays kept whole (matched as their JSON text). */
export type Value = Scalar | object;

/** The normalized event's fields under their DESIGN §4 names (core/detect/fields.ts lists them). */
export type Norm = Record<string, Scalar>;

export interface View {
  /** The parsed JSON record (json formats) or null. */
  json: unknown;
  /** The auditd record (auditd) or null. */
  audit: AuditRecord | null;
  /** The record's text (keywords search it where the format says so). */
  text: string;
  /** The normalized event (lazily read: most rules never ask). */
  norm(): Norm;
  /** Strings a keyword is searched in (computed once per view). */
  haystackCache?: string[];
  /** Per-view memo of field values (rules of one format share accessors); made on first use. */
  memo: Map<unknown, Value[] | undefined> | null;
}

function pushLeaf(v: unknown, out: Value[]): void {
  if (Array.isArray(v)) {
    for (const x of v) pushLeaf(x, out);
    return;
  }
  if (v === undefined) return;
  out.push(v as Value);
}

/** A dotted path with, for each position, the keys to try there: one segment, then runs of segments joined by dots. */
interface CompiledPath {
  n: number;
  keys: string[][];
  lower: string[][];
}

const PATHS = new Map<string, CompiledPath>();

function compilePath(path: string): CompiledPath {
  let c = PATHS.get(path);
  if (c) return c;
  const segs = path.split('.');
  const keys = segs.map((_, i) => segs.slice(i).map((__, j) => segs.slice(i, i + j + 1).join('.')));
  c = { n: segs.length, keys, lower: keys.map((ks) => ks.map((k) => k.toLowerCase())) };
  if (PATHS.size < 10_000) PATHS.set(path, c);
  return c;
}

/**
 * Values at a dotted path. Keys that themselves contain dots ("gcp.audit.method_name" flattened) are found
 * too: at each level a single segment is tried first, then runs of segments. Field names match keys exactly
 * first, then ignoring case (Sigma field names are not case-sensitive: `ResultType` is `resultType` in another
 * export). JSON text met on the way (Log Analytics columns) is read as JSON.
 */
export function pathValues(root: unknown, path: string): Value[] | undefined {
  const c = compilePath(path);
  const out: Value[] = [];
  return walk(root, c, 0, out) ? out : undefined;
}

function walk(node: unknown, c: CompiledPath, i: number, out: Value[]): boolean {
  if (i === c.n) {
    pushLeaf(node, out);
    return true;
  }
  if (Array.isArray(node)) {
    let any = false;
    for (const x of node) if (walk(x, c, i, out)) any = true;
    return any;
  }
  if (typeof node === 'string') {
    // Log Analytics exports keep nested objects as JSON text (InitiatedBy, TargetResources, Status…).
    const ch = node.charCodeAt(0);
    if (ch !== 123 /* { */ && ch !== 91 /* [ */) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(node);
    } catch {
      return false;
    }
    return walk(parsed, c, i, out);
  }
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  const ks = c.keys[i];
  for (let j = 0; j < ks.length; j++) {
    const v = o[ks[j]];
    if (v !== undefined && Object.hasOwn(o, ks[j])) return walk(v, c, i + j + 1, out);
  }
  const ls = c.lower[i];
  for (const k in o) {
    const lk = k.toLowerCase();
    for (let j = 0; j < ls.length; j++) if (lk === ls[j]) return walk(o[k], c, i + j + 1, out);
  }
  return false;
}

/** Every string and number in a JSON value (keyword search), keys excluded. */
export function jsonStrings(v: unknown, out: string[], depth = 0): void {
  if (depth > 64) return;
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out, depth + 1);
  else if (v !== null && typeof v === 'object')
    for (const k in v) jsonStrings((v as Record<string, unknown>)[k], out, depth + 1);
}

/** Values of every key named `name` anywhere below a node (Kubernetes `hostPath`, `capabilities`). */
export function deepKeyValues(node: unknown, name: string, out: Value[] = [], depth = 0): Value[] {
  if (depth > 64 || node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const x of node) deepKeyValues(x, name, out, depth + 1);
    return out;
  }
  for (const k in node as Record<string, unknown>) {
    const v = (node as Record<string, unknown>)[k];
    if (k === name) pushLeaf(v, out);
    deepKeyValues(v, name, out, depth + 1);
  }
  return out;
}

/** The text a value is matched as: strings as they are, numbers and booleans as JSON writes them, objects as JSON. */
export function valueText(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
