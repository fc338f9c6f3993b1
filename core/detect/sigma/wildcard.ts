// Sigma string values: `*` (any run of characters) and `?` (one character) are wildcards, `\` escapes them and
// itself; a backslash before any other character is a plain backslash (Sigma rules specification, "Escape
// Character"; pySigma's SigmaString). Matching never backtracks: the pattern is cut at its `*`s into segments,
// the first and last are anchored, the middle ones are found leftmost in turn — O(value × pattern) at worst,
// whatever the rule or the data.

export const STAR = 0;
export const ONE = 1;
/** A parsed Sigma string: literal text and wildcards. */
export type Token = string | typeof STAR | typeof ONE;

export function parseSigmaString(s: string): Token[] {
  const out: Token[] = [];
  let acc = '';
  const flush = () => {
    if (acc !== '') out.push(acc);
    acc = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const n = s[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        acc += n;
        i++;
      } else acc += '\\';
    } else if (c === '*') {
      flush();
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else if (c === '?') {
      flush();
      out.push(ONE);
    } else acc += c;
  }
  flush();
  return out;
}

/** The plain text of a wildcard-free string, or null when it has wildcards. */
export function plainText(t: Token[]): string | null {
  let s = '';
  for (const x of t) {
    if (typeof x !== 'string') return null;
    s += x;
  }
  return s;
}

/** Writes tokens back as a Sigma string (escaping what needs it). */
export function tokensToSigma(t: Token[]): string {
  return t.map((x) => (x === STAR ? '*' : x === ONE ? '?' : x.replace(/[\\*?]/g, (c) => `\\${c}`))).join('');
}

/** One `*`-free stretch of a pattern: text where `?` positions (any[i]) match any one character. */
interface Segment {
  text: string;
  any: boolean[] | null;
}

export interface Glob {
  /** Exactly this text (no wildcards). */
  exact: string | null;
  /** Fast paths for the common one-literal shapes. */
  prefix: string | null;
  suffix: string | null;
  infix: string | null;
  segs: Segment[];
  /** Literal pieces every match contains (for the prefilter). */
  literals: string[];
}

export function compileGlob(tokens: Token[], lower: boolean): Glob {
  const norm = (s: string) => (lower ? s.toLowerCase() : s);
  const segs: Segment[] = [];
  let cur: Segment | null = null;
  for (const t of tokens) {
    if (t === STAR) {
      segs.push(cur ?? { text: '', any: null });
      cur = null;
      continue;
    }
    cur ??= { text: '', any: null };
    if (t === ONE) {
      cur.any ??= Array.from({ length: cur.text.length }, () => false);
      cur.text += '?';
      cur.any.push(true);
    } else {
      const s = norm(t);
      if (cur.any) for (let i = 0; i < s.length; i++) cur.any.push(false);
      cur.text += s;
    }
  }
  segs.push(cur ?? { text: '', any: null });
  // With n stars there are n + 1 segments; the outer ones are anchored (an empty one anchors nothing).
  const literals = segs.flatMap((s) => (s.any ? s.text.split('?') : [s.text])).filter((x) => x !== '');
  const g: Glob = {
    exact: null,
    prefix: null,
    suffix: null,
    infix: null,
    segs,
    literals,
  };
  const noAny = segs.every((s) => s.any === null);
  if (segs.length === 1 && noAny) g.exact = segs[0].text;
  else if (segs.length === 2 && noAny && segs[1].text === '') g.prefix = segs[0].text;
  else if (segs.length === 2 && noAny && segs[0].text === '') g.suffix = segs[1].text;
  else if (segs.length === 3 && noAny && segs[0].text === '' && segs[2].text === '') g.infix = segs[1].text;
  return g;
}

function segAt(v: string, at: number, s: Segment): boolean {
  const n = s.text.length;
  if (at < 0 || at + n > v.length) return false;
  if (!s.any) return v.startsWith(s.text, at);
  for (let i = 0; i < n; i++) if (!s.any[i] && v.charCodeAt(at + i) !== s.text.charCodeAt(i)) return false;
  return true;
}

function segFind(v: string, from: number, limit: number, s: Segment): number {
  const n = s.text.length;
  if (!s.any) {
    const i = v.indexOf(s.text, from);
    return i >= 0 && i + n <= limit ? i : -1;
  }
  for (let i = from; i + n <= limit; i++) if (segAt(v, i, s)) return i;
  return -1;
}

/** Does the value (already lower-cased when the glob was compiled lower-cased) match? */
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
