// The text the full-text index holds for one event: its normalized fields, then every distinct string (and
// integer) value of its raw record(s). Keys are left out: people search values. Values that are bare
// timestamps are left out too — time is searched with time bounds, and an ISO timestamp is five tokens of noise
// per value (a key or path that contains a date is still indexed). Bounded in size.
import { LIMITS } from './limits.js';

/** `2026-03-10T14:00:05Z`, `2026-03-10 14:00:05.123+00:00`: a value that is a timestamp and nothing else. */
function isTimestamp(v: string): boolean {
  const n = v.length;
  if (n < 19 || n > 35) return false;
  const c10 = v.charCodeAt(10);
  return (
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(7) === 45 &&
    (c10 === 84 || c10 === 32) &&
    v.charCodeAt(13) === 58 &&
    v.charCodeAt(16) === 58 &&
    /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?$/.test(v)
  );
}

/** Nesting a recursive walk handles; a deeper value is walked again without recursion (the call stack is finite). */
const RECURSE_DEPTH = 64;

/** Thrown by the recursive walk at RECURSE_DEPTH: the value is walked again by the iterative one. */
const TOO_DEEP = new Error('deep');

/**
 * Collects distinct leaf values of a parsed JSON value into `out`, in document order. Returns the deepest level
 * seen. Records are nearly always shallow: a recursive walk (no stacks to grow) serves them; one nested deeper
 * than RECURSE_DEPTH is walked again iteratively (records may be nested far deeper than the call stack allows),
 * from the same starting set, so both walks give the same values in the same order.
 */
export function collectStrings(value: unknown, out: Set<string>, budget = LIMITS.maxSearchChars): number {
  const before = out.size === 0 ? null : new Set(out);
  const walk = new Walk(out, budget);
  try {
    walk.visit(value, 0);
    return walk.maxDepth;
  } catch (e) {
    if (e !== TOO_DEEP) throw e;
    out.clear();
    if (before) for (const v of before) out.add(v);
    return collectIteratively(value, out, budget);
  }
}

class Walk {
  maxDepth = 0;
  chars = 0;
  constructor(
    private readonly out: Set<string>,
    private readonly budget: number,
  ) {}

  visit(v: unknown, d: number): void {
    if (d > this.maxDepth) {
      if (d > RECURSE_DEPTH) throw TOO_DEEP;
      this.maxDepth = d;
    }
    if (typeof v === 'string') {
      if (v.length > 0 && this.chars < this.budget && !isTimestamp(v)) {
        const had = this.out.size;
        this.out.add(v); // one lookup: a value already there leaves the size as it was
        if (this.out.size !== had) this.chars += v.length;
      }
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && this.chars < this.budget) this.out.add(String(v));
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) this.visit(v[i], d + 1);
      } else {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        for (let i = 0; i < keys.length; i++) this.visit(o[keys[i]], d + 1);
      }
    }
  }
}

function collectIteratively(value: unknown, out: Set<string>, budget: number): number {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  let maxDepth = 0;
  let chars = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    const d = depths.pop()!;
    if (d > maxDepth) maxDepth = d;
    if (typeof v === 'string') {
      if (v.length > 0 && chars < budget && !isTimestamp(v) && !out.has(v)) {
        out.add(v);
        chars += v.length;
      }
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && chars < budget) out.add(String(v));
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          stack.push(v[i]);
          depths.push(d + 1);
        }
      } else {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push(o[keys[i]]);
          depths.push(d + 1);
        }
      }
    }
  }
  return maxDepth;
}

/**
 * The document: normalized fields the record's own values do not already hold (a principal that is the ARN in the
 * record adds nothing; a synthesized action like `s3:GetObject` does), then the record's values. A JSON `detail`
 * serializes values the record holds, so it adds only keys and is left out. Fewer tokens, faster indexing, the
 * same hits.
 */
export function buildSearchDoc(fields: (string | null)[], strings: Set<string>): string {
  const parts: string[] = [];
  let chars = 0;
  const single = strings.size === 1 ? (strings.values().next().value as string) : null;
  for (const f of fields) {
    if (!f || strings.has(f)) continue;
    if (single !== null && single.includes(f)) continue; // a line record already holds it
    // `{`/`[`: serialized values
    if (strings.size > 1 && (f.charCodeAt(0) === 0x7b || f.charCodeAt(0) === 0x5b)) continue;
    parts.push(f);
    chars += f.length;
  }
  for (const s of strings) {
    if (chars >= LIMITS.maxSearchChars) break;
    parts.push(s);
    chars += s.length;
  }
  const doc = parts.join('\n');
  return doc.length > LIMITS.maxSearchChars ? doc.slice(0, LIMITS.maxSearchChars) : doc;
}
