// Identity kinds on the sample incident: machine users are non-human (the release bot, the Entra service
// principals, an Okta-less CI account), and an analyst's reclassification — through the API and the CLI, audited —
// wins over the rules, survives re-derivation and can be given back to them.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import { cli } from './cli-run.js';
import type { DeviationResult, IdentityDetail } from './types.js';

describe('identity kinds (sample incident)', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
  });
  afterAll(() => c?.close());

  it('the release bot, a GitHub machine user acting through its token, is non-human; people stay people', async () => {
    const bot = await c.api<IdentityDetail>('identities.get', { identity: 'acme-release-bot' });
    expect(bot).toMatchObject({ kind: 'service_account', nhi: true });
    expect(['machine-user', 'principal-type:access_key']).toContain(bot.kind_rule);
    const person = await c.api<IdentityDetail>('identities.get', { identity: 'mlopez' });
    expect(person).toMatchObject({ kind: 'user', nhi: false, kind_rule: 'interactive-use' });
    // Entra workload identities: a service principal is an app.
    const sp = await c.api<IdentityDetail>('identities.get', { identity: 'payments-dr-terraform' });
    expect(sp).toMatchObject({ nhi: true });
    // Deviations rank non-human identities first on ties; the bot is among the top of the window.
    const dev = await c.api<DeviationResult>('deviations.list', {});
    const rank = dev.deviations.findIndex((d) => d.identity === 'acme-release-bot');
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(dev.deviations[rank]).toMatchObject({ nhi: true });
    expect(rank).toBeLessThan(10);
  });

  it('an analyst reclassifies it (CLI, audited): the kind wins over the rules and survives re-derivation', async () => {
    const r = await cli(
      'identity',
      'reclassify',
      c.handle.path,
      'acme-release-bot',
      '--kind',
      'user',
      '--note',
      'a person works as this account',
      '--analyst',
      'tester',
      '--json',
    );
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toMatchObject({
      identity: { name: 'acme-release-bot', kind: 'user', nhi: false, kind_rule: 'analyst' },
      override: expect.any(Number),
    });
    const audit = await c.api<{ method: string; params: unknown }[]>('audit.list', {});
    expect(audit.map((a) => a.method)).toContain('identities.reclassify');
    await c.api('derive.rebuild', {});
    expect(await c.api<IdentityDetail>('identities.get', { identity: 'acme-release-bot' })).toMatchObject({
      kind: 'user',
      kind_rule: 'analyst',
    });
  });

  it('--kind auto gives it back to the rules; an unknown kind is refused', async () => {
    const back = await c.api<{ identity: { kind: string; kind_rule: string }; revoked: number[] }>(
      'identities.reclassify',
      { identity: 'acme-release-bot', kind: 'auto' },
    );
    expect(back.identity.kind).toBe('service_account');
    expect(back.revoked).toHaveLength(1);
    const bad = await cli('identity', 'reclassify', c.handle.path, 'acme-release-bot', '--kind', 'robot');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/unknown kind "robot"/);
  });

  it('analyst work outside an audited call is refused', () => {
    expect(() =>
      c.handle.db
        .prepare("INSERT INTO identity_kinds(identity_key, kind, at) VALUES ('github|mlopez', 'bot', 'now')")
        .run(),
    ).toThrow(/audited API call/);
  });
});
