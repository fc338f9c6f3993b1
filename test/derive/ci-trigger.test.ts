// A CI run started by an identity reaches the repository's workload for that run only: on the bundled sample
// incident, the release bot's token pushes a workflow and starts run 408, whose OIDC session assumes gha-deploy,
// chains into prod-admin and mints a key for backup-svc. Scope from the bot must find that whole path; scope
// from a person whose own runs came earlier that day must not reach run 408's sessions.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { ScopeResult } from './types.js';

const A = '111122223333';
const DEPLOY = `arn:aws:iam::${A}:role/gha-deploy`;
const ADMIN = `arn:aws:iam::${A}:role/prod-admin`;
const BACKUP = `arn:aws:iam::${A}:user/backup-svc`;

describe('CI runs in scope (sample incident)', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
  });
  afterAll(() => c?.close());

  it('follows the run the bot started into the workload, the chained roles and the minted key', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: 'acme-release-bot', since: '2026-03-10T13:00:00Z' });
    const byName = new Map(s.identities.map((i) => [i.name, i]));
    expect(byName.get('acme/payments')).toMatchObject({ via: 'triggered', from: 'acme-release-bot' });
    expect(byName.get('acme/payments')!.first_seen).toBe('2026-03-10T13:58:44.502Z');
    expect(byName.get(DEPLOY)).toMatchObject({ via: 'federated', from: 'acme/payments' });
    expect(byName.get(ADMIN)).toMatchObject({ via: 'assumed', from: DEPLOY });
    expect(s.paths).toContainEqual(['acme-release-bot', 'acme/payments', DEPLOY, ADMIN, BACKUP]);
    expect(s.resources.map((r) => r.name)).toContain('arn:aws:s3:::acme-customer-exports');
  });

  it('reaches nothing through runs that ended before the start time', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: 'acme-release-bot', since: '2026-03-10T14:30:00Z' });
    expect(s.identities.map((i) => i.name)).toEqual(['acme-release-bot']);
  });

  it('reaches the sessions of the runs an identity started, not another run of the same workload', async () => {
    // mlopez's merge at 09:12 starts a deploy (its OIDC session assumes gha-deploy); run 408, the bot's, is the
    // one that chained into prod-admin and minted the key: neither is mlopez's.
    const s = await c.api<ScopeResult>('scope.run', { identity: 'mlopez', since: '2026-03-10T00:00:00Z' });
    const byName = new Map(s.identities.map((i) => [i.name, i]));
    expect(byName.get('acme/payments')).toMatchObject({ via: 'triggered', from: 'mlopez' });
    expect(byName.get(DEPLOY)!.first_seen).toBe('2026-03-10T09:13:26.000Z');
    expect(byName.has(ADMIN)).toBe(false);
    expect(byName.has(BACKUP)).toBe(false);
  });
});
