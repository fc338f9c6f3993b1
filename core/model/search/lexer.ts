// The search grammar's tokens. Words run to whitespace or a parenthesis or a quote; `\` escapes the next character
// anywhere (`\(`, `\"`, `\*`, `\ `). A quoted phrase runs to the next unescaped `"`; a `*` right after it makes it a
// prefix. `-` directly before a term negates it. Keywords (OR, AND, NOT) are recognised by the parser, so a
// quoted "OR" stays a word. Offsets are UTF-16 indexes into the query, as editors count them.
import { SearchError } from './errors.js';

/** One character of a word or phrase, and whether it was escaped (an escaped `*` is a literal star). */
export interface Unit {
  c: string;
  esc: boolean;
}

export type Token =
  | { type: 'lparen' | 'rparen' | 'minus'; start: number; end: number }
  | { type: 'word'; start: number; end: number; units: Unit[]; raw: string }
  | { type: 'phrase'; start: number; end: number; units: Unit[]; raw: string; star: boolean };

const SPACE = /\s/;

export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = q.length;
  while (i < n) {
    const c = q[i];
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ type: c === '(' ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '-' && (i === 0 || SPACE.test(q[i - 1]) || q[i - 1] === '(')) {
      const next = q[i + 1];
      if (next === undefined || SPACE.test(next) || next === ')')
        throw new SearchError(
          "'-' must be written directly before what it excludes, e.g. -outcome:success or -(a OR b)",
          i,
          i + 1,
          { expected: ['a term', 'a "phrase"', 'field:value', '('] },
        );
      if (next !== '-') {
        out.push({ type: 'minus', start: i, end: i + 1 });
        i++;
        continue;
      }
      // `--force` is a word that starts with dashes, not a double negation.
    }
    if (c === '"') {
      const start = i;
      const units: Unit[] = [];
      i++;
      let closed = false;
      while (i < n) {
        const d = q[i];
        if (d === '\\' && i + 1 < n) {
          units.push({ c: q[i + 1], esc: true });
          i += 2;
          continue;
        }
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        units.push({ c: d, esc: false });
        i++;
      }
      if (!closed)
        throw new SearchError(`the quote opened here is never closed: add a '"' after the phrase`, start, n, {
          expected: ['"'],
        });
      const star = q[i] === '*';
      if (star) i++;
      out.push({ type: 'phrase', start, end: i, units, raw: q.slice(start, i), star });
      continue;
    }
    const start = i;
    const units: Unit[] = [];
    while (i < n) {
      const d = q[i];
      if (d === '\\') {
        if (i + 1 >= n) throw new SearchError("'\\' at the end escapes nothing: remove it or write '\\\\'", i, i + 1);
        units.push({ c: q[i + 1], esc: true });
        i += 2;
        continue;
      }
      if (SPACE.test(d) || d === '(' || d === ')' || d === '"') break;
      units.push({ c: d, esc: false });
      i++;
    }
    out.push({ type: 'word', start, end: i, units, raw: q.slice(start, i) });
  }
  return out;
}

export const text = (units: Unit[]) => units.map((u) => u.c).join('');
