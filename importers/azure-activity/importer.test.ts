import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { operationCategory } from './operation.js';
import { callerOf, readClaims } from './caller.js';

const SUB = '5b3c2a10-7e4f-4d2a-8b1c-9f0e1d2c3b4a';
const SP = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const SP_APP = 'a7d2c9e1-4b3f-4c8a-9e2d-1f0b3c4d5e6f';

describe('azure-activity importer', () => {
  it('reads an Event Hub {"records":[…]} export: one event per operation, the caller from the token', async () => {
    const run = await runFixture('azure-activity', 'event-hub-records.json');
    expect(run.format).toBe('azure-activity');
    expect(run.records).toBe(10);
    // Start + Success of the role assignment, Start + Accept + Success of the VM extension: 5 records, 2 events.
    expect(run.events).toHaveLength(7);
    expect(run.merged).toBe(3);
    expect(run.rejects).toEqual([]);

    const grant = only(run, (e) => /roleassignments\/write$/i.test(e.action), 'assigning a role');
    expect(iso(grant.ts)).toBe('2026-03-10T14:12:03.445Z');
    expect(grant).toMatchObject({
      principal: SP,
      principalType: 'app',
      sessionKey: 'Zm9vYmFyYmF6cXV4MTIzNA',
      category: 'privilege',
      outcome: 'success',
      srcIp: '185.220.101.4',
      resource: `/subscriptions/${SUB}/providers/microsoft.authorization/roleassignments/0d1e2f30-4a5b-4c6d-8e7f-90a1b2c3d4e5`,
      resourceType: 'azure:microsoft.authorization/roleassignments',
    });
    expect(grant.merged).toHaveLength(1);
    // The assignee and role come from the request body; authorization.evidence is the caller's own role.
    expect(grant.facts).toMatchObject({
      account: SUB,
      alias: `entra-app|${SP_APP}`,
      credential_type: 'clientSecret',
      target_identity: 'entra|77aa88bb-99cc-4ddd-8eee-ff0011223344',
      role: 'Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635)',
      role_scope: `/subscriptions/${SUB}`,
      target_principal_type: 'ServicePrincipal',
      correlation_id: '4a1f0c7e-2b3d-4e5f-8a9b-0c1d2e3f4a01',
    });
    expect(grant.detail).toContain('Start → Success (Succeeded.Created)');
    expect(grant.detail).toContain("caller's role: User Access Administrator");

    const keys = only(run, (e) => /listKeys/.test(e.action), 'listing storage keys');
    expect(keys).toMatchObject({ category: 'credential', principal: SP, sessionKey: 'Zm9vYmFyYmF6cXV4MTIzNA' });
    const tamper = only(run, (e) => /diagnosticSettings\/delete/.test(e.action), 'deleting the diagnostic setting');
    expect(tamper).toMatchObject({ category: 'logging' });
    expect(tamper.facts?.log_tamper).toBe('microsoft.insights/diagnosticSettings/delete');

    // A managed identity (xms_mirid): a service account named by its object id, three records one event.
    const mi = only(run, (e) => /extensions\/write$/.test(e.action), 'by the managed identity');
    expect(mi).toMatchObject({
      principal: '3d4e5f60-7182-4394-a5b6-c7d8e9f0a1b2',
      principalType: 'service_account',
      outcome: 'success',
      sessionKey: 'TUlfdG9rZW5fMDAx',
      category: 'write',
    });
    expect(mi.merged).toHaveLength(2);
    expect(mi.detail).toContain('Start → Accept → Success');
    expect(mi.facts).toMatchObject({
      credential_type: 'managedIdentity',
      managed_identity_resource: expect.stringContaining('userAssignedIdentities/id-batch'),
    });

    // A person through the Azure CLI: the UPN is the principal, the object id an alias, the CLI the agent.
    const alice = only(run, (e) => e.action === 'Microsoft.KeyVault/vaults/delete', 'by alice');
    expect(alice).toMatchObject({
      principal: 'alice@contoso.example',
      principalType: 'user',
      outcome: 'failure',
      errorCode: 'Conflict',
      sessionKey: '00baf379-e510-523f-1c0e-346163d4a768',
      category: 'delete',
    });
    expect(alice.facts).toMatchObject({
      alias: 'entra|aead923d-498b-4f64-a66c-2af91447a8b6',
      agent: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    });
    expect(alice.detail).toContain('The scope is locked');
    // The policy check of the same request shares its correlation id but is another operation.
    const policy = only(run, (e) => e.action === 'Microsoft.Authorization/policies/audit/action', 'policy');
    expect(policy.facts?.correlation_id).toBe(alice.facts?.correlation_id);
    expect(policy.merged).toEqual([]);

    // Records Azure writes itself have no token: the service is the principal.
    const health = only(run, (e) => e.principal === 'Azure Service Health', 'service health');
    expect(health).toMatchObject({ principalType: 'service', outcome: 'unknown', category: 'other' });
  });

  it('merges the records `az monitor activity-log list` prints newest first', async () => {
    const run = await runFixture('azure-activity', 'az-activity-log-list.json');
    expect(run.records).toBe(3);
    expect(run.events).toHaveLength(1);
    const ev = run.events[0];
    // The event is the operation's start; the caller is the REST shape's `caller`, the token's object id.
    expect(iso(ev.ts)).toBe('2026-03-10T19:00:02.100Z');
    expect(ev).toMatchObject({
      principal: SP,
      principalType: 'app',
      action: 'Microsoft.Compute/virtualMachines/runCommand/action',
      category: 'exec',
      outcome: 'success',
      srcIp: '185.220.101.4',
      sessionKey: 'Q0xJX3Rva2VuXzAwMw',
    });
    expect(ev.detail).toMatch(/^Run Command on Virtual Machine · Started → Accepted → Succeeded/);
    expect(ev.merged).toHaveLength(2);
  });

  it('reads Log Analytics AzureActivity rows with their JSON-text columns', async () => {
    const run = await runFixture('azure-activity', 'log-analytics-azureactivity.json');
    expect(run.records).toBe(2);
    const ev = only(run, () => true, 'from the row with a time');
    expect(ev).toMatchObject({
      principal: SP,
      principalType: 'app',
      action: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
      category: 'privilege',
      outcome: 'success',
      sessionKey: 'Q0xJX3Rva2VuXzAwMw',
    });
    expect(ev.facts).toMatchObject({
      // The workspace's TenantId column is not the subscription nor the Entra tenant.
      account: SUB,
      alias: `entra-app|${SP_APP}`,
      target_identity: 'entra|55664433-2211-4abc-8def-0123456789ab',
      role: 'Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c)',
      role_scope: `/subscriptions/${SUB}/resourceGroups/rg-prod`,
    });
    expect(run.rejects.map((r) => r.reason)).toEqual([
      'no parseable timestamp (time / eventTimestamp / TimeGenerated)',
    ]);
  });

  it('reads storage PT1H.json lines with the resource logs streamed beside them, and says what is broken', async () => {
    const run = await runFixture('azure-activity', 'storage-pt1h.jsonl');
    expect(run.records).toBe(7);
    expect(rejectsByLine(run)).toEqual({
      3: expect.stringMatching(/^invalid JSON/),
      6: 'no parseable timestamp (time / eventTimestamp / TimeGenerated)',
    });
    const publish = only(run, (e) => /publishxml/.test(e.action), 'publish profile download');
    expect(publish).toMatchObject({ category: 'credential', principal: SP });
    expect(publish.facts?.credential_type).toBe('clientCertificate');

    // Storage reads: the OAuth caller is the service principal; the bytes and the object are what it read.
    const reads = run.events.filter((e) => e.action === 'GetBlob');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      principal: SP,
      principalType: 'app',
      category: 'read',
      outcome: 'success',
      srcIp: '185.220.101.4',
      resource: 'https://stprodbackups.blob.core.windows.net/db-dumps/customers-2026-03-09.sql.gz',
      userAgent: expect.stringContaining('azsdk-python-storage-blob'),
    });
    expect(reads[0].facts).toMatchObject({
      alias: `entra-app|${SP_APP}`,
      data_bytes: '73400320',
      data_objects: 'https://stprodbackups.blob.core.windows.net/db-dumps/customers-2026-03-09.sql.gz',
    });
    // A SAS read: whoever held a token signed with key1; the signature never becomes part of a name.
    expect(reads[1]).toMatchObject({
      principal: 'stprodbackups:SAS:key1',
      principalType: 'access_key',
      srcIp: '203.0.113.66',
    });
    expect(reads[1].resource).not.toContain('sig=');

    // kube-audit: the Kubernetes event, with the Kubernetes user stated in its own naming system.
    const k8s = only(run, (e) => e.principal === 'system:serviceaccount:prod:backup-runner', 'kube-audit');
    expect(k8s).toMatchObject({ action: 'get secrets', principalType: 'service_account', srcIp: '10.244.1.17' });
    expect(k8s.facts?.alias).toContain('k8s|system:serviceaccount:prod:backup-runner');

    // properties that are not an object cannot be read, but the record still says who changed what.
    const nsg = only(run, (e) => /securityRules\/write/.test(e.action), 'NSG rule');
    expect(nsg).toMatchObject({ category: 'config', principal: SP, srcIp: null });
  });

  it('categorizes operations by their Resource Manager verb and type', () => {
    expect(operationCategory('Microsoft.Compute/virtualMachines/read')).toBe('read');
    expect(operationCategory('Microsoft.Resources/subscriptions/resourceGroups/write')).toBe('write');
    expect(operationCategory('MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/DELETE')).toBe('privilege');
    expect(operationCategory('Microsoft.Authorization/elevateAccess/action')).toBe('privilege');
    expect(operationCategory('Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action')).toBe(
      'credential',
    );
    expect(operationCategory('Microsoft.KeyVault/vaults/secrets/getSecret/action')).toBe('credential');
    expect(operationCategory('Microsoft.Compute/virtualMachines/start/action')).toBe('write');
    expect(operationCategory('Microsoft.Authorization/locks/delete')).toBe('config');
    expect(operationCategory('Microsoft.Insights/diagnosticSettings/write')).toBe('logging');
    expect(operationCategory('DeleteBlob')).toBe('delete');
    expect(operationCategory('deleteblob')).toBe('delete');
    expect(operationCategory('SecretGet')).toBe('credential');
  });

  it('names a caller from the claims whatever the token type, never from a display name', () => {
    const claims = readClaims(
      JSON.stringify({
        'http://schemas.microsoft.com/identity/claims/objectidentifier': SP.toUpperCase(),
        appid: SP_APP,
        appidacr: '2',
      }),
    );
    // No idtyp claim (v1 token): an app id with no user name is still an app-only token.
    expect(callerOf(claims, null, 'Administrative')).toMatchObject({
      principal: SP,
      type: 'app',
      aliases: [`entra-app|${SP_APP}`],
      credentialType: 'clientCertificate',
    });
    // Evidence assigned to a group says nothing of who called.
    const ev = { evidence: { principalId: 'ab'.repeat(16), principalType: 'Group' } };
    expect(callerOf(null, null, 'Administrative', ev).principal).toBeNull();
    const user = { evidence: { principalId: '0b53b1b1d39b4b6b8e16a9c6aee0e7c5', principalType: 'User' } };
    expect(callerOf(null, null, 'Administrative', user)).toMatchObject({
      principal: '0b53b1b1-d39b-4b6b-8e16-a9c6aee0e7c5',
      type: 'user',
    });
  });
});
