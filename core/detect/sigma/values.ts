// Detection items: a field, its modifiers and its values, compiled into matchers. Modifiers apply in the order
// written, as in pySigma (sigma/modifiers.py) and the Sigma modifiers appendix: transformations (contains,
// startswith, endswith, base64, base64offset, wide/utf16*, windash) change values; type modifiers (re, cidr,
// exists, gt/gte/lt/lte, fieldref, minute…year) change how they compare; `all` links a value list with AND
// instead of OR, `neq` negates the item; `cased` compares case-sensitively (Sigma is case-insensitive otherwise).
import { RE2JS } from 're2js';
import { compileGlob, parseSigmaString, plainText, STAR, type Glob, type Token } from './wildcard.js';
import { parseCidr, type Cidr } from './cidr.js';
import { RuleError } from './errors.js';

export type CmpOp = 'lt' | 'lte' | 'gt' | 'gte';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export type Matcher =
  | { t: 'glob'; g: Glob; cased: boolean }
  | { t: 're'; re: RE2JS }
  | { t: 'cmp'; op: CmpOp; n: number }
  | { t: 'cidr'; c: Cidr }
  | { t: 'null' }
  | { t: 'exists'; want: boolean }
  | { t: 'ref'; field: string; mode: 'eq' | 'start' | 'end' | 'contains'; cased: boolean }
  | { t: 'time'; part: TimePart; n: number }
  | { t: 'anyOf'; xs: Matcher[] };

export interface Item {
  /** null: a keyword (searched in every value of the record). */
  field: string | null;
  matchers: Matcher[];
  /** `all`: every matcher must match (default: any). */
  all: boolean;
  /** `neq`: the item matches when its values do not. */
  negate: boolean;
  /** What the item was written as, for messages. */
  key: string;
}

type Enc = 'utf8' | 'utf16le' | 'utf16be' | 'utf16';
type V =
  | { t: 'str'; tok: Token[]; cased: boolean; enc: Enc; orig: string; plain?: string }
  | { t: 'num'; n: number; orig: string }
  | { t: 'bool'; b: boolean }
  | { t: 'null' }
  | { t: 're'; pattern: string; flags: Set<string> }
  | { t: 'cidr'; c: Cidr }
  | { t: 'exists'; want: boolean }
  | { t: 'cmp'; op: CmpOp; n: number }
  | { t: 'ref'; field: string; mode: 'eq' | 'start' | 'end' | 'contains'; cased: boolean }
  | { t: 'time'; part: TimePart; n: number }
  | { t: 'exp'; xs: V[] };

export const MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'base64',
  'base64offset',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
  'windash',
  're',
  'i',
  'ignorecase',
  'm',
  'multiline',
  's',
  'dotall',
  'cased',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'neq',
  'fieldref',
  'expand',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
]);

/** windash: `-` or `/` at a word start becomes each of these (pySigma: the pattern \B[-/]\b). */
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_EXPANSION = 4096;

function initial(raw: unknown, key: string): V {
  if (raw === null || raw === undefined) return { t: 'null' };
  if (typeof raw === 'string') return { t: 'str', tok: parseSigmaString(raw), cased: false, enc: 'utf8', orig: raw };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new RuleError(`${key}: ${raw} is not a usable number`);
    return { t: 'num', n: raw, orig: String(raw) };
  }
  if (typeof raw === 'boolean') return { t: 'bool', b: raw };
  if (raw instanceof Date) {
    const s = raw.toISOString().replace('T00:00:00.000Z', '');
    return { t: 'str', tok: [s], cased: false, enc: 'utf8', orig: s };
  }
  throw new RuleError(`${key}: a value must be a string, number, boolean or null, not ${JSON.stringify(raw)}`);
}

/** A number used where a string modifier applies becomes its text (SigmaHQ rules write `a1|contains: 777`). */
function asStr(v: V): Extract<V, { t: 'str' }> | null {
  if (v.t === 'str') return v;
  if (v.t === 'num') return { t: 'str', tok: [v.orig], cased: false, enc: 'utf8', orig: v.orig };
  return null;
}

function encode(v: Extract<V, { t: 'str' }>): Buffer {
  if (v.enc === 'utf8') return Buffer.from(plainText(v.tok) ?? '', 'utf8');
  // The text before wide/utf16 interleaved it with NULs, encoded for real.
  const text = v.plain ?? '';
  const le = Buffer.from(text, 'utf16le');
  if (v.enc === 'utf16le') return le;
  if (v.enc === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return be;
}

function wideTokens(tok: Token[], be: boolean, key: string): Token[] {
  return tok.map((x) => {
    if (typeof x !== 'string') return x;
    let s = '';
    for (const ch of x) {
      if (ch.codePointAt(0)! > 0xffff) throw new RuleError(`${key}: wide/utf16 modifiers need characters of the BMP`);
      s += be ? `\0${ch}` : `${ch}\0`;
    }
    return s;
  });
}

function windash(tok: Token[], key: string): Token[][] {
  // Split literal parts at each dash/slash that starts a word, then take every combination.
  const parts: (Token | 'DASH')[] = [];
  for (const x of tok) {
    if (typeof x !== 'string') {
      parts.push(x);
      continue;
    }
    let last = 0;
    for (const m of x.matchAll(/\B[-/]\b/g)) {
      if (m.index! > last) parts.push(x.slice(last, m.index));
      parts.push('DASH');
      last = m.index! + 1;
    }
    if (last < x.length) parts.push(x.slice(last));
  }
  const n = parts.filter((p) => p === 'DASH').length;
  if (DASHES.length ** n > MAX_EXPANSION)
    throw new RuleError(`${key}: windash would expand into ${DASHES.length ** n} values; split the value`);
  let out: Token[][] = [[]];
  for (const p of parts) {
    if (p === 'DASH') out = out.flatMap((o) => DASHES.map((d) => [...o, d]));
    else out = out.map((o) => [...o, p]);
  }
  return out.map(mergeStrings);
}

function mergeStrings(tok: Token[]): Token[] {
  const out: Token[] = [];
  for (const x of tok) {
    const prev = out[out.length - 1];
    if (typeof x === 'string' && typeof prev === 'string') out[out.length - 1] = prev + x;
    else if (!(x === STAR && prev === STAR)) out.push(x);
  }
  return out;
}

function b64offsets(buf: Buffer): string[] {
  // pySigma's SigmaBase64OffsetModifier: the value shifted by 0, 1 and 2 bytes, without the edge characters
  // that depend on the bytes around it.
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), buf]).toString('base64');
    return enc.slice(start[i], end[(buf.length + i) % 3]);
  });
}

function applyOne(mod: string, v: V, applied: number, key: string): V {
  if (v.t === 'exp') {
    const xs: V[] = [];
    for (const x of v.xs) {
      const r = applyOne(mod, x, applied, key);
      if (r.t === 'exp') xs.push(...r.xs);
      else xs.push(r);
    }
    return { t: 'exp', xs };
  }
  const bad = (): never => {
    throw new RuleError(`${key}: modifier '${mod}' cannot apply to ${describe(v)}`);
  };
  switch (mod) {
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const front = mod !== 'startswith';
      const back = mod !== 'endswith';
      if (v.t === 're') {
        let p = v.pattern;
        if (front && !p.startsWith('.*') && !p.startsWith('^')) p = `.*${p}`;
        if (back && !p.endsWith('.*') && !p.endsWith('$')) p = `${p}.*`;
        return { ...v, pattern: p };
      }
      if (v.t === 'ref') {
        const mode = v.mode === 'eq' ? (front && back ? 'contains' : front ? 'end' : 'start') : 'contains';
        return { ...v, mode };
      }
      const s = asStr(v) ?? bad();
      const tok = [...s.tok];
      if (front && tok[0] !== STAR) tok.unshift(STAR);
      if (back && tok[tok.length - 1] !== STAR) tok.push(STAR);
      return { ...s, tok };
    }
    case 'base64': {
      const s = asStr(v) ?? bad();
      if (plainText(s.tok) === null) throw new RuleError(`${key}: base64 of a value with wildcards is not defined`);
      const b = encode(s).toString('base64');
      return { t: 'str', tok: [b], cased: true, enc: 'utf8', orig: b };
    }
    case 'base64offset': {
      const s = asStr(v) ?? bad();
      if (plainText(s.tok) === null) throw new RuleError(`${key}: base64 of a value with wildcards is not defined`);
      return {
        t: 'exp',
        xs: b64offsets(encode(s)).map((b) => ({ t: 'str', tok: [b], cased: true, enc: 'utf8', orig: b })),
      };
    }
    case 'wide':
    case 'utf16le':
    case 'utf16be':
    case 'utf16': {
      const s = asStr(v) ?? bad();
      const enc: Enc = mod === 'wide' ? 'utf16le' : (mod as Enc);
      // Kept as text for matching; base64 afterwards encodes the real UTF-16 bytes.
      const tok = wideTokens(s.tok, enc === 'utf16be', key);
      return { ...s, tok: enc === 'utf16' ? ['\ufeff', ...tok] : tok, enc, plain: plainText(s.tok) ?? undefined };
    }
    case 'windash': {
      const s = asStr(v) ?? bad();
      return { t: 'exp', xs: windash(s.tok, key).map((tok) => ({ ...s, tok })) };
    }
    case 're': {
      if (applied > 0) throw new RuleError(`${key}: 're' must be the first modifier`);
      const s = asStr(v) ?? bad();
      return { t: 're', pattern: s.orig, flags: new Set() };
    }
    case 'i':
    case 'ignorecase':
    case 'm':
    case 'multiline':
    case 's':
    case 'dotall': {
      if (v.t !== 're') throw new RuleError(`${key}: '${mod}' is a flag of 're' and must follow it`);
      v.flags.add(mod[0] === 'd' ? 's' : mod[0]);
      return v;
    }
    case 'cased': {
      const s = asStr(v) ?? bad();
      return { ...s, cased: true };
    }
    case 'cidr': {
      if (applied > 0) throw new RuleError(`${key}: 'cidr' must be the first modifier`);
      const s = asStr(v) ?? bad();
      const c = parseCidr(s.orig);
      if (!c) throw new RuleError(`${key}: not an IPv4 or IPv6 network: ${JSON.stringify(s.orig)}`);
      return { t: 'cidr', c };
    }
    case 'exists': {
      if (applied > 0) throw new RuleError(`${key}: 'exists' must be the only modifier`);
      if (v.t === 'bool') return { t: 'exists', want: v.b };
      if (v.t === 'str' && /^(true|false)$/i.test(v.orig)) return { t: 'exists', want: /^true$/i.test(v.orig) };
      throw new RuleError(`${key}: 'exists' takes true or false`);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = v.t === 'num' ? v.n : v.t === 'str' ? Number(v.orig) : NaN;
      if (!Number.isFinite(n) || (v.t === 'str' && v.orig.trim() === ''))
        throw new RuleError(`${key}: '${mod}' compares with a number, not ${describe(v)}`);
      return { t: 'cmp', op: mod, n };
    }
    case 'fieldref': {
      const s = asStr(v) ?? bad();
      const name = plainText(s.tok);
      if (name === null || name === '') throw new RuleError(`${key}: a field reference names one field, no wildcards`);
      return { t: 'ref', field: name, mode: 'eq', cased: false };
    }
    case 'minute':
    case 'hour':
    case 'day':
    case 'week':
    case 'month':
    case 'year': {
      if (v.t !== 'num' || !Number.isInteger(v.n)) throw new RuleError(`${key}: '${mod}' compares with a whole number`);
      return { t: 'time', part: mod, n: v.n };
    }
    case 'expand':
      throw new RuleError(
        `${key}: 'expand' needs site-specific placeholder values (%name%), which SessionScope does not have; replace the placeholder with the values`,
      );
    default:
      throw new RuleError(`${key}: unknown modifier '${mod}'`);
  }
}

function describe(v: V): string {
  switch (v.t) {
    case 'str':
      return `the string ${JSON.stringify(v.orig)}`;
    case 'num':
      return `the number ${v.orig}`;
    case 'bool':
      return `the boolean ${v.b}`;
    case 'null':
      return 'null';
    case 're':
      return 'a regular expression';
    default:
      return `a ${v.t} value`;
  }
}

function toMatcher(v: V, key: string): Matcher {
  switch (v.t) {
    case 'str':
      return { t: 'glob', g: compileGlob(v.tok, !v.cased), cased: v.cased };
    case 'num':
      return { t: 'glob', g: compileGlob([v.orig], true), cased: false };
    case 'bool':
      return { t: 'glob', g: compileGlob([String(v.b)], true), cased: false };
    case 'null':
      return { t: 'null' };
    case 're': {
      let flags = 0;
      if (v.flags.has('i')) flags |= RE2JS.CASE_INSENSITIVE;
      if (v.flags.has('m')) flags |= RE2JS.MULTILINE;
      if (v.flags.has('s')) flags |= RE2JS.DOTALL;
      try {
        return { t: 're', re: RE2JS.compile(v.pattern, flags) };
      } catch (e) {
        throw new RuleError(
          `${key}: regular expression ${JSON.stringify(v.pattern)} is not usable (${e instanceof Error ? e.message : String(e)}); backreferences and lookaround are not supported`,
        );
      }
    }
    case 'exp':
      return { t: 'anyOf', xs: v.xs.map((x) => toMatcher(x, key)) };
    default:
      return v;
  }
}

/** Compiles `field|mod1|mod2: value(s)` (field '' or null for keywords). */
export function compileItem(field: string | null, mods: string[], raw: unknown, key: string): Item {
  let all = false;
  let negate = false;
  const valueMods: string[] = [];
  for (const m0 of mods) {
    const m = m0.trim();
    if (!MODIFIERS.has(m)) throw new RuleError(`${key}: unknown modifier '${m}'`);
    if (m === 'all') all = true;
    else if (m === 'neq') negate = true;
    else valueMods.push(m);
  }
  if (valueMods.includes('exists') && field === null) throw new RuleError(`${key}: 'exists' needs a field`);
  if (valueMods.includes('fieldref') && field === null) throw new RuleError(`${key}: 'fieldref' needs a field`);
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new RuleError(`${key}: an empty list of values matches nothing`);
  if (list.some((x) => x === null) && list.length > 1)
    throw new RuleError(`${key}: null cannot be one of several values; give it its own selection`);
  if (all && list.length === 1 && !Array.isArray(raw) && field !== null)
    throw new RuleError(`${key}: 'all' needs a list of values`);
  const matchers = list.map((x) => {
    let v = initial(x, key);
    valueMods.forEach((m, i) => {
      v = applyOne(m, v, i, key);
    });
    return toMatcher(v, key);
  });
  return { field, matchers, all, negate, key };
}
