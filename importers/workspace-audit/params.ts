// Event parameters of a Workspace activity, in the three ways exports write them, as one name → value map:
// - the Reports API's list of `{name, value | intValue | boolValue | multiValue | multiIntValue | messageValue |
//   multiMessageValue}` (values typed by the key that holds them; integers as strings);
// - a plain object (log shippers and rule-test exports that flatten the list: `{"doc_title": "…"}`);
// - a BigQuery row's per-application record (`token: {client_id, scope: […]}`), passed in as a plain object.
import { isObj, key, type Obj } from '../util/fields.js';

export type Params = Obj;

const EMPTY: Params = Object.freeze({}) as Params;

function valueOf(p: Obj): unknown {
  if (p.value !== undefined) return p.value;
  if (p.intValue !== undefined) return p.intValue;
  if (p.boolValue !== undefined) return p.boolValue;
  if (p.multiValue !== undefined) return p.multiValue;
  if (p.multiIntValue !== undefined) return p.multiIntValue;
  if (p.multiBoolValue !== undefined) return p.multiBoolValue;
  if (isObj(p.messageValue)) return decodeParams(p.messageValue.parameter);
  if (Array.isArray(p.multiMessageValue))
    return p.multiMessageValue.map((m) => (isObj(m) ? decodeParams(m.parameter) : m));
  return null;
}

export function decodeParams(raw: unknown): Params {
  if (isObj(raw)) return raw;
  if (!Array.isArray(raw) || raw.length === 0) return EMPTY;
  const out: Params = {};
  for (const p of raw) if (isObj(p) && typeof p.name === 'string') out[p.name] = valueOf(p);
  return out;
}

/**
 * A parameter as text (names matched exactly, else case-insensitively: BigQuery columns are lower case): strings
 * and numbers as they are, lists joined with ", ".
 */
export function ptext(params: Params, name: string): string | null {
  const v = key(params, name);
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const parts = v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
    return parts.length > 0 ? parts.join(', ') : null;
  }
  return null;
}

/** A list parameter (OAuth scopes, changed values) as strings. */
export function plist(params: Params, name: string): string[] {
  const v = key(params, name);
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  if (typeof v === 'string' && v !== '') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** A non-negative integer parameter (integers arrive as strings from the API), or null. */
export function pcount(params: Params, name: string): number | null {
  const v = key(params, name);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,18}$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
