import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as entraAudit } from './importer.js';

const TENANT = '9f2c1e44-5a7b-4c1d-8e2f-3b6a9d0c7e15';

describe('entra-audit importer', () => {
  it('reads diagnostic-settings records with app, managed-identity and user actors', async () => {
    const run = await runFixture('entra-audit', 'diagnostic.jsonl');
    expect(run.format).toBe('entra-audit');
    expect(run.records).toBe(6);
    expect(run.rejects).toEqual([]);
    const [role, secret, consent, owner, del, ca] = run.events;

    // A managed identity acts: Entra names it only "Managed Service Identity", so its object id is the principal.
    expect(role).toMatchObject({
      principal: 'b9814691-9ca1-4e55-a1ac-8ef5dd010ec0',
      principalType: 'service_account',
      action: 'Add member to role',
      category: 'privilege',
      resource: 'entra:ServicePrincipal/a7d5dcbe-0627-4ddf-a2f4-86b6785bcc42',
      resourceType: 'entra:ServicePrincipal',
      outcome: 'success',
      userAgent: 'Microsoft Azure Graph Client Library 2.1.17-internal',
      // "::" + eight groups, as Entra prints some IPv6 callers: the eight groups are the address.
      srcIp: '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
    });
    expect(iso(role.ts)).toBe('2026-03-10T14:00:00.509Z');
    expect(role.facts).toMatchObject({
      account: TENANT,
      alias: 'entra|b9814691-9ca1-4e55-a1ac-8ef5dd010ec0',
      target_identity: 'billing-exporter',
      role: 'Application Administrator',
    });
    expect(role.detail).toContain('Role.DisplayName: (none) → "Application Administrator"');

    // A service principal adds a secret to an application: only the new KeyIdentifier is issued.
    expect(secret).toMatchObject({
      principal: 'Terraform-Deployer',
      principalType: 'app',
      category: 'credential',
      action: 'Update application – Certificates and secrets management',
    });
    expect(secret.facts).toMatchObject({
      issued_key: '59eaeebc-8a6b-44a6-9f24-7d55e64420c9',
      issued_to: 'payroll-api',
      alias: 'entra|e1f2a3b4-5c6d-4e7f-8091-a2b3c4d5e6f7\nentra-app|f0e1d2c3-b4a5-4968-8776-655443322110',
    });
    expect(secret.detail).toMatch(
      /^on Application payroll-api \(11b49e19-2326-4be6-93cb-7f37439bbd81\): KeyDescription: /,
    );

    expect(consent).toMatchObject({
      principal: 'admin@acme.example',
      principalType: 'user',
      category: 'privilege',
      srcIp: '198.51.100.7',
    });
    expect(consent.detail).toContain('ConsentAction.Permissions: (none) → "Scope: Mail.Read Mail.ReadWrite"');
    expect(owner).toMatchObject({
      outcome: 'failure',
      errorCode: 'Insufficient privileges to complete the operation.',
      category: 'privilege',
    });
    expect(owner.detail).toContain('on User mallory@acme.example');
    expect(del).toMatchObject({ category: 'delete', resource: 'entra:User/former@acme.example' });
    expect(ca).toMatchObject({ category: 'config' });
    expect(ca.detail).toContain('{"state":"enabled"} → {"state":"disabled"}');
  });

  it('reads the Log Analytics / Sentinel AuditLogs table (JSON-encoded columns)', async () => {
    const run = await runFixture('entra-audit', 'sentinel-auditlogs.jsonl');
    expect(run.format).toBe('entra-audit');
    expect(run.events).toHaveLength(2);
    const creds = only(run, (e) => e.action === 'Add service principal credentials', 'adding a certificate');
    expect(creds).toMatchObject({
      principal: 'Terraform-Deployer',
      principalType: 'app',
      category: 'credential',
      userAgent: 'Go-http-client/1.1',
      outcome: 'success',
    });
    expect(iso(creds.ts)).toBe('2026-03-12T08:00:00.983Z');
    expect(creds.facts).toMatchObject({
      issued_key: '0f0e0d0c-aaaa-4bbb-8ccc-123456789abc',
      issued_to: 'Terraform-Deployer',
      account: TENANT,
    });
    const grant = only(run, (e) => e.action === 'Add delegated permission grant', 'granting Mail.ReadWrite');
    expect(grant).toMatchObject({ principal: 'admin@acme.example', category: 'privilege', srcIp: '198.51.100.7' });
    expect(grant.detail).toContain('DelegatedPermissionGrant.Scope: "User.Read" → "User.Read Mail.ReadWrite"');
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('entra-audit', 'malformed.jsonl', 'entra-audit');
    expect(run.records).toBe(8);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no parseable timestamp (time / properties.activityDateTime / TimeGenerated)');
    expect(r[5]).toBe("properties is a list, not an object: the record's details cannot be read");
    expect(r[6]).toBe('no operationName or activityDisplayName: the record does not say what was done');
    expect(r[8]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
    // Wrongly typed sub-fields degrade to what can still be read.
    const odd = run.events.find((e) => e.ref && (e.ref as { line: number }).line === 7)!;
    expect(odd).toMatchObject({ principal: '12345', action: 'Update user', resource: null });
  });

  it('does not claim sign-in or Azure activity records', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.json', head: '', values, lines: [] });
    expect(
      entraAudit.detect(
        sample([
          {
            time: '2026-01-01T00:00:00Z',
            category: 'ServicePrincipalSignInLogs',
            operationName: 'Sign-in activity',
            properties: {},
          },
        ]),
      ),
    ).toBe(0);
    expect(
      entraAudit.detect(
        sample([
          {
            time: '2026-01-01T00:00:00Z',
            category: 'Administrative',
            operationName: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
            properties: { entity: '/subscriptions/x' },
          },
        ]),
      ),
    ).toBe(0);
  });
});
