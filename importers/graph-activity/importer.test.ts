import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { parseRequestUri, requestCategory } from './request.js';

const TENANT = 'c0ffee00-1111-4a2b-9c3d-5e6f7a8b9c0d';
const SP = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
const SP_APP = 'a7d2c9e1-4b3f-4c8a-9e2d-1f0b3c4d5e6f';
const TOKEN = 'ZDU5MzVkY2EtODZmMi00YWM5';

describe('graph-activity importer', () => {
  it('reads Log Analytics MicrosoftGraphActivityLogs rows: what an app did with its token', async () => {
    const run = await runFixture('graph-activity', 'log-analytics-rows.json');
    expect(run.format).toBe('graph-activity');
    expect(run.records).toBe(7);
    expect(run.events).toHaveLength(7);
    expect(run.rejects).toEqual([]);

    const app = run.events.filter((e) => e.principal === SP);
    expect(app).toHaveLength(6);
    // App-only: the service principal, keyed by the sign-in that issued its token (SignInActivityId).
    const inbox = app[0];
    expect(iso(inbox.ts)).toBe('2026-03-10T14:02:11.123Z');
    expect(inbox).toMatchObject({
      principalType: 'app',
      sessionKey: TOKEN,
      action: 'GET /v1.0/users/{id}/mailFolders/inbox/messages',
      category: 'read',
      outcome: 'success',
      resource: 'https://graph.microsoft.com/v1.0/users/ceo@contoso.example/mailFolders/inbox/messages',
      resourceType: 'graph:request',
      srcIp: '185.220.101.4',
      userAgent: 'python-requests/2.31.0',
    });
    expect(inbox.facts).toMatchObject({
      // The workspace's TenantId column is not the tenant: AadTenantId is.
      account: TENANT,
      alias: `entra-app|${SP_APP}`,
      credential_type: 'clientSecret',
      token_roles: 'Mail.Read User.Read.All',
      token_issued_at: '2026-03-10T14:00:01Z',
      data_bytes: '184320',
      data_objects: 'https://graph.microsoft.com/v1.0/users/ceo@contoso.example/mailFolders/inbox/messages',
    });
    expect(inbox.detail).toBe('HTTP 200 · 184,320 bytes returned · app roles: Mail.Read User.Read.All');
    // Item ids become {id} in the action; the query string is never part of a name.
    expect(app[1].action).toBe('GET /v1.0/users/{id}/messages/{id}/attachments/{id}/$value');
    expect(app[1].facts?.data_bytes).toBe('2097152');
    expect(app.map((e) => e.resource).join(' ')).not.toContain('$top');
    // A request inside a $batch carries the batch's operation id.
    expect(app[2]).toMatchObject({ action: 'POST /v1.0/$batch', category: 'other' });
    expect(app[3].facts?.correlation_id).toBe('11111111-aaaa-4bbb-8ccc-000000000003');
    // A refused attempt to add a secret to an app: a failed credential operation, and no data read.
    expect(app[4]).toMatchObject({ category: 'credential', outcome: 'failure', errorCode: '403' });
    expect(app[4].facts?.data_bytes).toBeUndefined();
    expect(app[5]).toMatchObject({ action: 'POST /v1.0/users/{id}/sendMail', category: 'write' });

    // A delegated token: the person is the principal, the app that called for them the agent; the session key is
    // the person's Entra session, the one the sign-in log states as sessionId.
    const user = only(run, (e) => e.principalType === 'user', 'by a person');
    expect(user).toMatchObject({
      principal: 'aead923d-498b-4f64-a66c-2af91447a8b6',
      sessionKey: '00baf379-e510-523f-1c0e-346163d4a768',
      action: 'GET /beta/me/drive/root:{path}/content',
      category: 'read',
    });
    expect(user.facts).toMatchObject({
      agent: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
      sign_in_activity_id: 'QWxpY2VHcmFwaFRva2Vu',
      token_scopes: 'Files.Read User.Read openid profile',
    });
    expect(user.facts?.alias).toBeUndefined();
  });

  it('reads diagnostic-settings records (camelCase properties) from an Event Hub', async () => {
    const run = await runFixture('graph-activity', 'diagnostic-records.json');
    expect(run.records).toBe(3);
    expect(run.events.map((e) => [e.action, e.category, e.outcome])).toEqual([
      ['GET /v1.0/groups', 'read', 'success'],
      ['POST /v1.0/groups/{id}/members/$ref', 'privilege', 'success'],
      ['DELETE /v1.0/users/{id}', 'delete', 'failure'],
    ]);
    expect(run.events[0]).toMatchObject({
      principal: '3d4e5f60-7182-4394-a5b6-c7d8e9f0a1b2',
      principalType: 'app',
      sessionKey: 'TUlfZ3JhcGhfdG9rZW4',
      srcIp: '10.20.0.4',
    });
    expect(run.events[0].facts).toMatchObject({
      account: TENANT,
      alias: 'entra-app|9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
      credential_type: 'clientCertificate',
    });
  });

  it('says why a record cannot be an event', async () => {
    const run = await runFixture('graph-activity', 'storage-pt1h-malformed.jsonl');
    expect(run.records).toBe(4);
    expect(run.events).toHaveLength(1);
    expect(rejectsByLine(run)).toEqual({
      2: 'no parseable timestamp (TimeGenerated / time / properties.timeGenerated)',
      3: 'no requestUri or requestMethod: the record does not say what was requested',
      4: expect.stringMatching(/^invalid JSON/),
    });
  });

  it('templates request paths and categorizes them by verb and target', () => {
    const r = parseRequestUri(
      "https://graph.microsoft.com/v1.0/users('alice%40contoso.example')/messages/AAMkAGI2TG93AAA%3D?$select=subject",
    );
    expect(r.url).toBe("https://graph.microsoft.com/v1.0/users('alice%40contoso.example')/messages/AAMkAGI2TG93AAA%3D");
    expect(r.template).toBe('/v1.0/users({id})/messages/{id}');
    const cat = (m: string, u: string) => requestCategory(m, parseRequestUri(u));
    expect(
      cat(
        'POST',
        'https://graph.microsoft.com/v1.0/servicePrincipals/1d2c3b4a-0000-4000-8000-000000000001/addPassword',
      ),
    ).toBe('credential');
    expect(
      cat(
        'POST',
        'https://graph.microsoft.com/v1.0/servicePrincipals/1d2c3b4a-0000-4000-8000-000000000001/appRoleAssignedTo',
      ),
    ).toBe('privilege');
    expect(cat('POST', 'https://graph.microsoft.com/beta/oauth2PermissionGrants')).toBe('privilege');
    expect(cat('POST', 'https://graph.microsoft.com/v1.0/search/query')).toBe('query');
    expect(cat('POST', 'https://graph.microsoft.com/v1.0/directoryObjects/getByIds')).toBe('read');
    expect(cat('PATCH', 'https://graph.microsoft.com/v1.0/users/1d2c3b4a-0000-4000-8000-000000000001')).toBe('write');
    expect(cat('DELETE', 'https://graph.microsoft.com/v1.0/me/messages/AAMkAGI2TG93AAA=')).toBe('delete');
    expect(cat('GET', 'https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments')).toBe('read');
  });
});
