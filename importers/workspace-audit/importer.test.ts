import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer } from './importer.js';

const CLIENT = '884211907313-k2v9q4t1rjs8o2d4c1b6m0e7hpl3n5a9.apps.googleusercontent.com';
const DWD = '117043285120338710234';

describe('workspace-audit importer', () => {
  it('splits a saved Reports API page into its activities and their events', async () => {
    const run = await runFixture('workspace-audit', 'reports-api-token-page.json');
    expect(run.format).toBe('workspace-audit');
    // 5 activities (one with two events) and a non-object item: the page itself is no record.
    expect(run.records).toBe(6);
    expect(run.events).toHaveLength(5);
    expect(run.rejects.map((r) => r.reason)).toEqual(['not a JSON object']);

    const [grant, list, get, mail, revoke] = run.events;
    // Consent: the user grants the client; the grant is the credential the app's calls use.
    expect(grant).toMatchObject({
      principal: 'dana.ops@acme.example',
      principalType: 'user',
      action: 'token.authorize',
      category: 'credential',
      resource: `oauth-client:${CLIENT}`,
      srcIp: '203.0.113.24',
    });
    expect(iso(grant.ts)).toBe('2026-03-10T09:12:04.211Z');
    expect(grant.detail).toContain('drive.readonly');
    expect(grant.facts).toMatchObject({
      issued_key: `${CLIENT}>dana.ops@acme.example`,
      issued_to: CLIENT,
      agent: 'Meeting Notes Sync',
      alias: 'gcp|104925866385122741001',
      account: 'C03az79cb',
    });

    // The app's API calls with that grant: the client acts, as the user.
    for (const e of [list, get, mail]) {
      expect(e).toMatchObject({
        principal: CLIENT,
        principalType: 'app',
        sessionKey: `${CLIENT}>dana.ops@acme.example`,
        category: 'read',
        srcIp: '34.102.77.15',
      });
      expect(e.facts).toMatchObject({ login: 'dana.ops@acme.example', agent: 'Meeting Notes Sync' });
      expect(e.facts?.alias, 'the user’s profile id is no name of the app').toBeUndefined();
    }
    expect(list.action).toBe('token.activity:drive.files.list');
    expect(get.facts?.data_bytes).toBe('7340032');
    // Both events of one activity: their own bytes, the activity's time.
    expect(JSON.parse(list.raw)).toMatchObject({ name: 'activity' });
    expect(list.ts).toBe(get.ts);
    expect(get.detail).toContain('event 2 of 2');
    expect(mail.facts?.data_bytes).toBe('918');

    expect(revoke).toMatchObject({
      principal: 'it-admin@acme.example',
      action: 'token.revoke',
      category: 'credential',
    });
    expect(revoke.facts?.issued_key).toBeUndefined();
  });

  it('splits pages saved one per line (a paging loop appending to a file), and says when a page is empty', async () => {
    const run = await runFixture('workspace-audit', 'reports-api-pages.jsonl');
    // Page 1: two activities, one of them two events; page 2: two activities; page 3: none.
    expect(run.records).toBe(6);
    expect(run.events.map((e) => e.action)).toEqual([
      'token.authorize',
      'token.activity:drive.files.list',
      'token.activity:drive.files.get',
      'token.activity:gmail.users.messages.get',
      'token.revoke',
    ]);
    expect(run.rejects.map((r) => r.reason)).toEqual([
      'a Reports API page with no activities (items is empty or absent)',
    ]);
    // The reader splits each page into its activities; the two-event activity's events share its record index.
    const [, list, get] = run.events;
    expect(list.ref).toMatchObject({ index: 1 });
    expect(get.ref).toMatchObject({ index: 1 });
    expect((get.ref as { offset: number }).offset).toBeGreaterThan((list.ref as { offset: number }).offset);
  });

  it('reads activities one per line: sign-ins, SAML, admin grants and domain-wide delegation', async () => {
    const run = await runFixture('workspace-audit', 'activities.jsonl');
    expect(run.records).toBe(10);
    expect(rejectsByLine(run)).toEqual({
      7: 'no parseable timestamp (id.time)',
      8: 'an activity with no events: nothing says what happened',
      9: expect.stringMatching(/^invalid JSON/),
    });
    const ok = only(run, (e) => e.action === 'login.login_success', 'signing in');
    expect(ok).toMatchObject({ category: 'auth', outcome: 'success', principalType: 'user', sessionKey: null });
    const bad = only(run, (e) => e.action === 'login.login_failure', 'failing to sign in');
    expect(bad).toMatchObject({ outcome: 'failure', errorCode: 'login_failure_invalid_password' });
    const saml = only(run, (e) => e.action === 'saml.login_success', 'SAML');
    expect(saml).toMatchObject({ category: 'auth', resource: 'saml-app:Snowflake' });

    const grant = only(run, (e) => e.action === 'admin.AUTHORIZE_API_CLIENT_ACCESS', 'delegating');
    expect(grant).toMatchObject({ category: 'privilege', resource: `oauth-client:${DWD}` });
    expect(grant.facts?.target_identity).toBe(DWD);

    // The service account with domain-wide delegation acts as the CFO: it is the principal.
    const dl = only(run, (e) => e.action === 'drive.download', 'the download');
    expect(dl).toMatchObject({
      principal: DWD,
      principalType: 'service_account',
      sessionKey: `${DWD}>cfo@acme.example`,
      category: 'read',
      resource: 'drive:1Qz8vTqL0xM2nR4pS6uW8yA0cE2gI4kM6oQ8sU0wY2a',
      srcIp: '35.199.14.2',
    });
    expect(dl.facts).toMatchObject({
      login: 'cfo@acme.example',
      agent: 'backup-exporter',
      originating_app_id: '730218841120',
      data_objects: 'FY26 Board Compensation (drive:1Qz8vTqL0xM2nR4pS6uW8yA0cE2gI4kM6oQ8sU0wY2a)',
      data_items: '1',
    });
    const view = only(run, (e) => e.action === 'drive.view', 'the view');
    expect(view.facts?.data_objects).toContain('Acquisition memo');
    expect(view.facts?.data_items).toBeUndefined();
    const share = only(run, (e) => e.action === 'drive.change_user_access', 'the share');
    expect(share).toMatchObject({ category: 'privilege', principal: DWD });
    expect(share.facts?.data_objects).toBeUndefined();
  });

  it('reads BigQuery export rows and GAM report CSV', async () => {
    const bq = await runFixture('workspace-audit', 'bigquery-rows.json');
    expect(bq.format).toBe('workspace-audit');
    expect(bq.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (time_usec)']);
    const call = only(bq, (e) => e.action === 'token.activity:gmail.users.messages.list', 'the API call');
    expect(call).toMatchObject({ principal: CLIENT, principalType: 'app', srcIp: '34.102.77.15' });
    expect(call.facts).toMatchObject({ data_bytes: '120455', login: 'dana.ops@acme.example' });
    expect(iso(call.ts)).toBe('2026-03-12T09:00:00.123Z');
    const dl = only(bq, (e) => e.action === 'drive.download', 'the download');
    expect(dl.facts?.data_objects).toBe('Customer list 2026.csv (drive:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcde)');

    const gam = await runFixture('workspace-audit', 'gam-report-token.csv');
    expect(gam.format).toBe('workspace-audit');
    expect(gam.events.map((e) => e.action)).toEqual(['token.authorize', 'token.revoke']);
    expect(gam.events[0].facts?.issued_to).toBe(
      '501188372204-q8v2m4t6rjs8o2d4c1b6m0e7hpl3n5a9.apps.googleusercontent.com',
    );
    expect(gam.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (id.time)']);
  });

  it('detects its shapes and nothing else', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x', head: '', values, lines: [] });
    expect(importer.detect(sample([{ kind: 'admin#reports#activities', items: [] }]))).toBeGreaterThan(0.9);
    expect(
      importer.detect(sample([{ id: { applicationName: 'drive', time: '2026-01-01T00:00:00Z' }, name: 'view' }])),
    ).toBeGreaterThanOrEqual(0.6);
    expect(importer.detect(sample([{ eventType: 'user.session.start', published: 'x' }]))).toBe(0);
    expect(importer.detect({ ...sample([]), csvHeader: ['id.time', 'id.applicationName', 'name'] })).toBe(0.85);
  });
});
