// Sigma string values: `*` (any run of characters) and `?` (one character) are wildcards, `\` escapes them and
// itself; a backslash before any other character is a plain backslash (Sigma rules specification, "Escape
// Character"; pySigma's SigmaString). Parsed values compile to the one non-backtracking matcher of the leaf
// (core/model/wildcard.ts), shared with profile globs and search values.
import { ONE, STAR } from '../../model/wildcard.js';

export { compileGlob, globMatch, ONE, STAR, type Glob } from '../../model/wildcard.js';
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
