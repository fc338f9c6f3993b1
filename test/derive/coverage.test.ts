// Visibility coverage: a service principal that signs in and does nothing any source shows; source gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { CoverageResult, EventJson, IdentityDetail } from './types.js';

describe.skipIf(!hasImporters('entra-signin'))('a service principal that signs in and does nothing visible', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([fixture('derive', 'entra-sp-signin.jsonl'), fixture('derive', 'batch-job.jsonl')]);
  });
  afterAll(() => c?.close());

  it('is an app identity known by its service principal and app ids', async () => {
    const sp = await c.api<IdentityDetail>('identities.get', { identity: 'reporting-connector' });
    expect(sp).toMatchObject({ kind: 'app', nhi: true, sources: ['entra-signin'] });
    const byId = await c.api<IdentityDetail>('identities.get', {
      identity: 'entra-app|a1b2c3d4-0000-4000-8000-0000000000bb',
    });
    expect(byId.id).toBe(sp.id);
  });

  it('is flagged "authenticated, but no action logs", and its sign-ins carry the visibility-gap flag', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { identity: 'reporting-connector' });
    expect(cov.identities[0]).toMatchObject({ auth_sources: ['entra-signin'], action_sources: [] });
    expect(cov.identities[0].flags).toContain('authenticated_no_actions');
    expect(cov.identities[0].details[0].text).toMatch(
      /authenticated \(entra-signin ×3\), but no source in the case shows it doing anything/,
    );
    const events = await c.api<EventJson[]>('events.list', { filter: { identity: 'reporting-connector' } });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.flags.includes('visibility_gap'))).toBe(true);
  });

  it("lists per-source time gaps far beyond the source's rhythm", async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { flagged: true });
    const ct = cov.sources.find((s) => s.format === 'cloudtrail')!;
    expect(ct.gaps.length).toBeGreaterThan(0);
    expect(Math.min(...ct.gaps.map((g) => g.hours))).toBeGreaterThanOrEqual(1);
    expect(cov.identities.every((i) => i.flags.length > 0)).toBe(true);
  });
});
