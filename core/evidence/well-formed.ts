// Text an event stores must be text SQLite stores unchanged. A JSON log may escape a lone UTF-16 surrogate
// ("\ud800"); parsed, it is a JavaScript string that has no UTF-8 form: SQLite would store replacement characters
// while the digest covered the escape, and the case would fail verify forever. Such a surrogate is kept as the six
// characters the log wrote for it — `\ud800` — so the stored value reads as the log's, and the digest covers
// exactly what is stored.
import type { NormalizedEvent } from '../model/event.js';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

export function wellFormed(s: string): string;
export function wellFormed(s: string | null): string | null;
export function wellFormed(s: string | null): string | null {
  if (s === null || isWellFormed(s)) return s;
  return s.replace(LONE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function wellFormedFacts(f: Record<string, string>): Record<string, string> {
  let clean = true;
  for (const k in f) if (!isWellFormed(k) || !isWellFormed(f[k])) clean = false;
  if (clean) return f;
  const out: Record<string, string> = {};
  for (const k in f) out[wellFormed(k)] = wellFormed(f[k]);
  return out;
}

const TEXT = [
  'principal',
  'principalType',
  'sessionKey',
  'action',
  'category',
  'resource',
  'resourceType',
  'outcome',
  'errorCode',
  'srcIp',
  'userAgent',
  'detail',
] as const;

/** The event with every text field well-formed (the same object when it already is). */
export function wellFormedEvent(ev: NormalizedEvent): NormalizedEvent {
  let copy: NormalizedEvent | null = null;
  for (const k of TEXT) {
    const v = ev[k] as string | null | undefined;
    if (typeof v === 'string' && !isWellFormed(v)) {
      copy ??= { ...ev };
      (copy as unknown as Record<string, string>)[k] = wellFormed(v);
    }
  }
  return copy ?? ev;
}
