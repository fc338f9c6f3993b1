// The import's hot paths were rewritten for speed (issue 16); each must give exactly what its plain form gives,
// because the search index and the evidence digest are compared byte for byte with what older builds stored.
import { describe, expect, it } from 'vitest';
import { collectStrings } from '../../core/model/search-doc.js';
import { factsJson } from '../../core/evidence/canonical-row.js';
import { canonicalJson } from '../../core/casefile/chain.js';
import { key } from '../../importers/util/fields.js';

/** The plain walk collectStrings replaced: explicit stacks, depth-first in document order. */
function plainCollect(value: unknown, out: Set<string>, budget = 32 * 1024): number {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  let maxDepth = 0;
  let chars = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    const d = depths.pop()!;
    if (d > maxDepth) maxDepth = d;
    if (typeof v === 'string') {
      if (v.length > 0 && chars < budget && !/^\d{4}-\d\d-\d\dT/.test(v) && !out.has(v)) {
        out.add(v);
        chars += v.length;
      }
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && chars < budget) out.add(String(v));
    } else if (v !== null && typeof v === 'object') {
      const items = Array.isArray(v) ? v : Object.values(v as object);
      for (let i = items.length - 1; i >= 0; i--) {
        stack.push(items[i]);
        depths.push(d + 1);
      }
    }
  }
  return maxDepth;
}

function nested(depth: number): unknown {
  let v: unknown = { leaf: 'bottom', n: 7 };
  for (let i = depth; i > 0; i--) v = { [`k${i}`]: `v${i % 5}`, inner: v, list: [i, `w${i}`, null, true] };
  return v;
}

describe('collectStrings', () => {
  const cases: [string, unknown][] = [
    ['a CloudTrail-like record', { a: 'x', b: { c: ['y', 'x', 3, 2.5, '2026-03-01T00:00:00Z'], d: '' }, e: 'z' }],
    ['a record 64 levels deep (the recursive walk)', nested(63)],
    ['a record 65 levels deep (walked again without recursion)', nested(65)],
    ['a record 3,000 levels deep', nested(3000)],
    ['values over the budget', { a: 'x'.repeat(40_000), b: 'kept? no', c: 12 }],
  ];
  for (const [name, value] of cases)
    it(`gives the plain walk's values, order and depth: ${name}`, () => {
      const fast = new Set<string>();
      const plain = new Set<string>();
      expect(collectStrings(value, fast)).toBe(plainCollect(value, plain));
      expect([...fast]).toEqual([...plain]);
    });

  it('keeps what the set held before a deep record (an event merged from several records)', () => {
    const fast = new Set(['first', 'v1']);
    const plain = new Set(['first', 'v1']);
    expect(collectStrings(nested(200), fast)).toBe(plainCollect(nested(200), plain));
    expect([...fast]).toEqual([...plain]);
  });
});

describe('factsJson', () => {
  it('is canonicalJson of the facts, byte for byte', () => {
    const all: Record<string, string>[] = [
      { account: '111122223333', issuer: 'arn:aws:iam::111122223333:role/x' },
      { '10': 'ten', '9': 'nine', b: 'é "quoted" \\ \n', a: '\u2028', Z: '' },
      { ключ: 'значение', Ä: 'x', a: 'y' },
    ];
    for (const facts of all) expect(factsJson(facts)).toBe(canonicalJson(facts));
  });

  it('adds nothing for empty facts, and takes the generic path for a value that is not text', () => {
    expect(factsJson({})).toBe('');
    const odd = { a: 'x', b: undefined, c: 'y' } as unknown as Record<string, string>;
    expect(factsJson(odd)).toBe(canonicalJson(odd));
  });
});

describe('key', () => {
  it('matches exactly, then case-insensitively — including a key whose lower case is longer (İ)', () => {
    const o = { eventName: 'GetObject', useridentity: { arn: 'a' }, İd: 'dotted' };
    expect(key(o, 'eventName')).toBe('GetObject');
    expect(key(o, 'EVENTNAME')).toBe('GetObject');
    expect(key(o, 'userIdentity')).toEqual({ arn: 'a' });
    expect(key(o, 'i\u0307d')).toBe('dotted');
    expect(key(o, 'missing')).toBeUndefined();
  });
});
