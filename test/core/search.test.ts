// Search finds what analysts paste (ARNs, actions, addresses, subjects) and refuses what it cannot read with the
// position at fault, never with a silent empty result. The grammar itself: search-parser.test.ts; the sample
// incident's table: test/samples/search-table.test.ts.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { queryEvents, countEvents } from '../../core/query/events.js';
import { SearchError } from '../../core/model/search/errors.js';
import { explainSearch } from '../../core/query/search.js';
import { parseIsoMicros } from '../../core/model/time.js';
import { fixture, tempDir } from '../helpers.js';

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
  const actionsIn = (q: string, tz: string) => queryEvents(h.db, { search: q, tz }).map((e) => e.action);

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

  it('refuses what it cannot read, saying where', () => {
    for (const q of ['"unclosed', 'AND', '(', '*', '-', 'NOT', '💥', 'a"b', '***', 'acton:x', 'outcome:maybe']) {
      let err: unknown;
      try {
        queryEvents(h.db, { search: q });
      } catch (e) {
        err = e;
      }
      expect(err, q).toBeInstanceOf(SearchError);
      expect((err as SearchError).code, q).toBe('INVALID_QUERY');
      expect((err as SearchError).message, q).toMatch(/^search, column \d+: /);
      expect(() => countEvents(h.db, { search: q }), q).toThrow(SearchError);
    }
    // Blank is no search at all; `::` is the IPv6 unspecified address, which no event here comes from.
    expect(countEvents(h.db, { search: '  ' })).toBe(6);
    expect(countEvents(h.db, { search: '::' })).toBe(0);
  });

  it('points into the value when a value is wrong', () => {
    const fault = (q: string) => {
      const r = explainSearch(h.db, q);
      if (r.ok) throw new Error(`${q} was accepted`);
      return r.error;
    };
    expect(fault('outcome:maybe')).toMatchObject({ start: 8, end: 13, expected: ['success', 'failure', 'unknown'] });
    expect(fault('category:cred')).toMatchObject({ suggestions: ['credential'] });
    expect(fault('category:credentail')).toMatchObject({ suggestions: ['credential'] });
    expect(fault('format:cloudtrial').message).toMatch(/did you mean cloudtrail\?/);
    expect(fault('flag:tamper').message).toMatch(/unknown flag 'tamper'/);
    expect(fault('after:yesterday')).toMatchObject({ start: 6, end: 15 });
    expect(fault('after:2026-02-30')).toMatchObject({ start: 6, end: 16 });
    expect(fault('before:2026-03*').message).toMatch(/takes a time, not a pattern/);
    expect(fault('id:abc').message).toMatch(/not an event id/);
    expect(fault('fact.tol:x')).toMatchObject({ start: 5, end: 8, suggestions: ['fact.tool'] });
    expect(() => explainSearch(h.db, 'a', { tz: 'Mars/Olympus' })).toThrow(/unknown time zone/);
  });

  it('reads times without an offset in the display zone, and says so', () => {
    const r = explainSearch(h.db, 'after:2026-03-10T07:00:05', { tz: 'America/Los_Angeles' });
    expect(r.ok && r.notes.map((n) => n.message)).toEqual([
      'after:2026-03-10T07:00:05 read in America/Los_Angeles: 2026-03-10T14:00:05.000Z',
    ]);
    // 2026-03-06 is still PST (−08:00): the offset is the instant's, not today's.
    const pst = explainSearch(h.db, 'after:2026-03-06T07:00', { tz: 'America/Los_Angeles' });
    expect(pst.ok && pst.notes[0].message).toMatch(/2026-03-06T15:00:00.000Z$/);
    expect(actionsIn('after:2026-03-10T07:00:09 before:2026-03-10T07:00:14', 'America/Los_Angeles')).toEqual([
      's3:GetObject',
    ]);
  });

  it('combines with time bounds (from inclusive, to exclusive) and counts', () => {
    const from = parseIsoMicros('2026-03-10T14:00:09Z')!;
    const to = parseIsoMicros('2026-03-10T14:00:14Z')!;
    expect(queryEvents(h.db, { search: 'gha-deploy', from, to }).map((e) => e.action)).toEqual(['s3:GetObject']);
    expect(countEvents(h.db, { search: 'gha-deploy' })).toBe(3);
    expect(countEvents(h.db, {})).toBe(6);
  });
});
