// Sigma conditions: search identifiers joined by `and`, `or`, `not` and parentheses, and `1 of X` / `all of X`
// where X is an identifier pattern with `*` wildcards or `them` (every identifier not starting with `_`).
// Precedence, loosest first: or, and, not, x of, ( ). A list of conditions is their `or`. Patterns are expanded
// when the rule is compiled, so a pattern that names nothing, or an unknown identifier, is an error then.
// The Sigma 1.0 aggregation syntax (`| count() by x > 5`, `near`) is refused with a pointer to correlation rules.
import { RuleError } from './errors.js';
import { compileGlob, globMatch, starTokens } from '../../model/wildcard.js';

export type Cond =
  { k: 'id'; name: string } | { k: 'and'; xs: Cond[] } | { k: 'or'; xs: Cond[] } | { k: 'not'; x: Cond };

type Tok = { t: 'word'; v: string } | { t: '('; v: string } | { t: ')'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    if (c === '|')
      throw new RuleError(
        `condition ${JSON.stringify(s)}: aggregations ('| count() …') are Sigma 1.0 syntax; write a correlation rule (event_count, value_count) instead`,
      );
    let j = i;
    while (j < s.length && !/[\s()|]/.test(s[j])) j++;
    out.push({ t: 'word', v: s.slice(i, j) });
    i = j;
  }
  return out;
}

export function parseCondition(text: string, names: string[]): Cond {
  const toks = tokenize(text);
  let p = 0;
  const peek = () => toks[p];
  const word = (w: string) => peek()?.t === 'word' && peek()!.v.toLowerCase() === w;
  const fail = (msg: string): never => {
    throw new RuleError(`condition ${JSON.stringify(text)}: ${msg}`);
  };

  const expandPattern = (pat: string): string[] => {
    if (pat.toLowerCase() === 'them') return names.filter((n) => !n.startsWith('_'));
    if (!pat.includes('*')) return names.includes(pat) ? [pat] : [];
    const glob = compileGlob(starTokens(pat), false);
    return names.filter((n) => globMatch(glob, n));
  };

  const orExpr = (): Cond => {
    const xs = [andExpr()];
    while (word('or')) {
      p++;
      xs.push(andExpr());
    }
    return xs.length === 1 ? xs[0] : { k: 'or', xs };
  };
  const andExpr = (): Cond => {
    const xs = [notExpr()];
    while (word('and')) {
      p++;
      xs.push(notExpr());
    }
    return xs.length === 1 ? xs[0] : { k: 'and', xs };
  };
  const notExpr = (): Cond => {
    if (word('not')) {
      p++;
      return { k: 'not', x: notExpr() };
    }
    return atom();
  };
  const atom = (): Cond => {
    const t = peek();
    if (!t) return fail('ends where a search identifier was expected');
    if (t.t === '(') {
      p++;
      const e = orExpr();
      if (peek()?.t !== ')') fail('a parenthesis is not closed');
      p++;
      return e;
    }
    if (t.t === ')') return fail('unexpected )');
    const next = toks[p + 1];
    if (next?.t === 'word' && next.v.toLowerCase() === 'of') {
      const q = t.v.toLowerCase();
      const pat = toks[p + 2];
      if (!pat || pat.t !== 'word') return fail(`'${t.v} of' needs an identifier pattern or 'them'`);
      p += 3;
      const ids = expandPattern(pat.v);
      if (ids.length === 0) fail(`'${pat.v}' names no search identifier`);
      const xs: Cond[] = ids.map((name) => ({ k: 'id', name }));
      if (q === 'all') return xs.length === 1 ? xs[0] : { k: 'and', xs };
      if (q === '1' || q === 'any') return xs.length === 1 ? xs[0] : { k: 'or', xs };
      const n = Number(q);
      if (!Number.isInteger(n) || n < 1) return fail(`'${t.v} of': use '1 of' or 'all of'`);
      if (n > ids.length) fail(`'${n} of ${pat.v}' asks for more than the ${ids.length} identifiers it names`);
      // n of k: the or of every n-subset would explode; count instead (kept as nested and/or for small k).
      return atLeast(n, xs);
    }
    const w = t.v;
    const lw = w.toLowerCase();
    if (lw === 'and' || lw === 'or' || lw === 'not' || lw === 'of') return fail(`unexpected '${w}'`);
    if (lw === 'near') return fail("'near' is Sigma 1.0 syntax; write a temporal correlation rule instead");
    if (!names.includes(w)) fail(`'${w}' is not a search identifier of this rule (it has: ${names.join(', ')})`);
    p++;
    return { k: 'id', name: w };
  };

  const e = orExpr();
  if (p < toks.length) fail(`unexpected '${toks[p].v}'`);
  return e;
}

function atLeast(n: number, xs: Cond[]): Cond {
  if (n === 1) return { k: 'or', xs };
  if (n === xs.length) return { k: 'and', xs };
  if (xs.length > 12)
    throw new RuleError(`'${n} of' over ${xs.length} identifiers is too large; use '1 of' or 'all of'`);
  // At least n of xs = (x0 and at least n-1 of the rest) or (at least n of the rest).
  const [h, ...rest] = xs;
  const withH: Cond = { k: 'and', xs: [h, atLeast(n - 1, rest)] };
  return rest.length >= n ? { k: 'or', xs: [withH, atLeast(n, rest)] } : withH;
}

/** The identifiers a condition uses. */
export function condIds(c: Cond, out = new Set<string>()): Set<string> {
  if (c.k === 'id') out.add(c.name);
  else if (c.k === 'not') condIds(c.x, out);
  else for (const x of c.xs) condIds(x, out);
  return out;
}
