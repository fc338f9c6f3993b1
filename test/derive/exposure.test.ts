// What an identity read, and how much: a Snowflake service user whose nightly job reads a few thousand rows, until
// a night it logs in from elsewhere with another driver and unloads the customer table; and a Salesforce connected
// app pulling contacts and leads as its integration user. Exposure per session and identity, with the events behind
// each number, and the volume spike in deviations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { DeviationResult, EventJson, IdentityDetail, IdentityJson, SessionJson } from './types.js';

const EX = (f: string) => fixture('derive', 'exposure', f);
const SF = (f: string) => fixture('salesforce', f);

describe('data exposure per session and identity', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([
      EX('snowflake_login_history.csv'),
      EX('snowflake_sessions.csv'),
      EX('snowflake_query_history.csv'),
      EX('snowflake_access_history.csv'),
      SF('Login.csv'),
      SF('API.csv'),
      SF('RestApi.csv'),
      SF('BulkApi2.csv'),
    ]);
  });
  afterAll(() => c?.close());

  it('resolves the Snowflake service user and its key-pair fingerprint to one identity', async () => {
    const ids = await c.api<IdentityJson[]>('identities.list', { search: 'SVC_ETL' });
    expect(ids).toHaveLength(1);
    expect(ids[0].aliases.map((a) => `${a.system}|${a.value}`)).toEqual(
      expect.arrayContaining([
        'snowflake|SVC_ETL',
        'snowflake-key|SHA256:7pG3tU9wq1Zq5nqT0mJb4xK3mV8sR2aL6dF1hY0cE9o=',
      ]),
    );
    expect(ids[0]).toMatchObject({ kind: 'service_account', nhi: true });
  });

  it('chains login → session → queries, and sums what the session read with the events behind it', async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: 'SVC_ETL' });
    const night = sessions.find((s) => s.key === '9000000000000570')!;
    expect(night, JSON.stringify(sessions.map((s) => s.key))).toBeDefined();
    // The query session's credential was issued by the SESSIONS row, in the session of the login it names.
    expect(night.parent).toMatchObject({ action: 'SESSION_CREATED', identity: 'SVC_ETL' });
    const login = sessions.find((s) => s.id === night.parent!.session)!;
    expect(login.key).toBe('login:SVC_ETL:9000000000000170');

    const x = night.exposure!;
    expect(x.rows).toMatchObject({ total: 1_250_000 + 4_800_000, events: 2 });
    expect(x.bytes?.total).toBe((1_250_000 + 4_800_000) * 400);
    expect(x.objects).toMatchObject({ distinct: 1, top: [{ name: 'CUSTOMERS.RAW.CUSTOMERS', events: 2 }] });
    expect(x.columns?.top).toEqual(
      expect.arrayContaining(['CUSTOMERS.RAW.CUSTOMERS.SSN', 'CUSTOMERS.RAW.CUSTOMERS.PHONE']),
    );
    expect(x.sources).toEqual(['snowflake']);
    // The largest number's events: the unload first.
    const [unloadId, unloadRows] = x.rows!.top_events[0];
    expect(unloadRows).toBe(4_800_000);
    const [unload] = await c.api<EventJson[]>('events.list', { filter: { ids: [unloadId] } });
    expect(unload.action).toBe('UNLOAD');
    // A baseline night read only its orders.
    const quiet = sessions.find((s) => s.key === '9000000000000500')!;
    expect(quiet.exposure).toMatchObject({ rows: { total: 5000 }, objects: { distinct: 1 } });
    expect(quiet.exposure?.objects?.top[0].name).toBe('SALES.CORE.ORDERS');
    // The login session read nothing.
    expect(login.exposure).toBeNull();
  });

  it('sums per identity, and shows the connected app acting for its integration user', async () => {
    const etl = await c.api<IdentityDetail>('identities.get', { identity: 'SVC_ETL' });
    expect(etl.exposure?.rows?.total).toBe(7 * 5000 + 2100 + 1_250_000 + 4_800_000);
    expect(etl.exposure?.objects?.distinct).toBe(2);
    const app = (await c.api<IdentityJson[]>('identities.list', { search: '0H45e0000008LmN' }))[0];
    expect(app).toMatchObject({ kind: 'app', nhi: true });
    expect(app.exposure?.rows).toMatchObject({ total: 20000 + 20000 + 2000 + 1 + 350000, events: 5 });
    expect(app.exposure?.objects?.top.map((o) => o.name)).toEqual(['Contact', 'Account', 'Lead']);
    // The integration user is named by username, its id an alias.
    const user = (await c.api<IdentityJson[]>('identities.list', { search: 'drift-integration' }))[0];
    expect(user.name).toBe('drift-integration@acme.example');
    expect(user.exposure).toBeNull();
  });

  it('keeps what each source stated, when two sources describe reads of one identity', async () => {
    const ms = await caseFrom(
      ['azure-activity.json', 'entra-audit.jsonl', 'entra-signin.json', 'graph-activity.json', 'm365-audit.json'].map(
        (f) => fixture('derive', 'ms-app-story', f),
      ),
    );
    try {
      const app = (await ms.api<IdentityJson[]>('identities.list', { search: 'ops-mailer' }))[0];
      const x = app.exposure!;
      expect(x.sources).toEqual(['graph-activity', 'm365-audit']);
      expect(x.by_source.map((b) => b.source)).toEqual(['graph-activity', 'm365-audit']);
      const sum = (k: 'bytes' | 'items') => x.by_source.reduce((s, b) => s + b[k], 0);
      expect(x.bytes?.total).toBe(sum('bytes'));
      expect(x.items?.total).toBe(sum('items'));
      expect(x.by_source.find((b) => b.source === 'm365-audit')?.items).toBe(3);
    } finally {
      ms.close();
    }
  });

  it('ranks the service user’s volume spike against its own baseline, with the events behind it', async () => {
    const r = await c.api<DeviationResult>('deviations.list', { baseline_until: '2026-03-08T00:00:00Z' });
    const etl = r.deviations.find((d) => d.identity === 'SVC_ETL')!;
    const spike = etl.details.find((d) => d.code === 'data_volume_spike')!;
    expect(spike.text).toMatch(
      /data volume spike: 6,050,000 rows, 2.4 GB read in the hour from 2026-03-08T02:00:00.000Z \(baseline at most 5,600 rows, /,
    );
    expect(spike.weight).toBeGreaterThanOrEqual(20);
    expect(etl.score).toBeGreaterThanOrEqual(25);
    const events = await c.api<EventJson[]>('events.list', { filter: { ids: spike.events } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['UNLOAD', 'SELECT', 'OBJECTS_ACCESSED']));
  });
});
