// Search takes what an analyst types and never fails on syntax.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { queryEvents, countEvents } from '../../core/query/events.js';
import { parseSearch } from '../../core/query/search.js';
import { parseIsoMicros } from '../../core/model/time.js';
import { fixture, tempDir } from '../helpers.js';

describe('parseSearch', () => {
  it('turns terms into phrases of index tokens', () => {
    expect(parseSearch('bad-input-bucket').fts).toBe('"bad input bucket"');
    expect(parseSearch('10.0.0.1').fts).toBe('"10 0 0 1"');
    expect(parseSearch('s3:GetObject').fts).toBe('"s3 GetObject"');
    expect(parseSearch('"two words"').fts).toBe('"two words"');
    expect(parseSearch('a OR b -c').fts).toBe('(("a" OR "b")) NOT ("c")');
    expect(parseSearch('AccessDen*').fts).toBe('"AccessDen" *');
    expect(parseSearch('action:s3:GetObject')).toEqual({
      fts: '"s3 GetObject"',
      fields: [{ field: 'action', value: 's3:GetObject' }],
    });
  });
  it('never produces invalid syntax', () => {
    for (const q of [
      '"unclosed',
      'AND',
      'OR OR',
      '(',
      ')',
      '*',
      '-',
      '"',
      'NOT',
      'a NOT',
      '^',
      ':',
      'near(',
      '💥',
      '" OR "',
      '\\',
      'x'.repeat(5000),
    ]) {
      const p = parseSearch(q);
      if (p.fts) expect(p.fts).not.toMatch(/""/);
    }
  });
});

describe('events search', () => {
  const t = tempDir();
  let h: CaseHandle;
  beforeAll(async () => {
    h = createCase(path.join(t.dir, 's.sscase'), { name: 's' });
    await runImport(h.db, {
      casePath: h.path,
      paths: [fixture('cloudtrail', 'pretty-array.json'), fixture('cloudtrail', 'logstash-lowercase.jsonl')],
      analyst: 'a',
    });
  });
  afterAll(() => {
    h.close();
    t.cleanup();
  });

  const actions = (q: string) => queryEvents(h.db, { search: q }).map((e) => e.action);

  it('finds what analysts paste', () => {
    expect(actions('bad-input-bucket')).toEqual(['s3:GetObject']);
    expect(actions('10.0.0.1')).toEqual(['iam:CreateAccessKey']);
    expect(actions('s3:GetObject')).toEqual(['s3:GetObject']);
    expect(actions('"is not authorized"')).toEqual(['iam:CreateAccessKey']);
    expect(actions('arn:aws:iam::111122223333:role/gha-deploy')).toEqual([
      'sts:AssumeRoleWithWebIdentity',
      's3:GetObject',
      'iam:CreateAccessKey',
    ]);
    expect(actions('ASIAINSTANCEKEY00001')).toEqual(['sts:AssumeRole', 's3:ListBuckets']);
    expect(actions('repo:acme/payments:ref:refs/heads/main')).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(actions('StopLogging OR ListBuckets')).toEqual(
      ['sts:AssumeRole', 's3:ListBuckets', 'cloudtrail:StopLogging'].filter((a) => a !== 'sts:AssumeRole'),
    );
    expect(actions('gha-deploy -CreateAccessKey')).toEqual(['sts:AssumeRoleWithWebIdentity', 's3:GetObject']);
    expect(actions('outcome:failure')).toEqual(['iam:CreateAccessKey']);
  });

  it('never fails on syntax', () => {
    for (const q of ['"unclosed', 'AND', '(', '*', '-', 'NOT', '💥', '::', 'a"b'])
      expect(() => queryEvents(h.db, { search: q })).not.toThrow();
    expect(queryEvents(h.db, { search: '***' })).toEqual([]);
  });

  it('combines with time bounds (from inclusive, to exclusive) and counts', () => {
    const from = parseIsoMicros('2026-03-10T14:00:09Z')!;
    const to = parseIsoMicros('2026-03-10T14:00:14Z')!;
    expect(queryEvents(h.db, { search: 'gha-deploy', from, to }).map((e) => e.action)).toEqual(['s3:GetObject']);
    expect(countEvents(h.db, { search: 'gha-deploy' })).toBe(3);
    expect(countEvents(h.db, {})).toBe(6);
  });
});
