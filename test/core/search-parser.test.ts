// The search grammar's parser: how queries are read (printed back with every operator and parenthesis written
// out) and where malformed ones are reported (0-based offsets into the query, what was expected).
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../core/model/search/parser.js';
import { printNode } from '../../core/model/search/ast.js';
import { SearchError, type SearchErrorInfo } from '../../core/model/search/errors.js';

const read = (q: string) => {
  const n = parseQuery(q);
  return n ? printNode(n) : null;
};

function fault(q: string): SearchErrorInfo {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof SearchError) return e.info;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be refused`);
}

describe('search grammar: what a query means', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['StopLogging', 'StopLogging'],
    ['a b c', 'a AND b AND c'],
    ['a AND b', 'a AND b'],
    ['a OR b', 'a OR b'],
    // AND binds tighter than OR, as in SQL, KQL and FTS5.
    ['a b OR c', '(a AND b) OR c'],
    ['a OR b c', 'a OR (b AND c)'],
    ['a (b OR c)', 'a AND (b OR c)'],
    ['-a', 'NOT a'],
    ['NOT a', 'NOT a'],
    ['a -b', 'a AND NOT b'],
    ['a NOT b', 'a AND NOT b'],
    ['-(a OR b)', 'NOT (a OR b)'],
    ['NOT NOT a', 'NOT NOT a'],
    ['-outcome:success', 'NOT outcome:success'],
    ['"two words"', '"two words"'],
    ['"access den"*', '"access den"*'],
    ['AccessDen*', 'AccessDen*'],
    ['AccessDen***', 'AccessDen*'],
    ['action:s3:Get*', 'action:s3:Get*'],
    ['action:*GetSecretValue', 'action:*GetSecretValue'],
    ['Action:GetObject', 'Action:GetObject'],
    ['ua:"aws-cli/2.15* Linux*"', 'ua:"aws-cli/2.15* Linux*"'],
    ['action:(GetObject OR PutObject)', 'action:GetObject OR action:PutObject'],
    ['action:(GetObject OR PutObject) x', '(action:GetObject OR action:PutObject) AND x'],
    ['outcome:(-success)', 'NOT outcome:success'],
    ['resource:a\\*b', 'resource:a\\*b'],
    ['a\\ b', 'a\\ b'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
    // A colon after a name that is not a field is text: pasted ARNs, actions, subjects.
    ['s3:GetObject', 's3:GetObject'],
    ['arn:aws:iam::111122223333:user/backup-svc', 'arn:aws:iam::111122223333:user/backup-svc'],
    ['repo:acme/payments:ref:refs/heads/main', 'repo:acme/payments:ref:refs/heads/main'],
    ['iam:CreateAccessKey', 'iam:CreateAccessKey'],
    // Operators only in capitals.
    ['a or b', 'a AND or AND b'],
    ['"OR"', '"OR"'],
    // A bare IPv6 address or CIDR means ip:; a bare IPv4 address is text.
    ['::1', 'ip:::1'],
    ['2001:db8::/32', 'ip:2001:db8::/32'],
    ['10.0.0.0/8', 'ip:10.0.0.0/8'],
    ['10.0.0.1', '10.0.0.1'],
    ['203.0.113.*', '203.0.113.'],
    ['--force', '--force'],
    ['fact.tool:export_csv', 'fact.tool:export_csv'],
    ['ip:2001:db8::1', 'ip:2001:db8::1'],
  ])('%j reads as %j', (q, want) => {
    expect(read(q)).toBe(want);
  });

  it('keeps spans of nodes', () => {
    const n = parseQuery('a  -outcome:success');
    expect(n).toMatchObject({ kind: 'and', start: 0, end: 19 });
    const not = (n as { items: { start: number; end: number }[] }).items[1];
    expect(not).toMatchObject({ kind: 'not', start: 3, end: 19 });
  });

  it('splits field values at unescaped wildcards only', () => {
    const n = parseQuery('resource:a\\*b*c?') as { segs: unknown[] };
    expect(n.segs).toEqual([{ t: 'lit', s: 'a*b' }, { t: 'star' }, { t: 'lit', s: 'c' }, { t: 'one' }]);
  });
});

describe('search grammar: where a malformed query is wrong', () => {
  it.each<[string, number, number, RegExp]>([
    ['"unclosed', 0, 9, /never closed/],
    ['a "b', 2, 4, /never closed/],
    ['(a OR b', 0, 1, /never closed/],
    ['a)', 1, 2, /closes nothing/],
    [')', 0, 1, /closes nothing/],
    ['()', 1, 2, /empty parentheses/],
    ['a OR', 4, 4, /after OR/],
    ['OR a', 0, 2, /needs something on its left/],
    ['a AND', 5, 5, /after AND/],
    ['a AND OR b', 5, 5, /after AND/],
    ['NOT', 3, 3, /after NOT/],
    ['a - b', 2, 3, /directly before what it excludes/],
    ['-', 0, 1, /directly before what it excludes/],
    ['action:', 7, 7, /expected a value right after 'action:'/],
    ['action: GetObject', 7, 7, /no space/],
    ['acton:GetObject', 0, 5, /unknown field 'acton': did you mean action:/],
    ['user_agnt:curl', 0, 9, /did you mean user_agent:/],
    ['tags:exfil', 0, 4, /did you mean tag:/],
    ['Get*Object', 3, 4, /only at the end of a word/],
    ['*curl*', 0, 1, /only at the end of a word/],
    ['*', 0, 1, /matches everything/],
    ['...', 0, 3, /no letters or digits/],
    ['a\\', 1, 2, /escapes nothing/],
    ['a"b"', 1, 2, /inside a word/],
    ['foo(bar)', 3, 4, /inside a word/],
    ['action:(a OR outcome:x)', 13, 20, /a field inside action:/],
    ['action:(a OR b', 7, 8, /never closed/],
    ['action:""', 7, 9, /empty/],
    ['fact.:x', 0, 5, /needs a fact name/],
  ])('%j: [%i, %i) %s', (q, start, end, message) => {
    const e = fault(q);
    expect(e.message).toMatch(message);
    expect([e.start, e.end]).toEqual([start, end]);
  });

  it('says what was expected', () => {
    expect(fault('a OR').expected).toContain('field:value');
    expect(fault('acton:x').suggestions).toEqual(['action']);
    expect(fault('(a').expected).toEqual([')']);
  });

  it('refuses nesting deeper than it can explain', () => {
    expect(fault('('.repeat(60) + 'a' + ')'.repeat(60)).message).toMatch(/nests too deeply/);
    expect(fault('-'.repeat(1) + 'NOT '.repeat(60) + 'a').message).toMatch(/nests too deeply/);
  });

  it('never throws anything but a positioned SearchError', () => {
    const alphabet = ['a', ' ', '"', '(', ')', '-', '*', ':', '\\', 'OR', 'NOT', 'AND', 'ip:', '::1', '/', '?', 'é'];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let k = 0; k < 3000; k++) {
      let q = '';
      const n = 1 + Math.floor(rnd() * 8);
      for (let j = 0; j < n; j++) q += alphabet[Math.floor(rnd() * alphabet.length)];
      try {
        parseQuery(q);
      } catch (e) {
        expect(e, q).toBeInstanceOf(SearchError);
        const info = (e as SearchError).info;
        expect(info.start, q).toBeGreaterThanOrEqual(0);
        expect(info.end, q).toBeLessThanOrEqual(q.length);
        expect(info.start, q).toBeLessThanOrEqual(info.end);
      }
    }
  });
});
