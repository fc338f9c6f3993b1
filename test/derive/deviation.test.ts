// A nightly batch job (long-lived key) that suddenly calls IAM admin APIs from a new network, next to a job
// that does not change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { CoverageResult, DeviationResult, EventJson, SessionJson } from './types.js';

const ETL = 'arn:aws:iam::111122223333:user/nightly-etl';
const METRICS = 'arn:aws:iam::111122223333:user/metrics-reader';

describe('a batch job that suddenly calls admin APIs', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([fixture('derive', 'batch-job.jsonl')]);
  });
  afterAll(() => c?.close());

  it('ranks it first, with reasons in plain language', async () => {
    const r = await c.api<DeviationResult>('deviations.list', { baseline_until: '2026-03-08T00:00:00Z' });
    expect(r.baseline_until).toBe('2026-03-08T00:00:00.000Z');
    const top = r.deviations[0];
    expect(top.identity).toBe(ETL);
    expect(top.nhi).toBe(true);
    expect(top.score).toBeGreaterThanOrEqual(60);
    const text = top.reasons.join('\n');
    expect(text).toMatch(/first time calling \d+ sensitive actions .*iam:CreateUser/);
    expect(text).toMatch(/iam:CreateAccessKey/);
    // 185.220.101.9 is a Tor exit on the shipped list (IP intelligence explains it by network).
    expect(text).toMatch(/first use from a Tor exit: 185\.220\.101\.9/);
    expect(text).toMatch(/new user agent: Boto3/);
    expect(text).toMatch(/failure burst: 12 failed calls in one hour \(baseline at most 0\)/);
    const steady = r.deviations.find((d) => d.identity === METRICS);
    expect(steady === undefined || steady.score < 10).toBe(true);
    const sensitive = top.details.find((d) => d.code === 'new_sensitive_actions')!;
    const [first] = await c.api<EventJson[]>('events.list', { filter: { ids: sensitive.events.slice(0, 1) } });
    expect(first.ts.startsWith('2026-03-08')).toBe(true);
  });

  it('splits a long-lived key into runs by inactivity', async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ETL });
    expect(sessions.length).toBe(8);
    expect(sessions.every((s) => s.key === 'AKIANIGHTLYETL000001' && s.kind === 'credential')).toBe(true);
  });

  it('marks the events behind a strong deviation with the deviation flag', async () => {
    const flagged = await c.api<EventJson[]>('events.list', { filter: { identity: ETL, flags: ['deviation'] } });
    expect(flagged.map((e) => e.action)).toEqual(
      expect.arrayContaining(['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:CreateAccessKey']),
    );
    expect(flagged.every((e) => e.ts.startsWith('2026-03-08'))).toBe(true);
  });

  it('the key it minted was never used: coverage says so', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { identity: 'arn:aws:iam::111122223333:user/svc-maint' });
    expect(cov.identities[0].flags).toEqual(['credential_issued_no_actions']);
    const issuing = await c.api<EventJson[]>('events.list', { filter: { flags: ['visibility_gap'] } });
    expect(issuing.map((e) => e.action)).toEqual(['iam:CreateAccessKey']);
  });

  it('a per-case default baseline applies when none is given', async () => {
    await c.api('derive.settings', { baseline_until: '2026-03-08T00:00:00Z' });
    const r = await c.api<DeviationResult>('deviations.list', {});
    expect(r.baseline_until).toBe('2026-03-08T00:00:00.000Z');
    expect(r.deviations[0].identity).toBe(ETL);
  });
});
