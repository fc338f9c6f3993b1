// The generic importer on written fixtures: field names guessed without a mapping (and the time formats it
// accepts), a mapping file for a CSV no guess can read, and what it rejects.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { dryRun } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';
import { iso, only, rejectsByLine, runFixture } from '../../test/importers/importer-helpers.js';

describe('generic importer', () => {
  it('guesses time, principal, action, outcome, address and session from common field names', async () => {
    const run = await runFixture('generic', 'saas-audit.jsonl');
    expect(run.format).toBe('generic');
    const [failed, ok] = run.events.filter((e) => e.action === 'user.login');
    expect([failed.outcome, failed.errorCode, ok.outcome]).toEqual(['failure', 'failed', 'success']);
    expect(ok).toMatchObject({
      principal: 'svc-export@acme.io',
      principalType: 'service_account',
      category: 'auth',
      sessionKey: 's-002',
      srcIp: '203.0.113.10',
      userAgent: 'acme-sdk/4.2.0 python/3.12',
    });
    const download = only(run, (e) => e.action === 'export.download', 'the download');
    expect(download).toMatchObject({ category: 'read', resource: 'acme:report/customers-2026-03', outcome: 'success' });
    expect(download.detail).toBe('12,400 rows');
    // An epoch in milliseconds is a time like any other; an HTTP status is an outcome.
    const del = only(run, (e) => e.action === 'record.delete', 'the denied deletion');
    expect(iso(del.ts)).toBe('2026-03-10T08:00:10.000Z');
    expect([del.category, del.outcome, del.errorCode]).toEqual(['delete', 'failure', '403']);
    expect(rejectsByLine(run)).toEqual({ 5: 'no parseable timestamp ("yesterday")', 6: 'not a JSON object' });
  });

  it('says which fields it looked for when a record has no time at all', async () => {
    const run = await runFixture('generic', 'app-events.jsonl');
    expect(run.events.map((e) => [e.principal, e.action])).toEqual([
      ['deploy-bot', 'secret.read'],
      ['deploy-bot', 'secret.list'],
    ]);
    expect(run.rejects).toHaveLength(1);
    expect(run.rejects[0].reason).toMatch(/^no parseable timestamp \(no field @timestamp, timestamp, time, /);
  });

  it('reads a CSV export through a mapping file: fixed principal type, listed outcome values, quoted cells', async () => {
    const mapping = parse(readFileSync(fixture('generic', 'vendor-audit.mapping.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const run = await dryRun(fixture('generic', 'vendor-audit.csv'), { format: 'generic', mapping });
    expect(run.error).toBeUndefined();
    expect(run.events.length + run.rejects.length + run.merged).toBe(run.records);
    expect(run.events.map((e) => [e.action, e.outcome])).toEqual([
      ['export.start', 'success'],
      ['export.download', 'success'],
      ['user.delete', 'failure'],
    ]);
    for (const e of run.events) expect(e.principalType).toBe('service_account');
    expect(run.events[0].detail).toBe('nightly export, "full"');
    // A spreadsheet formula stays text: the importer never evaluates or drops it.
    expect(run.events[1].detail).toBe('=HYPERLINK("http://evil.example","click")');
    expect(run.events[2].detail).toBe('multi\nline note');
    expect(run.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp ("not-a-time")']);
  });
});
