// The parsed query. Every node keeps the span of the query it came from, so errors found while compiling (an
// unknown value, an address that is not one) still point at the right characters.

/** A piece of a value: literal text, `*` (any run of characters) or `?` (any one character). */
export type Seg = { t: 'lit'; s: string } | { t: 'star' } | { t: 'one' };

export interface Span {
  start: number;
  end: number;
}

/** Free text: a word or "a phrase" matched against the full-text index, optionally as a prefix (`term*`). */
export interface TextNode extends Span {
  kind: 'text';
  text: string;
  phrase: boolean;
  prefix: boolean;
}

/** `field:value`. `value` is what was typed (escapes removed); `segs` splits it at unescaped wildcards. */
export interface FieldNode extends Span {
  kind: 'field';
  /** The field as the table names it (`user_agent` for `ua:`). */
  field: string;
  /** The name as typed. */
  name: string;
  /** For a family such as `fact.KEY`: the part after the family prefix. */
  sub?: string;
  value: string;
  segs: Seg[];
  quoted: boolean;
  /** Written without the field name (a bare IPv6 address or CIDR is read as ip:). */
  implicit?: boolean;
  /** Span of the value alone. */
  valueStart: number;
  valueEnd: number;
}

export interface AndNode extends Span {
  kind: 'and';
  items: Node[];
}

export interface OrNode extends Span {
  kind: 'or';
  items: Node[];
}

export interface NotNode extends Span {
  kind: 'not';
  item: Node;
}

export type Node = TextNode | FieldNode | AndNode | OrNode | NotNode;

export const hasWildcard = (segs: Seg[]) => segs.some((s) => s.t !== 'lit');

/** The query written back with explicit operators and parentheses: how it was understood. */
export function printNode(n: Node, top = true): string {
  switch (n.kind) {
    case 'text':
      return (n.phrase ? quote(n.text) : escapeWord(n.text)) + (n.prefix ? '*' : '');
    case 'field':
      if (n.implicit) return `${n.name}:${n.value}`;
      return `${n.name}:${n.quoted ? quoteSegs(n.segs) : segsText(n.segs)}`;
    case 'not':
      return `NOT ${printNode(n.item, false)}`;
    case 'and':
    case 'or': {
      const s = n.items.map((i) => printNode(i, false)).join(n.kind === 'and' ? ' AND ' : ' OR ');
      return top ? s : `(${s})`;
    }
  }
}

function escapeWord(s: string): string {
  return s.replace(/[\\\s()"*]/g, (c) => `\\${c}`);
}

function quote(s: string): string {
  return `"${s.replace(/[\\"*]/g, (c) => `\\${c}`)}"`;
}

function segsText(segs: Seg[]): string {
  return segs
    .map((g) => (g.t === 'star' ? '*' : g.t === 'one' ? '?' : g.s.replace(/[\\\s()"*?]/g, (c) => `\\${c}`)))
    .join('');
}

function quoteSegs(segs: Seg[]): string {
  return `"${segs.map((g) => (g.t === 'star' ? '*' : g.t === 'one' ? '?' : g.s.replace(/[\\"*?]/g, (c) => `\\${c}`))).join('')}"`;
}
