import { describe, expect, it } from 'vitest';
import { runFixture, only, iso } from '../../test/importers/importer-helpers.js';
import { operationCategory } from './operation.js';

const TENANT = 'c0ffee00-1111-4a2b-9c3d-5e6f7a8b9c0d';
const SP_APP = 'a7d2c9e1-4b3f-4c8a-9e2d-1f0b3c4d5e6f';
const TOKEN = 'ZDU5MzVkY2EtODZmMi00YWM5';
const ALICE_SESSION = '00baf379-e510-523f-1c0e-346163d4a768';

describe('m365-audit importer', () => {
  it('reads Management Activity API Exchange content: app-only mail access is the app acting', async () => {
    const run = await runFixture('m365-audit', 'management-api-exchange.json');
    expect(run.format).toBe('m365-audit');
    expect(run.records).toBe(5);
    expect(run.events).toHaveLength(5);
    expect(run.rejects).toEqual([]);

    // UserType 5 (Application): the app read ceo's mailbox through Graph; UserId names the mailbox, not the actor.
    const [ceo, cfo, alice, rule, perm] = run.events;
    expect(iso(ceo.ts)).toBe('2026-03-10T14:02:12.000Z');
    expect(ceo).toMatchObject({
      principal: SP_APP,
      principalType: 'app',
      sessionKey: TOKEN,
      action: 'MailItemsAccessed',
      category: 'read',
      outcome: 'success',
      resource: 'mailbox:ceo@contoso.example',
      resourceType: 'm365:exchange',
      srcIp: '185.220.101.4',
    });
    expect(ceo.facts).toMatchObject({
      account: TENANT,
      alias: `entra-app|${SP_APP}`,
      client_app_id: SP_APP,
      token_issued_at: '2026-03-10T14:00:01',
      // Three items listed, OperationCount 3, their sizes summed; the folder as mailbox:path.
      data_items: '3',
      data_bytes: '1260715',
      data_objects: 'ceo@contoso.example:\\Inbox',
      mail_access_type: 'Bind',
    });
    expect(ceo.detail).toBe('Exchange · 3 items in \\Inbox · app-only access to ceo@contoso.example');
    // A Sync access lists no items: the folder is what was read.
    expect(cfo.facts).toMatchObject({
      data_items: '1',
      data_objects: 'cfo@contoso.example:\\Sent Items',
      mail_access_type: 'Sync',
    });
    expect(cfo.facts?.data_bytes).toBeUndefined();
    expect(cfo.detail).toContain('synchronized folder \\Sent Items (every item in it)');

    // A person through Outlook: their Entra session is the key; OperationCount beyond the items listed counts.
    expect(alice).toMatchObject({
      principal: 'alice@contoso.example',
      principalType: 'user',
      sessionKey: ALICE_SESSION,
      srcIp: '2001:db8:4f::7',
    });
    expect(alice.facts).toMatchObject({
      agent: 'Microsoft Office',
      client_app_id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
      token_id: 'QWxpY2VPdXRsb29r',
      data_items: '12',
      data_bytes: '6144',
      correlation_id: '9e8d7c6b-5a49-4837-8261-5f4e3d2c1b0a',
    });
    expect(alice.facts?.alias).toBeUndefined();
    expect(alice.detail).toContain('2 listed, OperationCount 12');
    expect(alice.detail).toContain('throttled');

    // Exchange cmdlets: an inbox rule is a configuration change, a mailbox permission a privilege one ("False" failed).
    expect(rule).toMatchObject({
      action: 'New-InboxRule',
      category: 'config',
      outcome: 'success',
      srcIp: '198.51.100.7',
    });
    expect(rule.detail).toContain('SubjectContainsWords=invoice;payment');
    expect(perm).toMatchObject({ action: 'Add-MailboxPermission', category: 'privilege', outcome: 'failure' });
  });

  it('reads the Purview CSV export (AuditData as JSON text) and rejects a damaged row', async () => {
    const run = await runFixture('m365-audit', 'purview-export.csv');
    expect(run.records).toBe(4);
    expect(run.events).toHaveLength(3);
    expect(run.rejects.map((r) => r.reason)).toEqual([
      'the AuditData column is not valid JSON (cut off or damaged): the record cannot be read',
    ]);
    // SharePoint app-only (app@sharepoint): the app, its token, the file and its size.
    const download = only(run, (e) => e.action === 'FileDownloaded', 'download');
    expect(download).toMatchObject({
      principal: SP_APP,
      principalType: 'app',
      sessionKey: TOKEN,
      category: 'read',
      outcome: 'success',
      resourceType: 'm365:sharepoint',
      userAgent: 'python-requests/2.31.0',
    });
    expect(download.facts).toMatchObject({
      alias: `entra-app|${SP_APP}`,
      data_objects: 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Board/Q3-results-draft.xlsx',
      data_bytes: '5242880',
    });
    expect(download.detail).toBe('SharePoint · app-only access');
    const onedrive = only(run, (e) => e.action === 'FileAccessed', 'OneDrive access');
    expect(onedrive).toMatchObject({
      principal: 'alice@contoso.example',
      sessionKey: ALICE_SESSION,
      outcome: 'success',
    });
    const failed = only(run, (e) => e.action === 'UserLoginFailed', 'failed logon');
    expect(failed).toMatchObject({
      category: 'auth',
      outcome: 'failure',
      errorCode: 'InvalidUserNameOrPassword',
      userAgent: 'python-requests/2.31.0',
      srcIp: '203.0.113.66',
    });
  });

  it('reads a Search-UnifiedAuditLog Export-Csv file, and the credential an admin added to an app', async () => {
    const run = await runFixture('m365-audit', 'search-unifiedauditlog.csv');
    expect(run.records).toBe(2);
    const cred = only(run, (e) => e.category === 'credential', 'credential added');
    expect(cred.facts).toMatchObject({
      issued_key: 'dbcd79c0-c3ea-46b9-9604-ff40d43b8618',
      issued_to: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
    });
    const fwd = only(run, (e) => e.action === 'Set-Mailbox', 'forwarding');
    expect(fwd).toMatchObject({ category: 'config', outcome: 'success' });
    expect(fwd.detail).toContain('ForwardingSmtpAddress=smtp:drop@exfil.example');
  });

  it('splits a Purview audit search Graph page whose records follow its metadata', async () => {
    const run = await runFixture('m365-audit', 'graph-audit-query-page.json');
    expect(run.records).toBe(1);
    expect(run.events[0]).toMatchObject({
      principal: 'bob@contoso.example',
      action: 'MessageSent',
      resource: '19:meeting_abc@thread.v2',
      resourceType: 'm365:microsoftteams',
      outcome: 'success',
    });
  });

  it('reads Sentinel OfficeActivity rows with JSON-text columns, and says what is missing', async () => {
    const run = await runFixture('m365-audit', 'sentinel-officeactivity.jsonl');
    expect(run.records).toBe(4);
    const ev = only(run, () => true, 'from the OfficeActivity row');
    expect(ev).toMatchObject({
      principal: SP_APP,
      principalType: 'app',
      sessionKey: TOKEN,
      resource: 'mailbox:legal@contoso.example',
    });
    expect(ev.facts).toMatchObject({ data_items: '2', data_objects: 'legal@contoso.example:\\Inbox' });
    expect(run.rejects.map((r) => r.reason).sort()).toEqual([
      expect.stringMatching(/^invalid JSON/),
      'no Operation: the record does not say what was done',
      'no parseable timestamp (CreationTime / TimeGenerated / CreationDate)',
    ]);
  });

  it('categorizes the three ways workloads name operations', () => {
    expect(operationCategory('FileSyncDownloadedFull')).toBe('read');
    expect(operationCategory('FileDeleted')).toBe('delete');
    expect(operationCategory('FileUploaded')).toBe('write');
    expect(operationCategory('AnonymousLinkCreated')).toBe('privilege');
    expect(operationCategory('Add-RecipientPermission')).toBe('privilege');
    expect(operationCategory('Set-AdminAuditLogConfig')).toBe('logging');
    expect(operationCategory('Remove-InboxRule')).toBe('config');
    expect(operationCategory('Get-Mailbox')).toBe('read');
    expect(operationCategory('Add member to role.')).toBe('privilege');
    expect(operationCategory('Update application – Certificates and secrets management ')).toBe('credential');
    expect(operationCategory('Delete user.')).toBe('delete');
    expect(operationCategory('SearchQueryPerformed')).toBe('query');
    expect(operationCategory('UserLoggedIn')).toBe('auth');
  });
});
