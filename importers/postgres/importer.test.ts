import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
const at = (evs: DryEvent[], line: number) => {
  const e = evs.find((x) => (x.ref as { line: number }).line === line);
  if (!e) throw new Error(`no event for line ${line}`);
  return e;
};
const lines = (refs: { ref: unknown }[] | unknown[]) => (refs as { line: number }[]).map((r) => r.line);
const accounted = (run: Awaited<ReturnType<typeof dryRun>>) => run.events.length + run.rejects.length + run.merged;

describe('postgres importer', () => {
  it('stderr with a pgbadger prefix: sessions by pid, merged continuation / DETAIL / STATEMENT / pg_ctl lines', async () => {
    const run = await dryRun(fixture('postgres', 'stderr.log'));
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('postgres');
    expect(run.records).toBe(19);
    expect(accounted(run)).toBe(19);
    expect(run.events).toHaveLength(10);
    expect(run.merged).toBe(6);
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason.slice(0, 40)])).toEqual([
      [1, 'not a PostgreSQL log entry, and no entry'],
      [18, 'no parseable timestamp (2026-03-10 12:00'],
      [19, 'invalid UTF-8 at byte 125 of the record'],
    ]);

    // The prefix states pid, user@db and client, but no %c / %s: the key is what every line of the backend states,
    // so that a file rotated while the backend was connected keys its statements the same (see 'rotated files').
    const session = '4101:svc_orders@orders:10.0.4.12';
    const received = at(run.events, 2);
    expect(iso(received.ts)).toBe('2026-03-10T10:00:00.000Z'); // CEST is UTC+2
    expect(received).toMatchObject({ action: 'connection received', sessionKey: session, srcIp: '10.0.4.12' });
    expect(at(run.events, 3)).toMatchObject({
      action: 'connection authorized',
      category: 'auth',
      principal: 'svc_orders',
      principalType: 'service_account',
      resource: 'db:orders',
      userAgent: 'orders-api',
      sessionKey: session,
    });

    const select = at(run.events, 4);
    expect(select).toMatchObject({ action: 'SELECT', category: 'query', sessionKey: session, outcome: 'success' });
    expect(lines(select.merged)).toEqual([5, 6]);
    expect(select.detail).toBe(
      "SELECT c.id, c.email\nFROM customers c\nWHERE c.created_at > now() - interval '1 day';",
    );

    // pid 4102's ERROR and its STATEMENT are one event although pid 4101 wrote a line between them.
    const denied = at(run.events, 7);
    expect(denied).toMatchObject({
      action: 'SELECT',
      principal: 'alice',
      principalType: 'user',
      outcome: 'failure',
      errorCode: 'ERROR',
      srcIp: '192.0.2.5',
    });
    expect(lines(denied.merged)).toEqual([9]);
    expect(denied.detail).toBe('ERROR:  permission denied for table payroll\nSTATEMENT:  SELECT * FROM payroll;');
    expect(at(run.events, 8)).toMatchObject({ action: 'UPDATE', category: 'write' });

    const auth = at(run.events, 10);
    expect(auth).toMatchObject({
      action: 'authentication',
      category: 'auth',
      principal: 'mallory',
      outcome: 'failure',
      srcIp: '203.0.113.66',
    });
    expect(lines(auth.merged)).toEqual([11]);

    const tamper = at(run.events, 12);
    expect(tamper).toMatchObject({ action: 'ALTER SYSTEM', category: 'logging' });
    expect(tamper.facts?.log_tamper).toBe("ALTER SYSTEM SET log_statement = 'none';");
    expect(at(run.events, 13)).toMatchObject({ action: 'disconnection', sessionKey: session });

    const fatal = at(run.events, 14);
    expect(fatal).toMatchObject({ outcome: 'failure', principal: null, principalType: 'service' });
    expect(lines(fatal.merged)).toEqual([15, 16]);
    expect(fatal.detail).toContain('pg_ctl: could not start server\nExamine the log output.');

    // A backend whose connection lines are not in this file still states its own key.
    expect(at(run.events, 17)).toMatchObject({
      sessionKey: '4104:svc_orders@orders:10.0.4.12',
      principal: 'svc_orders',
    });
  });

  it('the RDS prefix %t:%r:%u@%d:[%p]:', async () => {
    const run = await dryRun(fixture('postgres', 'rds.log'));
    expect(run.format).toBe('postgres');
    expect(run.rejects).toEqual([]);
    expect(run.events.map((e) => [e.action, e.principal, e.srcIp, e.resource, e.category])).toEqual([
      ['authentication', 'gilles', '192.168.1.201', 'db:pgbench', 'auth'],
      ['DROP ROLE', 'postgres', null, 'db:postgres', 'privilege'],
      ['SELECT', 'rdsadmin', '::1', 'db:rdsadmin', 'query'],
    ]);
    expect(iso(run.events[0].ts)).toBe('2026-03-10T10:00:00.000Z');
    expect(run.events[2].principalType).toBe('service_account');
  });

  it('csvlog: detected over the generic CSV reader, quoted newlines merged, a cut record rejected', async () => {
    const run = await dryRun(fixture('postgres', 'csvlog.csv'));
    expect(run.format).toBe('postgres');
    expect(run.records).toBe(8);
    expect(accounted(run)).toBe(8);
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason])).toEqual([
      [8, 'csvlog record ends inside a quoted field (the file is cut)'],
    ]);
    const sel = at(run.events, 3);
    expect(lines(sel.merged)).toEqual([4, 5]);
    expect(sel).toMatchObject({
      action: 'SELECT',
      sessionKey: '69afeba0.1389',
      principal: 'svc_etl',
      principalType: 'service_account',
      srcIp: '10.0.4.20',
      userAgent: 'airflow',
      detail: 'SELECT id, "email"\n       , created_at\n  FROM customers;',
    });
    expect(iso(sel.ts)).toBe('2026-03-10T10:00:01.500Z');
    expect(at(run.events, 6)).toMatchObject({
      action: 'DELETE',
      category: 'delete',
      outcome: 'failure',
      errorCode: '42501',
      detail: 'ERROR:  permission denied for table audit_log\nSTATEMENT:  DELETE FROM audit_log;',
    });
  });

  it('jsonlog, CloudNativePG and Cloud SQL entries in one JSON-lines file', async () => {
    const run = await dryRun(fixture('postgres', 'jsonlog.jsonl'));
    expect(run.format).toBe('postgres');
    expect(run.records).toBe(8);
    expect(accounted(run)).toBe(8);
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason.slice(0, 30)])).toEqual([
      [7, 'invalid JSON: Unterminated str'],
      [8, 'a JSON line that is not a Post'],
    ]);
    expect(at(run.events, 1)).toMatchObject({
      action: 'GRANT',
      category: 'privilege',
      principal: 'svc_api',
      sessionKey: '69afeba0.1771',
      srcIp: '10.0.5.5',
    });
    const repl = at(run.events, 2);
    expect(repl).toMatchObject({
      principal: 'streaming_replica',
      principalType: 'service_account',
      action: 'connection authorized',
      sessionKey: '69afeba1.4d',
    });
    expect(repl.facts?.host).toBe('app-pg-1');
    expect(at(run.events, 3)).toMatchObject({ action: 'wal-archive', category: 'other' });
    const cloud = at(run.events, 4);
    expect(iso(cloud.ts)).toBe('2026-03-10T10:00:03.123Z');
    expect(cloud.ts % 1000).toBe(456);
    expect(cloud).toMatchObject({ principal: 'cloudsqladmin', principalType: 'service_account', resource: 'db:app' });
    expect(cloud.facts?.account).toBe('p:inst');
    const vacuum = at(run.events, 5);
    expect(lines(vacuum.merged)).toEqual([6]);
    expect(vacuum.detail).toContain('pages: 0 removed, 1 remain');
  });

  it('rotated files: a backend connected in the previous file keeps its key, the same in both files', async () => {
    const one = await dryRun(fixture('postgres', 'rotated-1.log'));
    const two = await dryRun(fixture('postgres', 'rotated-2.log'));
    for (const run of [one, two]) {
      expect(run.format).toBe('postgres');
      expect(run.rejects).toEqual([]);
      expect(accounted(run)).toBe(run.records);
    }
    const pool = '22931:app_user@payments:10.40.33.139(53143)';
    // First file: connection lines, then the pool connection's statements (the received line learns the key).
    const pooled1 = one.events.filter((e) => e.srcIp === '10.40.33.139');
    expect(pooled1.map((e) => e.action)).toEqual([
      'connection received',
      'connection authenticated',
      'connection authorized',
      'SELECT',
      'SELECT',
    ]);
    expect(new Set(pooled1.map((e) => e.sessionKey))).toEqual(new Set([pool]));
    expect(pooled1[0].principal).toBeNull(); // "connection received" does not name the user
    // Second file: no connection line for pid 22931, the same key from the prefix, up to its disconnection.
    const pooled2 = two.events.filter((e) => e.srcIp === '10.40.33.139');
    expect(pooled2.map((e) => [e.action, e.outcome])).toEqual([
      ['SELECT', 'success'],
      ['SELECT', 'failure'],
      ['disconnection', 'success'],
      ['SELECT', 'success'],
    ]);
    expect(pooled2.slice(0, 3).map((e) => e.sessionKey)).toEqual([pool, pool, pool]);
    expect(pooled2[0]).toMatchObject({ principal: 'app_user', resource: 'db:payments' });
    // After that backend's disconnection a line with the same pid, user and client is not that session.
    expect(pooled2[3].sessionKey).toBeNull();

    // A new connection in the second file: its received line takes the key its next line states.
    const backup = two.events.filter((e) => e.srcIp === '192.0.2.200');
    expect(backup.map((e) => e.sessionKey)).toEqual(Array(3).fill('23317:backup@payments:192.0.2.200(42700)'));

    // A pid reused in one file by the same user, database and client: the second backend is told apart by its start.
    const rds = one.events.filter(
      (e) => e.principal === 'rdsadmin' || (e.action === 'connection received' && e.srcIp === null),
    );
    expect(rds.map((e) => e.sessionKey)).toEqual([
      ...Array(3).fill('23001:rdsadmin@rdsadmin:[local]'),
      ...Array(4).fill(
        `23001:rdsadmin@rdsadmin:[local]#${(Date.parse('2026-03-09T21:00:00Z') / 1000).toString(16)}.59d9`,
      ),
    ]);
  });

  it("a prefix with %c or %s: PostgreSQL's own session id, as csvlog writes it", async () => {
    const run = await dryRun(fixture('postgres', 'prefix-session-ids.log'));
    expect(run.format).toBe('postgres');
    expect(run.rejects).toEqual([]);
    expect(run.events.map((e) => [e.principal, e.resource, e.sessionKey])).toEqual([
      ['svc_etl', 'db:warehouse', '69afeba0.1092'], // %c
      ['svc_etl', 'db:warehouse', '69afeba0.1092'],
      ['svc_etl', 'db:warehouse', '69afeb9e.1093'], // %s 09:59:58 with pid 4243
    ]);
  });
});
