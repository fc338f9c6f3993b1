// A Vault aws-auth (IAM) login by an EC2 instance role, then secret reads with the token it got.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { CoverageResult, EventJson, IdentityDetail, ScopeResult, SessionJson } from './types.js';

const ROLE = 'arn:aws:iam::111122223333:role/app-server';
const ACCESSOR = 'hmac-sha256:8b1a9953c4611296a827abf8c47804d7e6c49c6b8c3a1e5f6a7b8c9d0e1f2a3b';

describe.skipIf(!hasImporters('vault-audit', 'postgres'))(
  'Vault aws-auth login, then a dynamic database credential',
  () => {
    let c: TestCase;
    beforeAll(async () => {
      c = await caseFrom([
        fixture('derive', 'vault-cloudtrail.jsonl'),
        fixture('derive', 'vault-audit.jsonl'),
        fixture('derive', 'vault-postgres-csvlog.log'),
      ]);
    });
    afterAll(() => c?.close());

    it('the Vault login is the AWS role: one identity across CloudTrail and Vault', async () => {
      const id = await c.api<IdentityDetail>('identities.get', { identity: 'aws-app-server' });
      expect(id.name).toBe(ROLE);
      expect(id.sources).toEqual(['cloudtrail', 'vault-audit']);
      expect(id.aliases.find((a) => a.system === 'vault' && a.value === 'aws-app-server')).toMatchObject({
        method: 'vault-auth-metadata',
      });
      expect(
        id.aliases.find((a) => a.value === 'arn:aws:sts::111122223333:assumed-role/app-server/i-0abc123def4567890'),
      ).toBeDefined();
    });

    it("the login is the parent of its token's session", async () => {
      const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ROLE });
      const token = sessions.find((s) => s.key === ACCESSOR)!;
      expect(token.events).toBe(2);
      expect(token.parent).toMatchObject({ identity: ROLE });
      // The login was made by the instance's STS session (client_arn, from the same address): the token is its child.
      const sts = sessions.find((s) => s.key === 'ASIAAPPSERVER0000001')!;
      expect(token.parent).toMatchObject({ session: sts.id, method: 'caller-principal', confidence: 0.9 });
      const login = await c.api<EventJson & { facts: Record<string, string> }>('events.get', {
        id: token.parent!.event,
      });
      expect(login.format).toBe('vault-audit');
      expect(login.category).toBe('auth');
      expect(login.facts.issued_key).toBe(ACCESSOR);
      const reads = await c.api<EventJson[]>('events.list', { filter: { session: ACCESSOR } });
      expect(reads.map((e) => e.resource)).toEqual(['vault:secret/data/app/db', 'vault:database/creds/app-readonly']);
    });

    it("the database user Vault minted is a child of the read that minted it, and in the role's scope", async () => {
      const [pg] = await c.api<SessionJson[]>('sessions.list', { identity: 'v-token-app-read-x7Kq2' });
      expect(pg).toMatchObject({ key: '69f1a2b2.1403', events: 3, sources: ['postgres'] });
      expect(pg.parent).toMatchObject({ identity: ROLE, action: 'database:read' });
      const minted = await c.api<EventJson & { facts: Record<string, string> }>('events.get', { id: pg.parent!.event });
      expect(minted.resource).toBe('vault:database/creds/app-readonly');
      const s = await c.api<ScopeResult>('scope.run', { identity: ROLE });
      expect(s.identities.map((i) => [i.name, i.via])).toEqual([
        [ROLE, 'start'],
        ['v-token-app-read-x7Kq2', 'minted'],
      ]);
      expect(s.resources.find((r) => r.name === 'db:crm')).toMatchObject({
        identities: ['v-token-app-read-x7Kq2'],
        events: 3,
      });
      // The lease id is a renewal handle, not a key any log uses: not reported as an unused credential.
      const cov = await c.api<CoverageResult>('coverage.list', { identity: ROLE });
      expect(cov.identities[0].flags).not.toContain('unused_credentials');
    });

    it('coverage: Vault shows its authentication, both sources its actions', async () => {
      const cov = await c.api<CoverageResult>('coverage.list', { identity: ROLE });
      expect(cov.identities[0].auth_sources).toContain('vault-audit');
      expect(cov.identities[0].action_sources).toEqual(['cloudtrail', 'vault-audit']);
    });
  },
);
