import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as entraSignIn } from './importer.js';

const TENANT = '9f2c1e44-5a7b-4c1d-8e2f-3b6a9d0c7e15';
const KEY_ID = 'dbcd79c0-c3ea-46b9-9604-ff40d43b8618';

describe('entra-signin importer', () => {
  it('reads a {"records":[…]} diagnostic export of all four sign-in logs', async () => {
    const run = await runFixture('entra-signin', 'diagnostic-records.json');
    expect(run.format).toBe('entra-signin');
    expect(run.records).toBe(8);
    expect(run.events).toHaveLength(8);
    expect(run.rejects).toEqual([]);

    // A service principal signs in twice with one client secret: one credential, two tokens.
    const sp = run.events.filter((e) => e.principal === 'gh-actions-deployer' && e.action === 'Sign-in activity');
    expect(sp).toHaveLength(3);
    expect(sp[0].ts).toBe(Date.parse('2026-03-10T14:00:01.123Z') * 1000 + 456);
    expect(sp[0]).toMatchObject({
      principalType: 'app',
      sessionKey: KEY_ID,
      category: 'auth',
      outcome: 'success',
      srcIp: '20.14.7.9',
      resource: 'Windows Azure Service Management API',
      resourceType: 'entra:resource',
      userAgent: null,
    });
    expect(sp[0].facts).toMatchObject({
      account: TENANT,
      alias: 'entra|b029d485-a308-4311-8720-fb3192e5284e\nentra-app|6131d760-7fda-4db5-8bb1-b771898e9f15',
      issued_key: 'ZDU5MzVkY2EtODZmMi00YWM5',
      issued_to: 'gh-actions-deployer',
      credential_type: 'clientSecret',
    });
    expect(sp[1]).toMatchObject({ sessionKey: KEY_ID, srcIp: '185.220.101.4', resource: 'Microsoft Graph' });
    // The AADSTS code is the error code; the failed sign-in issued nothing.
    expect(sp[2]).toMatchObject({
      outcome: 'failure',
      errorCode: '7000222',
      sessionKey: '0a1b2c3d-0000-4000-8000-000000000001',
    });
    expect(sp[2].detail).toContain('AADSTS7000222: The provided client secret keys for app are expired.');
    expect(sp[2].facts?.issued_key).toBeUndefined();

    // A managed identity: a service account, each token its own session; "" is no address.
    const mi = only(run, (e) => e.principal === 'aks-agentpool-identity', 'by the managed identity');
    expect(mi).toMatchObject({
      principalType: 'service_account',
      sessionKey: 'YTA4ODY5YTgtM2IxNS00NmU0',
      srcIp: null,
      resource: 'Azure Key Vault',
    });
    expect(mi.facts).toMatchObject({
      auth_role: 'userAssigned',
      alias: 'entra|9d370547-cb61-4753-be23-68534909af90\nentra-app|b3b975ac-995b-426e-8b5d-363a165df41c',
    });
    expect(mi.facts?.issued_key).toBeUndefined();

    // Users: interactive and non-interactive sign-ins of one session share sessionId.
    const alice = run.events.filter((e) => e.principal === 'alice@acme.example' && e.action === 'Sign-in activity');
    expect(alice.map((e) => e.sessionKey)).toEqual([
      '00baf379-e510-523f-1c0e-346163d4a768',
      '00baf379-e510-523f-1c0e-346163d4a768',
    ]);
    expect(alice[0]).toMatchObject({
      principalType: 'user',
      userAgent: expect.stringContaining('Chrome/122'),
      srcIp: '198.51.100.7',
    });
    expect(alice[0].facts).toMatchObject({
      agent: 'Microsoft Azure CLI',
      alias: 'entra|aead923d-498b-4f64-a66c-2af91447a8b6',
    });
    const bob = only(run, (e) => e.principal === 'bob@acme.example', 'by bob');
    expect(bob).toMatchObject({ outcome: 'failure', errorCode: '50126', sessionKey: null, userAgent: 'BAV2ROPC' });
    expect(bob.detail).toContain('risk high');

    // An audit record mixed into the stream is normalized as entra-audit does, not dropped.
    const audit = only(run, (e) => e.action === 'Add service principal credentials', 'adding a secret');
    expect(audit).toMatchObject({ category: 'credential', principal: 'alice@acme.example' });
    expect(audit.facts).toMatchObject({
      issued_key: '0f0e0d0c-aaaa-4bbb-8ccc-123456789abc',
      issued_to: 'gh-actions-deployer',
    });
  });

  it('names a client secret by the same key id as the audit record that added it, whatever case the export used', async () => {
    const KEY = 'a8e3c7f1-54b2-4d90-86ef-3b1d0c9a27e5';
    const audit = await runFixture('entra-audit', 'add-client-secret.jsonl');
    expect(audit.format).toBe('entra-audit');
    const [added] = audit.events;
    expect(added).toMatchObject({ category: 'credential', principal: 'j.park@acme.example' });
    expect(added.facts).toMatchObject({ issued_key: KEY, issued_to: 'payments-dr-terraform' });

    const run = await runFixture('entra-signin', 'secret-key-id-case.jsonl');
    expect(run.format).toBe('entra-signin');
    expect(run.events).toHaveLength(2);
    // The diagnostic record (lower case) and a SIEM's Log Analytics row (GUID columns upper-cased): one credential,
    // the key id exactly as the audit record's issued_key states it; the ids the aliases carry likewise.
    expect(run.events.map((e) => e.sessionKey)).toEqual([KEY, KEY]);
    expect(run.events.map((e) => e.principal)).toEqual(['payments-dr-terraform', 'payments-dr-terraform']);
    expect(run.events[1].facts?.alias).toBe(run.events[0].facts?.alias);
    expect(run.events[1].facts?.alias).toBe(
      'entra|e2a7f0c4-61b9-4d3e-8f25-7a0c9b1d6e43\nentra-app|3c8e51a7-0d94-4b62-a1f3-9e27c6d40b85',
    );
  });

  it('reads Log Analytics table rows and rule-test quirks (lower-cased keys, Success/Failure)', async () => {
    const run = await runFixture('entra-signin', 'log-analytics-and-quirks.jsonl');
    expect(run.format).toBe('entra-signin');
    expect(run.events).toHaveLength(4);
    const [sp, mi, mfa, ok] = run.events;
    expect(sp).toMatchObject({
      principal: 'gh-actions-deployer',
      principalType: 'app',
      sessionKey: KEY_ID,
      srcIp: '20.14.7.9',
      resource: 'Microsoft Graph',
      outcome: 'success',
    });
    expect(iso(sp.ts)).toBe('2026-03-11T09:00:00.123Z');
    expect(mi).toMatchObject({
      principal: 'aks-agentpool-identity',
      principalType: 'service_account',
      sessionKey: 'bGEtdG9rZW4tMg',
      srcIp: null,
    });
    expect(mfa).toMatchObject({
      principal: 'carol@acme.example',
      outcome: 'failure',
      errorCode: '50074',
      srcIp: '192.0.2.10',
      sessionKey: 'sess-carol-1',
    });
    expect(iso(mfa.ts)).toBe('2026-03-11T09:10:00.250Z');
    expect(ok).toMatchObject({ outcome: 'success', errorCode: null });
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('entra-signin', 'malformed.jsonl', 'entra-signin');
    expect(run.records).toBe(8);
    expect(run.events).toHaveLength(1);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe("properties is a string, not an object: the record's details cannot be read");
    expect(r[5]).toBe('no parseable timestamp (time / properties.createdDateTime)');
    expect(r[6]).toBe('no parseable timestamp (time / properties.createdDateTime)');
    expect(r[7]).toBe('not an Entra sign-in or audit record (category RiskyUsers)');
    expect(r[8]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
  });

  it('does not claim audit or Azure activity records', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.json', head: '', values, lines: [] });
    expect(
      entraSignIn.detect(
        sample([
          {
            time: '2026-01-01T00:00:00Z',
            category: 'AuditLogs',
            operationName: 'Add member to role',
            properties: { initiatedBy: {} },
          },
        ]),
      ),
    ).toBe(0);
    expect(
      entraSignIn.detect(
        sample([
          {
            time: '2026-01-01T00:00:00Z',
            category: 'Administrative',
            operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE',
          },
        ]),
      ),
    ).toBe(0);
  });
});
