// Values with wildcards → SQL LIKE patterns (ESCAPE '\') and JS tests. LIKE compares ASCII letters without case,
// which is the search grammar's rule for values; other letters compare exactly.
import type { Seg } from './ast.js';
import { compileGlob, globMatch, ONE, STAR, type Token } from '../wildcard.js';

export const LIKE_ESCAPE = "ESCAPE '\\'";

export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function likePattern(segs: Seg[]): string {
  return segs.map((g) => (g.t === 'star' ? '%' : g.t === 'one' ? '_' : likeLiteral(g.s))).join('');
}

/**
 * Whole-string, case-insensitive test of a value against the segments (for closed sets of names), on the leaf's
 * non-backtracking matcher: the names are log content.
 */
export function globTest(segs: Seg[]): (v: string) => boolean {
  const tokens: Token[] = segs.map((g) => (g.t === 'star' ? STAR : g.t === 'one' ? ONE : g.s));
  const glob = compileGlob(tokens, true);
  return (v) => globMatch(glob, v.toLowerCase());
}

export const segsText = (segs: Seg[]) => segs.map((g) => (g.t === 'star' ? '*' : g.t === 'one' ? '?' : g.s)).join('');
