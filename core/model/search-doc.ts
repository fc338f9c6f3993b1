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

/**
 * Collects distinct leaf values of a parsed JSON value into `out`, walking iteratively (records may be nested
 * far deeper than the call stack allows). Returns the deepest level seen.
 */
export function collectStrings(value: unknown, out: Set<string>, budget = LIMITS.maxSearchChars): number {
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
