// Globs as analysts write them in profiles and filters: `*` any run of characters, `?` one character,
// `[abc]` / `[a-z]` / `[!x]` (or `[^x]`) a class; case-sensitive like SQLite GLOB, anchored at both ends; no
// escapes (a `[` without its `]` is a plain bracket). Compiled to the leaf's non-backtracking matcher
// (core/model/wildcard.ts): a profile applies its globs to every identity and event name of a case.
import { compileGlob, globMatch as matchCompiled, ONE, STAR, type Glob, type Token } from '../model/wildcard.js';

const cache = new Map<string, Glob>();

function classOf(body: string): Token {
  const negate = body.startsWith('^') || body.startsWith('!');
  if (negate) body = body.slice(1);
  let chars = '';
  const ranges: [number, number][] = [];
  for (let i = 0; i < body.length; i++) {
    if (i + 2 < body.length && body[i + 1] === '-') {
      ranges.push([body.charCodeAt(i), body.charCodeAt(i + 2)]);
      i += 2;
    } else chars += body[i];
  }
  return { negate, chars, ranges };
}

export function parseGlob(glob: string): Token[] {
  const out: Token[] = [];
  let lit = '';
  const flush = () => {
    if (lit !== '') out.push(lit);
    lit = '';
  };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      flush();
      if (out[out.length - 1] !== STAR) out.push(STAR);
    } else if (c === '?') {
      flush();
      out.push(ONE);
    } else if (c === '[') {
      // The first character after `[` (or after `[!`) belongs to the class even when it is `]`.
      const end = glob.indexOf(']', i + 2);
      if (end < 0) lit += c;
      else {
        flush();
        out.push(classOf(glob.slice(i + 1, end)));
        i = end;
      }
    } else lit += c;
  }
  flush();
  return out;
}

export function compileProfileGlob(glob: string): Glob {
  let g = cache.get(glob);
  if (g) return g;
  g = compileGlob(parseGlob(glob), false);
  if (cache.size > 5000) cache.clear();
  cache.set(glob, g);
  return g;
}

export function globMatch(glob: string, s: string): boolean {
  return matchCompiled(compileProfileGlob(glob), s);
}

export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}
