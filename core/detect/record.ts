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
  /** Per-view memo of field values (rules of one format share accessors). */
  memo: Map<unknown, Value[] | undefined>;
}

function pushLeaf(v: unknown, out: Value[]): void {
  if (Array.isArray(v)) {
    for (const x of v) pushLeaf(x, out);
    return;
  }
  if (v === undefined) return;
  out.push(v as Value);
}

function ownGet(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function caseGet(o: Record<string, unknown>, key: string): unknown {
  const lk = key.toLowerCase();
  for (const k in o) if (k.length === key.length && k.toLowerCase() === lk) return o[k];
  return undefined;
}

/**
 * Values at a dotted path. Keys that themselves contain dots ("gcp.audit.method_name" flattened) are found
 * too: at each level the longest run of segments that is a key wins. Field names match keys exactly first,
 * then ignoring case (Sigma field names are not case-sensitive: `ResultType` is `resultType` in another export).
 */
export function pathValues(root: unknown, segs: string[]): Value[] | undefined {
  const out: Value[] = [];
  const found = walk(root, segs, 0, out);
  return found ? out : undefined;
}

function walk(node: unknown, segs: string[], i: number, out: Value[]): boolean {
  if (i === segs.length) {
    pushLeaf(node, out);
    return true;
  }
  if (Array.isArray(node)) {
    let any = false;
    for (const x of node) if (walk(x, segs, i, out)) any = true;
    return any;
  }
  if (typeof node === 'string') {
    // Log Analytics exports keep nested objects as JSON text (InitiatedBy, TargetResources, Status…).
    const c = node.charCodeAt(0);
    if (c !== 123 /* { */ && c !== 91 /* [ */) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(node);
    } catch {
      return false;
    }
    return walk(parsed, segs, i, out);
  }
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = segs.length; j > i; j--) {
      const key = j === i + 1 ? segs[i] : segs.slice(i, j).join('.');
      const v = pass === 0 ? ownGet(o, key) : caseGet(o, key);
      if (v !== undefined) return walk(v, segs, j, out);
    }
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
