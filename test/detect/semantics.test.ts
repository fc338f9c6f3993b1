// The Sigma detection syntax, item by item: selections, lists, keywords, every modifier, wildcards and escaping,
// null and exists, conditions, and linear-time matching on hostile rules and data.
import { describe, expect, test } from 'vitest';
import { parseRuleText } from '../../core/detect/sigma/load.js';
import { compileFor } from '../../core/detect/compile.js';
import { matches } from '../../core/detect/evaluate.js';
import type { SigmaFormat } from '../../core/detect/formats/types.js';
import type { View } from '../../core/detect/record.js';
import type { DetectionRule } from '../../core/detect/sigma/rule.js';
import { globMatch, compileGlob, parseSigmaString } from '../../core/detect/sigma/wildcard.js';

const open: SigmaFormat = {
  id: 'generic',
  logsources: [{ product: 'test' }],
  records: 'json',
  schema: ['*'],
  fields: {},
};

function rule(detection: string): DetectionRule {
  const text = `title: t\nlogsource:\n  product: test\ndetection:\n${detection
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const r = parseRuleText(text)[0];
  if ('error' in r) throw new Error(r.error);
  return r.rule as DetectionRule;
}

function errorOf(detection: string): string {
  const text = `title: t\nlogsource:\n  product: test\ndetection:\n${detection
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const r = parseRuleText(text)[0];
  return 'error' in r ? r.error : 'no error';
}

function hit(detection: string, json: unknown): boolean {
  const c = compileFor(rule(detection), open);
  if ('reason' in c) throw new Error(c.reason);
  const v: View = { json, audit: null, text: JSON.stringify(json), norm: () => ({}), memo: null };
  return matches(c, v);
}

describe('wildcards and escaping (Sigma spec, pySigma SigmaString)', () => {
  const g = (pattern: string, value: string) =>
    globMatch(compileGlob(parseSigmaString(pattern), true), value.toLowerCase());
  test('* and ?', () => {
    expect(g('prog?.exe', 'progA.exe')).toBe(true);
    expect(g('prog?.exe', 'prog.exe')).toBe(false);
    expect(g('antivirus_V*.exe', 'antivirus_V21.2.1.exe')).toBe(true);
    expect(g('*a*b*c*', 'xxaxxbxxcxx')).toBe(true);
    expect(g('*a*b*c*', 'xxcxxbxxaxx')).toBe(false);
    expect(g('a*a', 'a')).toBe(false);
    expect(g('a*a', 'aa')).toBe(true);
    expect(g('*', '')).toBe(true);
  });
  test('backslash escapes', () => {
    expect(g('a\\*b', 'a*b')).toBe(true);
    expect(g('a\\*b', 'axxb')).toBe(false);
    expect(g('a\\?', 'a?')).toBe(true);
    expect(g('C:\\Windows\\\\*', 'C:\\Windows\\x.exe')).toBe(true); // a plain backslash before a letter, then \\*
    expect(g('C:\\Windows\\*', 'C:\\Windows*')).toBe(true); // \* is a literal star
    expect(g('C:\\Windows\\*', 'C:\\Windows\\x.exe')).toBe(false);
    expect(g('a\\\\*', 'a\\xyz')).toBe(true); // escaped backslash, then a wildcard
    expect(g('a\\\\\\*', 'a\\*')).toBe(true); // escaped backslash and escaped star
    expect(g('a\\\\\\*', 'a\\xyz')).toBe(false);
    expect(g('a\\\\\\\\b', 'a\\\\b')).toBe(true); // four backslashes are two
  });
  test('case-insensitive by default, cased on request', () => {
    expect(hit('s:\n  f: HeLLo\ncondition: s', { f: 'hello' })).toBe(true);
    expect(hit('s:\n  f|cased: HeLLo\ncondition: s', { f: 'hello' })).toBe(false);
    expect(hit('s:\n  f|cased: HeLLo\ncondition: s', { f: 'HeLLo' })).toBe(true);
  });
});

describe('selections', () => {
  test('a map is AND, a value list is OR, a list of maps is OR', () => {
    expect(hit('s:\n  a: 1\n  b: x\ncondition: s', { a: 1, b: 'x' })).toBe(true);
    expect(hit('s:\n  a: 1\n  b: x\ncondition: s', { a: 1, b: 'y' })).toBe(false);
    expect(hit('s:\n  b: [x, y]\ncondition: s', { b: 'y' })).toBe(true);
    expect(hit('s:\n  - a: 1\n  - b: y\ncondition: s', { a: 2, b: 'y' })).toBe(true);
    expect(hit('s:\n  - a: 1\n  - b: y\ncondition: s', { a: 2, b: 'z' })).toBe(false);
  });
  test('numbers and booleans match their text; dotted paths; arrays', () => {
    expect(hit('s:\n  code: 403\ncondition: s', { code: '403' })).toBe(true);
    expect(hit("s:\n  code: '403'\ncondition: s", { code: 403 })).toBe(true);
    expect(hit("s:\n  p: 'true'\ncondition: s", { p: true })).toBe(true);
    expect(hit('s:\n  a.b.c: x\ncondition: s', { a: { b: { c: 'x' } } })).toBe(true);
    expect(hit('s:\n  a.b: x\ncondition: s', { a: [{ b: 'y' }, { b: 'x' }] })).toBe(true);
    expect(hit('s:\n  gcp.audit.method_name: m\ncondition: s', { 'gcp.audit.method_name': 'm' })).toBe(true);
    expect(hit('s:\n  ResultType: 0\ncondition: s', { resultType: '0' })).toBe(true); // names ignore case
  });
  test('JSON text inside a value is read as JSON (Log Analytics columns)', () => {
    expect(hit('s:\n  Status.errorCode: 50126\ncondition: s', { Status: '{"errorCode":50126}' })).toBe(true);
  });
  test('null, empty and exists', () => {
    expect(hit('s:\n  f: null\ncondition: s', {})).toBe(true);
    expect(hit('s:\n  f: null\ncondition: s', { f: null })).toBe(true);
    expect(hit('s:\n  f: null\ncondition: s', { f: '' })).toBe(false);
    expect(hit("s:\n  f: ''\ncondition: s", { f: '' })).toBe(true);
    expect(hit("s:\n  f: ''\ncondition: s", {})).toBe(false);
    expect(hit('s:\n  f|exists: true\ncondition: s', { f: null })).toBe(true);
    expect(hit('s:\n  f|exists: false\ncondition: s', {})).toBe(true);
    expect(hit('s:\n  f|exists: true\ncondition: s', {})).toBe(false);
  });
  test('keywords search every value, and |all needs each', () => {
    expect(hit('k:\n  - evil\ncondition: k', { a: { b: ['x', 'very EVIL thing'] } })).toBe(true);
    expect(hit('k:\n  - evil\ncondition: k', { evil: 'x' })).toBe(false); // keys are not searched
    expect(hit("k:\n  '|all':\n    - dd\n    - if=\ncondition: k", { a0: 'dd', a1: 'if=/dev/zero' })).toBe(true);
    expect(hit("k:\n  '|all':\n    - dd\n    - of=\ncondition: k", { a0: 'dd', a1: 'if=/dev/zero' })).toBe(false);
  });
});

describe('modifiers', () => {
  test('contains, startswith, endswith, all', () => {
    expect(hit('s:\n  f|contains: mid\ncondition: s', { f: 'xxMIDxx' })).toBe(true);
    expect(hit('s:\n  f|startswith: ab\ncondition: s', { f: 'abc' })).toBe(true);
    expect(hit('s:\n  f|startswith: ab\ncondition: s', { f: 'cab' })).toBe(false);
    expect(hit('s:\n  f|endswith: .exe\ncondition: s', { f: 'a.EXE' })).toBe(true);
    expect(hit('s:\n  f|contains|all: [a, b]\ncondition: s', { f: 'xaxbx' })).toBe(true);
    expect(hit('s:\n  f|contains|all: [a, z]\ncondition: s', { f: 'xaxbx' })).toBe(false);
    expect(hit('s:\n  f|contains: [a, z]\ncondition: s', { f: 'xaxbx' })).toBe(true);
  });
  test('re with i, m, s flags; searched, not anchored', () => {
    expect(hit("s:\n  f|re: 'b+c'\ncondition: s", { f: 'abbbcd' })).toBe(true);
    expect(hit("s:\n  f|re: 'B+C'\ncondition: s", { f: 'abbbcd' })).toBe(false);
    expect(hit("s:\n  f|re|i: 'B+C'\ncondition: s", { f: 'abbbcd' })).toBe(true);
    expect(hit("s:\n  f|re: '^b$'\ncondition: s", { f: 'a\nb\nc' })).toBe(false);
    expect(hit("s:\n  f|re|m: '^b$'\ncondition: s", { f: 'a\nb\nc' })).toBe(true);
    expect(hit("s:\n  f|re: 'a.c'\ncondition: s", { f: 'a\nc' })).toBe(false);
    expect(hit("s:\n  f|re|s: 'a.c'\ncondition: s", { f: 'a\nc' })).toBe(true);
  });
  test('cidr, IPv4 and IPv6', () => {
    expect(hit('s:\n  ip|cidr: 10.0.0.0/8\ncondition: s', { ip: '10.20.30.40' })).toBe(true);
    expect(hit('s:\n  ip|cidr: 10.0.0.0/8\ncondition: s', { ip: '11.0.0.1' })).toBe(false);
    expect(hit("s:\n  ip|cidr: '2001:db8::/32'\ncondition: s", { ip: '2001:db8:1::5' })).toBe(true);
    expect(hit('s:\n  ip|cidr: [192.168.0.0/16, 172.16.0.0/12]\ncondition: s', { ip: '172.20.1.1' })).toBe(true);
    expect(hit('s:\n  ip|cidr: 10.0.0.0/8\ncondition: s', { ip: 'AWS Internal' })).toBe(false);
  });
  test('base64 and base64offset (pySigma offsets), wide', () => {
    const b64 = Buffer.from('http://evil').toString('base64');
    expect(hit('s:\n  f|base64: http://evil\ncondition: s', { f: b64 })).toBe(true);
    for (const pre of ['', 'x', 'xy', 'xyz'])
      expect(
        hit('s:\n  f|base64offset|contains: http://evil\ncondition: s', {
          f: Buffer.from(`${pre}http://evil/x`).toString('base64'),
        }),
      ).toBe(true);
    const wide = Buffer.from('cmd', 'utf16le').toString('base64');
    expect(hit('s:\n  f|wide|base64: cmd\ncondition: s', { f: wide })).toBe(true);
  });
  test('windash expands - and / (and dashes) at word starts', () => {
    for (const v of ['x -enc y', 'x /enc y', 'x \u2013enc y', 'x \u2014enc y', 'x \u2015enc y'])
      expect(hit("s:\n  f|windash|contains: ' -enc '\ncondition: s", { f: v })).toBe(true);
    expect(hit("s:\n  f|windash|contains: ' -enc '\ncondition: s", { f: 'x +enc y' })).toBe(false);
  });
  test('gt, gte, lt, lte on numbers and numeric text', () => {
    expect(hit('s:\n  n|gt: 5\ncondition: s', { n: 6 })).toBe(true);
    expect(hit('s:\n  n|gt: 5\ncondition: s', { n: '5' })).toBe(false);
    expect(hit('s:\n  n|gte: 5\ncondition: s', { n: '5' })).toBe(true);
    expect(hit('s:\n  n|lt: 5\ncondition: s', { n: 'x' })).toBe(false);
    expect(hit('s:\n  n|lte: 5\ncondition: s', { n: -1 })).toBe(true);
  });
  test('fieldref compares two fields', () => {
    expect(hit('s:\n  a|fieldref: b\ncondition: s', { a: 'X', b: 'x' })).toBe(true);
    expect(hit('s:\n  a|fieldref: b\ncondition: s', { a: 'X', b: 'y' })).toBe(false);
    expect(hit('s:\n  a|fieldref|endswith: b\ncondition: s', { a: 'arn:user/bob', b: 'bob' })).toBe(true);
  });
  test('neq negates; time parts', () => {
    expect(hit('s:\n  f|neq: a\ncondition: s', { f: 'b' })).toBe(true);
    expect(hit('s:\n  f|neq: a\ncondition: s', { f: 'a' })).toBe(false);
    expect(hit('s:\n  t|hour: 3\ncondition: s', { t: '2026-03-10T03:15:00Z' })).toBe(true);
    expect(hit('s:\n  t|month: 4\ncondition: s', { t: '2026-03-10T03:15:00Z' })).toBe(false);
  });
});

describe('conditions', () => {
  const d = 'a:\n  x: 1\nb:\n  y: 1\nc_1:\n  z: 1\nc_2:\n  w: 1\n_h:\n  h: 1';
  test('and, or, not, parentheses and precedence', () => {
    expect(hit(`${d}\ncondition: a and not b`, { x: 1, y: 2 })).toBe(true);
    expect(hit(`${d}\ncondition: a and not b`, { x: 1, y: 1 })).toBe(false);
    expect(hit(`${d}\ncondition: a or b and c_1`, { x: 1 })).toBe(true); // and binds tighter than or
    expect(hit(`${d}\ncondition: (a or b) and c_1`, { x: 1 })).toBe(false);
    expect(hit(`${d}\ncondition: not a or b`, { x: 2 })).toBe(true);
  });
  test('1 of / all of with patterns and them (them skips _ names)', () => {
    expect(hit(`${d}\ncondition: 1 of c_*`, { w: 1 })).toBe(true);
    expect(hit(`${d}\ncondition: all of c_*`, { w: 1 })).toBe(false);
    expect(hit(`${d}\ncondition: all of c_*`, { w: 1, z: 1 })).toBe(true);
    expect(hit(`${d}\ncondition: all of them`, { x: 1, y: 1, z: 1, w: 1 })).toBe(true);
    expect(hit(`${d}\ncondition: 1 of them`, { h: 1 })).toBe(false);
    expect(hit(`${d}\ncondition: a and not 1 of c_*`, { x: 1, z: 1 })).toBe(false);
  });
  test('a condition list is an or', () => {
    expect(hit(`${d}\ncondition:\n  - a\n  - b`, { y: 1 })).toBe(true);
  });
});

describe('malformed rules give clear errors', () => {
  test.each([
    ['s:\n  f: 1\ncondition: s and', 'ends where a search identifier was expected'],
    ['s:\n  f: 1\ncondition: t', "'t' is not a search identifier of this rule"],
    ['s:\n  f: 1\ncondition: 1 of x*', "'x*' names no search identifier"],
    ['s:\n  f: 1\ncondition: (s', 'a parenthesis is not closed'],
    ['s:\n  f: 1\ncondition: s | count() > 5', 'write a correlation rule'],
    ['s:\n  f|nope: 1\ncondition: s', "unknown modifier 'nope'"],
    ["s:\n  f|re: '(a'\ncondition: s", 'is not usable'],
    ["s:\n  f|re: '(?=a)'\ncondition: s", 'lookaround are not supported'],
    ['s:\n  f|contains|re: a\ncondition: s', "'re' must be the first modifier"],
    ['s:\n  f|i: a\ncondition: s', "'i' is a flag of 're'"],
    ['s:\n  f|cidr: 300.1.1.1/8\ncondition: s', 'not an IPv4 or IPv6 network'],
    ['s:\n  f|exists: maybe\ncondition: s', "'exists' takes true or false"],
    ['s:\n  f|gt: abc\ncondition: s', 'compares with a number'],
    ["s:\n  f|base64: 'a*'\ncondition: s", 'base64 of a value with wildcards'],
    ['s:\n  f|expand: "%Admins%"\ncondition: s', 'placeholder'],
    ['s:\n  f: [a, null]\ncondition: s', 'null cannot be one of several values'],
    ['s:\n  f: []\ncondition: s', 'empty list'],
    ['s: {}\ncondition: s', 'empty map'],
    ['s:\n  f: 1', "has no 'condition'"],
  ])('%s', (det, msg) => {
    expect(errorOf(det)).toContain(msg);
  });
  test('a document without title, logsource or detection', () => {
    expect(parseRuleText('logsource: {product: x}\ndetection: {s: {a: 1}, condition: s}')[0]).toEqual({
      error: "the rule has no 'title'",
    });
    expect(parseRuleText('title: t\ndetection: {s: {a: 1}, condition: s}')[0]).toEqual({
      error: "the rule has no 'logsource' map",
    });
    expect(JSON.stringify(parseRuleText('title: t\nlogsource: {product: x}\ndetection: [\n'))).toContain('YAML');
  });
});

describe('linear time: no catastrophic backtracking from rules or data', () => {
  test('a nested-quantifier regex on a long hostile value', () => {
    const t0 = performance.now();
    expect(hit("s:\n  f|re: '(a+)+$'\ncondition: s", { f: 'a'.repeat(50_000) + 'b' })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  test('many wildcards against a long value', () => {
    const t0 = performance.now();
    const pattern = `${'*a'.repeat(40)}*b`;
    expect(hit(`s:\n  f: '${pattern}'\ncondition: s`, { f: 'a'.repeat(200_000) })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
