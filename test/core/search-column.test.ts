// Grid column filters in the one search grammar: "contains" by default, operators and explicit globs kept,
// addresses exact under an address column, errors pointing into what was typed under the column.
import { describe, expect, it } from 'vitest';
import { columnQuery } from '../../core/model/search/column.js';
import { SearchError } from '../../core/model/search/errors.js';

describe('column filters', () => {
  it.each([
    ['action', 'GetObject', 'action:*GetObject*'],
    ['action', 's3:Get*', 'action:s3:Get*'],
    ['action', 'Get OR Put', 'action:*Get* OR action:*Put*'],
    ['action', '-Describe', 'NOT action:*Describe*'],
    ['resource', '"my bucket"', 'resource:"*my bucket*"'],
    ['src_ip', '203.0.113', 'src_ip:*203.0.113*'],
    ['src_ip', '10.0.0.0/8', 'src_ip:10.0.0.0/8'],
    ['src_ip', '203.0.113.66', 'src_ip:203.0.113.66'],
    ['outcome', 'fail', 'outcome:*fail*'],
    ['tag', 'exfil', 'tag:*exfil*'],
  ])('%s filter %j → %s', (field, text, want) => {
    expect(columnQuery(field, text)).toBe(want);
  });

  it('is null when blank', () => {
    expect(columnQuery('action', '  ')).toBeNull();
  });

  it('points into the text typed under the column when it cannot be read', () => {
    try {
      columnQuery('action', 'Get OR');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(SearchError);
      const err = e as SearchError;
      expect(err.message).toMatch(/^action filter, character \d+:/);
      expect(err.info.start).toBeLessThanOrEqual('Get OR'.length);
      expect(err.info.query).toBe('Get OR');
    }
  });

  it('refuses a field that is not a column', () => {
    expect(() => columnQuery('after', '2026')).toThrow(/not a column/);
  });
});
