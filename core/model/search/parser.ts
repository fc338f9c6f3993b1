// Recursive-descent parser for the search grammar (docs: README "Search"). Precedence, loosest first:
//
//   query    = or EOF
//   or       = and { "OR" and }
//   and      = unary { ["AND"] unary }          juxtaposition is AND
//   unary    = ("NOT" | "-") unary | primary
//   primary  = "(" or ")" | field | PHRASE | WORD
//   field    = NAME ":" ( WORD-rest | PHRASE | "(" values ")" )     no space after the colon
//   values   = the same grammar, every leaf a value of that field  (action:(GetObject OR PutObject))
//
// OR / AND / NOT are operators only in capitals and unquoted; `or` is a word. A WORD `name:rest` is a field when
// `name` is a known field; when `name` merely resembles one (`acton:`) it is an error with suggestions; otherwise
// the colon is part of the text (`s3:GetObject`, `arn:aws:iam::…`, `repo:org/x:ref:…` are free text).
//
// Written by hand rather than generated (peggy and the like): the grammar is small, the context-sensitive parts
// (a colon separates a field only after a field's name; IPv6 values are full of colons) are plain code, errors name
// the exact character and what would have been accepted there in words an analyst reads, and it needs no
// dependency or build step. It is pure (no Node, no database): the renderer may run it on every keystroke.
import { type Node, type Seg, type TextNode, type FieldNode } from './ast.js';
import { closest, SearchError } from './errors.js';
import { FIELD_NAMES, lookupField, SEARCH_FIELDS } from './fields.js';
import { text, tokenize, type Token, type Unit } from './lexer.js';
import { parseIp } from '../ip.js';

const MAX_DEPTH = 40;
const OPERAND = ['a word', 'a "phrase"', 'field:value', '(', '-', 'NOT'];

/** Parses a query; null when it holds nothing (empty or blank). Throws SearchError with the position at fault. */
export function parseQuery(q: string): Node | null {
  const tokens = tokenize(q);
  if (tokens.length === 0) return null;
  const p = new Parser(q, tokens);
  const node = p.or(0, null);
  p.expectEnd();
  return node;
}

type Ctx = { field: FieldNode['field']; name: string; sub?: string; start: number } | null;

class Parser {
  private i = 0;

  constructor(
    private readonly q: string,
    private readonly toks: Token[],
  ) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private isKeyword(t: Token | undefined, kw: 'OR' | 'AND' | 'NOT'): boolean {
    return t !== undefined && t.type === 'word' && t.raw === kw;
  }

  expectEnd(): void {
    const t = this.peek();
    if (!t) return;
    if (t.type === 'rparen')
      throw new SearchError("this ')' closes nothing: remove it or add a '(' before it", t.start, t.end);
    throw new SearchError('unexpected text here', t.start, t.end, { expected: ['OR', 'AND', 'end of query'] });
  }

  private missing(after: string, at: number): never {
    throw new SearchError(`expected a word, a "phrase", field:value or ( after ${after}`, at, at, {
      expected: OPERAND,
    });
  }

  or(depth: number, ctx: Ctx): Node {
    const first = this.and(depth, ctx);
    const items: Node[] = [first];
    while (this.isKeyword(this.peek(), 'OR')) {
      const op = this.peek()!;
      this.i++;
      if (!this.startsOperand(this.peek())) this.missing('OR', op.end);
      items.push(this.and(depth, ctx));
    }
    return items.length === 1 ? first : { kind: 'or', items, start: items[0].start, end: items[items.length - 1].end };
  }

  private startsOperand(t: Token | undefined): boolean {
    if (!t) return false;
    if (t.type === 'rparen') return false;
    if (this.isKeyword(t, 'OR') || this.isKeyword(t, 'AND')) return false;
    return true;
  }

  private and(depth: number, ctx: Ctx): Node {
    const t0 = this.peek();
    if (!t0) this.missing(this.i === 0 ? 'the start' : 'this', this.q.length);
    if (this.isKeyword(t0, 'OR') || this.isKeyword(t0, 'AND'))
      throw new SearchError(`${t0.type === 'word' ? t0.raw : ''} needs something on its left`, t0.start, t0.end, {
        expected: OPERAND,
      });
    if (t0.type === 'rparen') {
      if (ctx || depth > 0)
        throw new SearchError("empty parentheses: put something between '(' and ')'", t0.start, t0.end, {
          expected: OPERAND,
        });
      throw new SearchError("this ')' closes nothing: remove it or add a '(' before it", t0.start, t0.end);
    }
    const items: Node[] = [this.unary(depth, ctx)];
    for (;;) {
      const t = this.peek();
      if (this.isKeyword(t, 'AND')) {
        this.i++;
        if (!this.startsOperand(this.peek())) this.missing('AND', t!.end);
        items.push(this.unary(depth, ctx));
        continue;
      }
      if (!this.startsOperand(t)) break;
      items.push(this.unary(depth, ctx));
    }
    return items.length === 1
      ? items[0]
      : { kind: 'and', items, start: items[0].start, end: items[items.length - 1].end };
  }

  private unary(depth: number, ctx: Ctx): Node {
    const t = this.peek()!;
    if (t.type === 'minus' || this.isKeyword(t, 'NOT')) {
      this.i++;
      const next = this.peek();
      if (!this.startsOperand(next)) this.missing(t.type === 'minus' ? "'-'" : 'NOT', t.end);
      if (depth > MAX_DEPTH) throw new SearchError('the query nests too deeply', t.start, t.end);
      const item = this.unary(depth + 1, ctx);
      return { kind: 'not', item, start: t.start, end: item.end };
    }
    return this.primary(depth, ctx);
  }

  private primary(depth: number, ctx: Ctx): Node {
    const t = this.peek()!;
    if (t.type === 'lparen') {
      if (depth > MAX_DEPTH) throw new SearchError('the query nests too deeply', t.start, t.end);
      this.i++;
      const inner = this.or(depth + 1, ctx);
      const close = this.peek();
      if (!close || close.type !== 'rparen')
        throw new SearchError(
          close ? "expected ')' to close the '(' opened here" : "the '(' opened here is never closed: add a ')'",
          t.start,
          t.end,
          { expected: [')'] },
        );
      this.i++;
      return { ...inner, start: Math.min(inner.start, t.start), end: Math.max(inner.end, close.end) };
    }
    if (t.type === 'rparen') throw new SearchError("this ')' closes nothing", t.start, t.end);
    if (t.type !== 'word' && t.type !== 'phrase') return this.unary(depth, ctx);
    this.i++;
    if (t.type === 'phrase') {
      this.noGlue(t);
      return ctx
        ? this.fieldValue(ctx, t.units, true, t.start, t.end, t.star, true)
        : this.textNode(t.units, true, t.star, t);
    }
    // A word: a field, or free text.
    if (!ctx) {
      const field = this.fieldOf(t, depth) ?? bareAddress(t);
      if (field) return field;
    }
    this.noGlue(t);
    return ctx
      ? this.fieldValue(ctx, t.units, false, t.start, t.end, false, true)
      : this.textNode(t.units, false, false, t);
  }

  /** A word glued to a following quote or parenthesis is a typing slip, not two terms. */
  private noGlue(t: Token): void {
    const next = this.peek();
    if (next && next.start === t.end && (next.type === 'lparen' || next.type === 'phrase'))
      throw new SearchError(
        `'${next.type === 'lparen' ? '(' : '"'}' inside a word: put a space before it, or escape it with '\\'`,
        next.start,
        next.start + 1,
      );
  }

  /** `name:` at the start of a word, when name is (or resembles) a field. */
  private fieldOf(t: Extract<Token, { type: 'word' }>, depth: number): Node | null {
    const colon = t.units.findIndex((u) => u.c === ':' && !u.esc);
    if (colon <= 0) return null;
    const nameUnits = t.units.slice(0, colon);
    if (nameUnits.some((u) => u.esc)) return null;
    const name = text(nameUnits);
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) return null;
    const nameEnd = t.start + name.length;
    const match = lookupField(name);
    const valueUnits = t.units.slice(colon + 1);
    if (!match && SEARCH_FIELDS.some((f) => f.family && f.name === name.toLowerCase()))
      throw new SearchError(`${name} needs a fact name, e.g. fact.tool:export_csv`, t.start, nameEnd);
    if (!match) {
      const near = closest(name, FIELD_NAMES);
      // `s3:GetObject`, `arn:aws:…`, `repo:org/x:ref:…` are text; `acton:x` is a typo.
      const textLike = near.length === 0 || valueUnits.some((u) => u.c === ':' && !u.esc) || valueUnits.length === 0;
      if (textLike) return null;
      throw new SearchError(
        `unknown field '${name}': did you mean ${near.map((n) => n + ':').join(' or ')}? (to search for the text itself, put it in quotes)`,
        t.start,
        nameEnd,
        { suggestions: near },
      );
    }
    const ctx: NonNullable<Ctx> = { field: match.spec.name, name, sub: match.sub, start: t.start };
    if (match.spec.family && match.sub !== undefined && !/^[A-Za-z0-9_.-]+$/.test(match.sub))
      throw new SearchError(`'${match.sub}' is not a fact name`, t.start + match.spec.name.length, nameEnd);
    if (valueUnits.length > 0) return this.fieldValue(ctx, valueUnits, false, nameEnd + 1, t.end, false, false);
    // `name:` then a quoted value or a group, with nothing between.
    const next = this.peek();
    if (next && next.start === t.end && next.type === 'phrase') {
      this.i++;
      this.noGlue(next);
      return this.fieldValue(ctx, next.units, true, next.start, next.end, next.star, false);
    }
    if (next && next.start === t.end && next.type === 'lparen') {
      this.i++;
      const inner = this.or(depth + 1, ctx);
      const close = this.peek();
      if (!close || close.type !== 'rparen')
        throw new SearchError(`the '(' of ${name}:( is never closed: add a ')'`, next.start, next.end, {
          expected: [')'],
        });
      this.i++;
      return { ...inner, start: t.start, end: close.end };
    }
    throw new SearchError(
      `expected a value right after '${name}:' (no space), e.g. ${exampleFor(name)}`,
      t.end,
      t.end,
      {
        expected: ['a value', 'a "quoted value"', '(a OR b)'],
      },
    );
  }

  private fieldValue(
    ctx: NonNullable<Ctx>,
    units: Unit[],
    quoted: boolean,
    start: number,
    end: number,
    star: boolean,
    inGroup: boolean,
  ): FieldNode {
    // Inside field:( … ) a word may not name another field.
    if (inGroup && !quoted) {
      const colon = units.findIndex((u) => u.c === ':' && !u.esc);
      if (colon > 0 && lookupField(text(units.slice(0, colon))))
        throw new SearchError(`a field inside ${ctx.name}:( … ): close the parenthesis first`, start, start + colon);
    }
    const segs = toSegs(units, star);
    if (segs.length === 0)
      throw new SearchError(`the value of ${ctx.name}: is empty`, start, end, { expected: ['a value'] });
    return {
      kind: 'field',
      field: ctx.field,
      name: ctx.name,
      ...(ctx.sub !== undefined ? { sub: ctx.sub } : {}),
      value: text(units) + (star ? '*' : ''),
      segs,
      quoted,
      start: inGroup ? start : ctx.start,
      end,
      valueStart: start,
      valueEnd: end,
    };
  }

  private textNode(units: Unit[], phrase: boolean, star: boolean, t: Token): TextNode {
    // Only a trailing * is a wildcard in free text (a prefix); anywhere else the index cannot answer it.
    let prefix = star;
    let body = units;
    if (!star && units.length > 0 && units[units.length - 1].c === '*' && !units[units.length - 1].esc) {
      prefix = true;
      body = units.slice(0, -1);
      while (body.length > 0 && body[body.length - 1].c === '*' && !body[body.length - 1].esc) body = body.slice(0, -1);
    }
    const inner = body.findIndex((u) => u.c === '*' && !u.esc);
    if (inner >= 0) {
      const at = t.start + (phrase ? 1 : 0) + inner;
      throw new SearchError(
        'free text takes * only at the end of a word (a prefix); to match inside values use a field, e.g. action:*GetSecretValue or ua:*curl*',
        at,
        at + 1,
      );
    }
    const s = text(body);
    if (!/[\p{L}\p{N}\p{Co}]/u.test(s)) {
      if (prefix && s === '')
        throw new SearchError('* alone matches everything: leave the search empty instead', t.start, t.end);
      throw new SearchError(
        `'${s}' has no letters or digits to search for${phrase ? '' : '; to find an exact value use a field, e.g. ip:::1'}`,
        t.start,
        t.end,
      );
    }
    // `203.0.113.*`: the star follows a separator, so it cannot extend the last word: a phrase of the parts.
    if (prefix && !/[\p{L}\p{N}\p{Co}]$/u.test(s)) prefix = false;
    return { kind: 'text', text: s, phrase, prefix, start: t.start, end: t.end };
  }
}

/**
 * A bare IPv6 address or any CIDR means `ip:` (the event's source address): the full-text index splits IPv6 text
 * at every colon, so `::1` as text would match every event holding a `1`. A bare IPv4 address stays free text
 * (its parts in sequence find it anywhere in the record).
 */
function bareAddress(t: Extract<Token, { type: 'word' }>): FieldNode | null {
  if (t.units.some((u) => u.esc)) return null;
  const s = t.raw;
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  if (slash >= 0 ? !/^\d{1,3}$/.test(s.slice(slash + 1)) : !addr.includes(':')) return null;
  if (!parseIp(addr)) return null;
  return {
    kind: 'field',
    field: 'ip',
    name: 'ip',
    value: s,
    segs: [{ t: 'lit', s }],
    quoted: false,
    implicit: true,
    start: t.start,
    end: t.end,
    valueStart: t.start,
    valueEnd: t.end,
  };
}

function toSegs(units: Unit[], trailingStar: boolean): Seg[] {
  const segs: Seg[] = [];
  let lit = '';
  const flush = () => {
    if (lit) segs.push({ t: 'lit', s: lit });
    lit = '';
  };
  for (const u of units) {
    if (!u.esc && u.c === '*') {
      flush();
      if (segs[segs.length - 1]?.t !== 'star') segs.push({ t: 'star' });
    } else if (!u.esc && u.c === '?') {
      flush();
      segs.push({ t: 'one' });
    } else lit += u.c;
  }
  flush();
  if (trailingStar && segs[segs.length - 1]?.t !== 'star') segs.push({ t: 'star' });
  return segs;
}

function exampleFor(name: string): string {
  const m = lookupField(name);
  return m ? m.spec.example : `${name}:value`;
}
