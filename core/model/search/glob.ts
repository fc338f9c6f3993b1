// Values with wildcards → SQL LIKE patterns (ESCAPE '\') and JS tests. LIKE compares ASCII letters without case,
// which is the search grammar's rule for values; other letters compare exactly.
import type { Seg } from './ast.js';

export const LIKE_ESCAPE = "ESCAPE '\\'";

export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function likePattern(segs: Seg[]): string {
  return segs.map((g) => (g.t === 'star' ? '%' : g.t === 'one' ? '_' : likeLiteral(g.s))).join('');
}

/** Whole-string, ASCII-case-insensitive test of a value against the segments (for closed sets of names). */
export function globTest(segs: Seg[]): (v: string) => boolean {
  const src = segs
    .map((g) => (g.t === 'star' ? '.*' : g.t === 'one' ? '.' : g.s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${src}$`, 'is');
  return (v) => re.test(v);
}

export const segsText = (segs: Seg[]) => segs.map((g) => (g.t === 'star' ? '*' : g.t === 'one' ? '?' : g.s)).join('');
