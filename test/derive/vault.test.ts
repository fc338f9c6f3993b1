// A Vault aws-auth (IAM) login by an EC2 instance role, then secret reads with the token it got.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { CoverageResult, EventJson, IdentityDetail, SessionJson } from './types.js';

const ROLE = 'arn:aws:iam::111122223333:role/app-server';
const ACCESSOR = 'hmac-sha256:8b1a9953c4611296a827abf8c47804d7e6c49c6b8c3a1e5f6a7b8c9d0e1f2a3b';

describe.skipIf(!hasImporters('vault-audit'))('Vault aws-auth login', () => {
  let c: TestCase;
  beforeAll(async () => { c = await caseFrom([fixture('derive', 'vault-cloudtrail.jsonl'), fixture('derive', 'vault-audit.jsonl')]); });
  afterAll(() => c?.close());

  it('the Vault login is the AWS role: one identity across CloudTrail and Vault', async () => {
    const id = await c.api<IdentityDetail>('identities.get', { identity: 'aws-app-server' });
    expect(id.name).toBe(ROLE);
    expect(id.sources).toEqual(['cloudtrail', 'vault-audit']);
    expect(id.aliases.find((a) => a.system === 'vault' && a.value === 'aws-app-server')).toMatchObject({ method: 'vault-auth-metadata' });
    expect(id.aliases.find((a) => a.value === 'arn:aws:sts::111122223333:assumed-role/app-server/i-0abc123def4567890')).toBeDefined();
  });

  it('the login is the parent of its token\'s session', async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ROLE });
    const token = sessions.find((s) => s.key === ACCESSOR)!;
    expect(token.events).toBe(2);
    expect(token.parent).toMatchObject({ identity: ROLE });
    const login = await c.api<EventJson & { facts: Record<string, string> }>('events.get', { id: token.parent!.event });
    expect(login.format).toBe('vault-audit');
    expect(login.category).toBe('auth');
    expect(login.facts.issued_key).toBe(ACCESSOR);
    const reads = await c.api<EventJson[]>('events.list', { filter: { session: ACCESSOR } });
    expect(reads.map((e) => e.resource)).toEqual(['vault:secret/data/app/db', 'vault:database/creds/app-readonly']);
  });

  it('coverage: Vault shows its authentication, both sources its actions', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { identity: ROLE });
    expect(cov.identities[0].auth_sources).toContain('vault-audit');
    expect(cov.identities[0].action_sources).toEqual(['cloudtrail', 'vault-audit']);
  });
});
