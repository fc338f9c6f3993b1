import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer } from './importer.js';
import { id18 } from './ids.js';
import { uriTemplate } from './normalize.js';

const APP = '0H45e0000008LmNCAU';
const INTEGRATION = '0055e000004FgHiAAK';
const MARIA = '0055e000003XyZaAAK';
const LOGIN = 'tK7mR2vQ9xL4bN8p';

describe('salesforce importer', () => {
  it('writes every id in its 18-character form', () => {
    expect(id18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(id18('0H45e0000008LmN')).toBe(APP);
    expect(id18(APP)).toBe(APP);
    expect(id18('not-an-id')).toBe('not-an-id');
    expect(uriTemplate('/services/data/v62.0/sobjects/Account/0015e00000AbCdEAAV?fields=Name')).toBe(
      '/services/data/vN/sobjects/Account/{id}',
    );
  });

  it('reads Login EventLogFiles: OAuth and UI logins, failures, usernames as aliases', async () => {
    const run = await runFixture('salesforce', 'Login.csv');
    expect(run.format).toBe('salesforce');
    expect(rejectsByLine(run)).toEqual({ 5: 'no parseable timestamp (TIMESTAMP)' });
    const [oauth, ui, bad] = run.events;
    expect(oauth).toMatchObject({
      principal: INTEGRATION,
      principalType: 'unknown',
      sessionKey: LOGIN,
      action: 'Login',
      category: 'auth',
      outcome: 'success',
      srcIp: '44.215.10.77',
      userAgent: 'Go-http-client/1.1',
    });
    expect(iso(oauth.ts)).toBe('2026-03-16T09:15:02.114Z');
    expect(oauth.facts?.alias).toBe('salesforce|drift-integration@acme.example');
    expect(ui).toMatchObject({ principal: MARIA, principalType: 'user' });
    expect(bad).toMatchObject({ outcome: 'failure', errorCode: 'LOGIN_ERROR_INVALID_PASSWORD', sessionKey: null });
  });

  it('reads API, RestApi and BulkApi2 files: the connected app acts, rows and bytes it read', async () => {
    const api = await runFixture('salesforce', 'API.csv');
    expect(api.rejects.map((r) => r.reason)).toEqual(['no USER_ID, Username or connected app: the event names no one']);
    const [query, more, del] = api.events;
    expect(query).toMatchObject({
      principal: APP,
      principalType: 'app',
      sessionKey: LOGIN,
      action: 'API:query',
      category: 'query',
      resource: 'salesforce:Contact',
      userAgent: 'Drift/2.1 (python-requests/2.31.0)',
    });
    expect(query.detail).toContain('SELECT Id, Email, Phone, MailingAddress FROM Contact');
    expect(query.facts).toMatchObject({
      login: INTEGRATION,
      agent: 'Drift',
      session_key: 'Hk3nB7vC1xZ9mQ5w',
      data_rows: '20000',
      data_bytes: '18874368',
      data_objects: 'Contact',
    });
    expect(query.facts?.alias, 'the user’s name is no name of the app').toBeUndefined();
    expect(more.facts?.data_rows).toBe('20000');
    expect(del).toMatchObject({ category: 'delete', outcome: 'failure', errorCode: 'F' });
    expect(del.facts?.data_rows).toBeUndefined();

    const rest = await runFixture('salesforce', 'RestApi.csv');
    expect(rest.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (TIMESTAMP)']);
    const soql = only(rest, (e) => e.action === 'RestApi GET /services/data/vN/query', 'the REST query');
    expect(soql).toMatchObject({ principal: APP, category: 'query' });
    expect(soql.facts).toMatchObject({ data_rows: '2000', data_bytes: '9437184' });
    const denied = only(rest, (e) => e.outcome === 'failure', 'the forbidden call');
    expect(denied).toMatchObject({ errorCode: '403', category: 'read' });
    expect(denied.facts?.data_bytes, 'a refused call read nothing').toBeUndefined();

    const bulk = await runFixture('salesforce', 'BulkApi2.csv');
    const job = only(bulk, (e) => e.action === 'BulkApi2:query', 'the bulk query');
    expect(job).toMatchObject({ principal: APP, category: 'query' });
    expect(job.facts).toMatchObject({ data_rows: '350000', data_objects: 'Lead' });
    const insert = only(bulk, (e) => e.action === 'BulkApi2:insert', 'the bulk insert');
    expect(insert).toMatchObject({
      principal: '0055e000009PqRsAAK',
      outcome: 'failure',
      errorCode: '3 records failed',
    });
  });

  it('reads Report and ReportExport files', async () => {
    const report = await runFixture('salesforce', 'Report.csv');
    expect(report.events[0]).toMatchObject({
      principal: MARIA,
      principalType: 'user',
      action: 'Report',
      category: 'read',
      resource: 'salesforce:report/00O5e000001QrStEAK',
    });
    expect(report.events[0].facts).toMatchObject({
      data_rows: '48211',
      data_objects: 'report:00O5e000001QrStEAK\nOpportunity',
    });
    const exp = await runFixture('salesforce', 'ReportExport.csv');
    expect(exp.events[0]).toMatchObject({ action: 'ReportExport', category: 'read', sessionKey: 'pQ2wE4rT6yU8iO0a' });
    expect(exp.events[0].facts?.data_objects).toBe('report:00O5e000001QrStEAK All open pipeline (EMEA)');
  });

  it('reads URI and LightningInteraction files: a person working the UI', async () => {
    const uri = await runFixture('salesforce', 'URI.csv');
    expect(uri.events[0]).toMatchObject({
      principal: MARIA,
      principalType: 'user',
      action: 'URI',
      category: 'read',
      resource: 'salesforce:/{id}',
      sessionKey: 'pQ2wE4rT6yU8iO0a',
    });
    const ui = await runFixture('salesforce', 'LightningInteraction.csv');
    expect(ui.events[0]).toMatchObject({
      principal: MARIA,
      principalType: 'user',
      action: 'LightningInteraction:user',
      category: 'read',
      resource: 'salesforce:/lightning/r/Account/{id}/view',
    });
  });

  it('reads Real-Time Event Monitoring objects from REST and sf CLI query results', async () => {
    const logins = await runFixture('salesforce', 'rest-query-loginevent.json');
    // The page's metadata is no record; its two records are.
    expect(logins.records).toBe(2);
    const [ok, bad] = logins.events;
    expect(ok).toMatchObject({ principal: INTEGRATION, sessionKey: LOGIN, action: 'LoginEvent', outcome: 'success' });
    expect(ok.facts).toMatchObject({ credential_type: 'Remote Access 2.0', agent: 'Drift' });
    expect(JSON.parse(ok.raw)).toMatchObject({ attributes: { type: 'LoginEvent' } });
    expect(bad).toMatchObject({
      principal: MARIA,
      principalType: 'user',
      outcome: 'failure',
      errorCode: 'Invalid Password',
    });

    const sf = await runFixture('salesforce', 'sf-data-query-apievent.json');
    expect(sf.records).toBe(3);
    expect(sf.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (EventDate)']);
    const api = only(sf, (e) => e.action === 'ApiEvent:Query', 'the ApiEvent');
    expect(api).toMatchObject({ principal: APP, principalType: 'app', category: 'query', sessionKey: LOGIN });
    expect(api.facts).toMatchObject({ login: INTEGRATION, data_rows: '20000', data_objects: 'Contact' });
    const rep = only(sf, (e) => e.action === 'ReportEvent:ReportExported', 'the ReportEvent');
    expect(rep.facts?.data_columns?.split('\n')).toContain('Opportunity.Owner.Email');
    expect(rep.facts?.data_rows).toBe('48211');
  });

  it('detects EventLogFile headers and event objects, and nothing else', () => {
    const csv = (csvHeader: string[]) => ({ fileName: 'x.csv', head: '', values: [], lines: [], csvHeader });
    expect(
      importer.detect(csv(['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'SESSION_KEY'])),
    ).toBe(0.9);
    expect(importer.detect(csv(['EVENT_TYPE', 'TIMESTAMP', 'message']))).toBe(0);
    const json = (values: unknown[]) => ({ fileName: 'x.json', head: '', values, lines: [] });
    expect(
      importer.detect(
        json([{ totalSize: 1, done: true, records: [{ attributes: { type: 'LoginEvent' }, EventDate: 'x' }] }]),
      ),
    ).toBe(0.95);
    expect(
      importer.detect(json([{ totalSize: 1, done: true, records: [{ attributes: { type: 'Account' }, Name: 'x' }] }])),
    ).toBe(0);
  });
});
