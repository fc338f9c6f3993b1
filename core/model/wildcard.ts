// The one wildcard matcher: Sigma values (core/detect), profile globs (core/derive), search values over closed
// sets of names (core/query) and rule-name patterns all compile to it. Matching never backtracks: the pattern is
// cut at its `*`s into segments of fixed length, the first and last are anchored, the middle ones are found
// leftmost in turn — O(value × pattern) at worst, whatever the pattern or the data. (A glob compiled to a JS
// RegExp backtracks: `*a*a*a*b` against a long name of `a`s took seconds per event — issue 15 §3.)
//
// Positions are UTF-16 code units, as in JS strings and RegExps without the `u` flag.

export const STAR = 0;
export const ONE = 1;

/** A bracket class of a glob: `[abc]`, `[a-z]`, `[!x]`. */
export interface CharClass {
  negate: boolean;
  /** Single characters of the class. */
  chars: string;
  /** Inclusive code-unit ranges. */
  ranges: [number, number][];
}

/** A parsed pattern: literal text, `*` (any run), `?` (one character) and classes (one character of a set). */
export type Token = string | typeof STAR | typeof ONE | CharClass;

/** What one position of a segment accepts besides its literal character: any character, or a class. */
type Position = true | CharClass;

/** One `*`-free stretch of a pattern: text, where `at[i]` (when set) overrides the literal at position i. */
interface Segment {
  text: string;
  at: (Position | null)[] | null;
}

export interface Glob {
  /** Exactly this text (no wildcards). */
  exact: string | null;
  /** Fast paths for the common one-literal shapes. */
  prefix: string | null;
  suffix: string | null;
  infix: string | null;
  segs: Segment[];
  /** Literal pieces every match contains (for prefilters). */
  literals: string[];
}

function inClass(k: CharClass, c: number): boolean {
  let hit = false;
  for (let i = 0; i < k.chars.length && !hit; i++) hit = k.chars.charCodeAt(i) === c;
  for (let i = 0; i < k.ranges.length && !hit; i++) hit = c >= k.ranges[i][0] && c <= k.ranges[i][1];
  return hit !== k.negate;
}

function lowerClass(k: CharClass): CharClass {
  return { negate: k.negate, chars: k.chars.toLowerCase(), ranges: k.ranges };
}

/**
 * Compiles tokens. With `lower`, the pattern's literal text is lower-cased and the caller lower-cases each value
 * (case-insensitive matching).
 */
export function compileGlob(tokens: readonly Token[], lower: boolean): Glob {
  const norm = (s: string) => (lower ? s.toLowerCase() : s);
  const segs: Segment[] = [];
  let cur: Segment | null = null;
  const special = (s: Segment, p: Position) => {
    s.at ??= Array.from({ length: s.text.length }, () => null);
    s.text += '?';
    s.at.push(p);
  };
  for (const t of tokens) {
    if (t === STAR) {
      segs.push(cur ?? { text: '', at: null });
      cur = null;
      continue;
    }
    cur ??= { text: '', at: null };
    if (t === ONE) special(cur, true);
    else if (typeof t === 'object') special(cur, lower ? lowerClass(t) : t);
    else {
      const s = norm(t);
      if (cur.at) for (let i = 0; i < s.length; i++) cur.at.push(null);
      cur.text += s;
    }
  }
  segs.push(cur ?? { text: '', at: null });
  // With n stars there are n + 1 segments; the outer ones are anchored (an empty one anchors nothing).
  const literals: string[] = [];
  for (const s of segs) {
    if (!s.at) {
      if (s.text !== '') literals.push(s.text);
      continue;
    }
    let run = '';
    for (let i = 0; i < s.text.length; i++) {
      if (s.at[i] === null) run += s.text[i];
      else {
        if (run !== '') literals.push(run);
        run = '';
      }
    }
    if (run !== '') literals.push(run);
  }
  const g: Glob = { exact: null, prefix: null, suffix: null, infix: null, segs, literals };
  const plain = segs.every((s) => s.at === null);
  if (segs.length === 1 && plain) g.exact = segs[0].text;
  else if (segs.length === 2 && plain && segs[1].text === '') g.prefix = segs[0].text;
  else if (segs.length === 2 && plain && segs[0].text === '') g.suffix = segs[1].text;
  else if (segs.length === 3 && plain && segs[0].text === '' && segs[2].text === '') g.infix = segs[1].text;
  return g;
}

function segAt(v: string, at: number, s: Segment): boolean {
  const n = s.text.length;
  if (at < 0 || at + n > v.length) return false;
  if (!s.at) return v.startsWith(s.text, at);
  for (let i = 0; i < n; i++) {
    const p = s.at[i];
    const c = v.charCodeAt(at + i);
    if (p === null ? c !== s.text.charCodeAt(i) : p !== true && !inClass(p, c)) return false;
  }
  return true;
}

function segFind(v: string, from: number, limit: number, s: Segment): number {
  const n = s.text.length;
  if (!s.at) {
    const i = v.indexOf(s.text, from);
    return i >= 0 && i + n <= limit ? i : -1;
  }
  for (let i = from; i + n <= limit; i++) if (segAt(v, i, s)) return i;
  return -1;
}

/** Does the value (already lower-cased when the glob was compiled lower-cased) match, as a whole? */
export function globMatch(g: Glob, v: string): boolean {
  if (g.exact !== null) return v === g.exact;
  if (g.infix !== null) return v.includes(g.infix);
  if (g.prefix !== null) return v.startsWith(g.prefix);
  if (g.suffix !== null) return v.endsWith(g.suffix);
  const segs = g.segs;
  if (segs.length === 1) return v.length === segs[0].text.length && segAt(v, 0, segs[0]);
  const first = segs[0];
  const last = segs[segs.length - 1];
  let pos = 0;
  if (first.text !== '') {
    if (!segAt(v, 0, first)) return false;
    pos = first.text.length;
  }
  let limit = v.length;
  if (last.text !== '') {
    limit = v.length - last.text.length;
    if (limit < pos || !segAt(v, limit, last)) return false;
  }
  for (let i = 1; i < segs.length - 1; i++) {
    const s = segs[i];
    if (s.text === '') continue;
    const at = segFind(v, pos, limit, s);
    if (at < 0) return false;
    pos = at + s.text.length;
  }
  return true;
}

/** Tokens of a pattern where only `*` is special (rule-name patterns of Sigma conditions). */
export function starTokens(pattern: string): Token[] {
  const out: Token[] = [];
  pattern.split('*').forEach((lit, i) => {
    if (i > 0 && out[out.length - 1] !== STAR) out.push(STAR);
    if (lit !== '') out.push(lit);
  });
  return out;
}
