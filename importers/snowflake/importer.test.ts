import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer } from './importer.js';

const FP = 'SHA256:7pG3tU9wq1Zq5nqT0mJb4xK3mV8sR2aL6dF1hY0cE9o=';

describe('snowflake importer', () => {
  it('reads LOGIN_HISTORY as SnowSQL CSV: key pair, password with MFA, failures', async () => {
    const run = await runFixture('snowflake', 'login_history.csv');
    expect(run.format).toBe('snowflake');
    expect(run.records).toBe(5);
    expect(rejectsByLine(run)).toEqual({ 6: 'no parseable timestamp (EVENT_TIMESTAMP)' });
    const [key, jwt, ui, spray] = run.events;
    // A service user's key-pair login opens its session and names its key by fingerprint.
    expect(key).toMatchObject({
      principal: 'SVC_ETL',
      principalType: 'service_account',
      sessionKey: 'login:SVC_ETL:17208413652210567',
      action: 'LOGIN',
      category: 'auth',
      outcome: 'success',
      srcIp: '52.14.77.201',
      userAgent: 'PYTHON_DRIVER/3.12.1',
    });
    expect(iso(key.ts)).toBe('2026-03-14T02:11:07.123Z');
    expect(key.facts).toMatchObject({
      credential_type: 'RSA_KEYPAIR',
      credential_id: FP,
      alias: `snowflake-key|${FP}`,
    });
    // A failed attempt opens no session.
    expect(jwt).toMatchObject({
      outcome: 'failure',
      errorCode: 'JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH',
      sessionKey: null,
      userAgent: 'JDBC_DRIVER/3.13.30',
    });
    expect(ui).toMatchObject({ principal: 'JDOE', principalType: 'user', userAgent: 'SNOWFLAKE_UI' });
    expect(ui.facts?.credential_type).toBe('PASSWORD + DUO_PUSH');
    // No user named: the attempt is its address's.
    expect(spray).toMatchObject({ principal: '185.220.101.44', principalType: 'unknown', outcome: 'failure' });
    expect(spray.facts?.alias).toBeUndefined();
  });

  it('reads SESSIONS as JSON: the session id issued in the login’s session, ids past 2^53 exact', async () => {
    const run = await runFixture('snowflake', 'sessions.json');
    expect(run.rejects.map((r) => r.reason)).toEqual(['no USER_NAME: the session names no user']);
    const s = only(run, (e) => e.principal === 'SVC_ETL', 'the service session');
    expect(s).toMatchObject({
      action: 'SESSION_CREATED',
      category: 'auth',
      sessionKey: 'login:SVC_ETL:17208413652210567',
      userAgent: 'PythonConnector/3.12.1',
    });
    expect(s.facts).toMatchObject({
      issued_key: '17208413652217891',
      issued_to: 'SVC_ETL',
      agent: 'airflow',
      credential_type: 'RSA keypair',
    });
  });

  it('reads QUERY_HISTORY CSV: rows produced, bytes scanned, unloads, failures, key changes', async () => {
    const run = await runFixture('snowflake', 'query_history.csv');
    expect(run.records).toBe(6);
    expect(run.rejects.map((r) => r.reason)).toEqual(['no parseable timestamp (START_TIME)']);
    const select = only(run, (e) => e.facts?.correlation_id === '01b2f1a0-0003-6c4e-0000-a1d90001e2b6', 'the select');
    expect(select).toMatchObject({
      principal: 'SVC_ETL',
      sessionKey: '17208413652217891',
      action: 'SELECT',
      category: 'query',
      outcome: 'success',
      resource: 'snowflake:CUSTOMERS.PUBLIC',
    });
    expect(select.detail).toContain('FROM CUSTOMERS.PUBLIC.CUSTOMER_PII');
    expect(select.facts).toMatchObject({ data_rows: '1250000', data_bytes: '2411724800', role: 'ETL_ROLE' });
    const unload = only(run, (e) => e.action === 'UNLOAD', 'the unload');
    expect(unload).toMatchObject({ category: 'read' });
    expect(unload.facts?.data_rows).toBe('4800000');
    expect(unload.detail).toContain('611319808 bytes transferred out to AWS us-east-1');
    const denied = only(run, (e) => e.outcome === 'failure', 'the failure');
    expect(denied).toMatchObject({ errorCode: '002003', resource: null });
    expect(denied.facts?.data_rows).toBeUndefined();
    expect(only(run, (e) => e.action === 'ALTER_USER', 'the key change').category).toBe('credential');
  });

  it('reads ACCESS_HISTORY: base objects and columns read, JSON arrays or JSON text', async () => {
    const run = await runFixture('snowflake', 'access_history.jsonl');
    expect(rejectsByLine(run)).toEqual({
      4: expect.stringContaining('is not a JSON array'),
      5: 'no parseable timestamp (QUERY_START_TIME)',
    });
    const [pii, unload, journal] = run.events;
    expect(pii).toMatchObject({
      principal: 'SVC_ETL',
      action: 'OBJECTS_ACCESSED',
      category: 'read',
      resource: 'snowflake:CUSTOMERS.RAW.CUSTOMERS',
      resourceType: 'snowflake:table',
      // A joined export carries the session.
      sessionKey: '17208413652217891',
    });
    expect(pii.facts?.data_objects).toBe('CUSTOMERS.RAW.CUSTOMERS');
    expect(pii.facts?.data_columns?.split('\n')).toEqual([
      'CUSTOMERS.RAW.CUSTOMERS.ID',
      'CUSTOMERS.RAW.CUSTOMERS.EMAIL',
      'CUSTOMERS.RAW.CUSTOMERS.SSN',
      'CUSTOMERS.RAW.CUSTOMERS.REGION',
    ]);
    expect(pii.detail).toContain('through CUSTOMERS.PUBLIC.CUSTOMER_PII');
    expect(unload).toMatchObject({ action: 'OBJECTS_MODIFIED', category: 'write', sessionKey: null });
    expect(unload.detail).toContain('modified CUSTOMERS.PUBLIC.EXFIL_STAGE');
    expect(journal.facts?.data_columns).toBe('FINANCE.GL.JOURNAL.AMOUNT');
  });

  it('detects the views by their columns, and nothing else', () => {
    const csv = (csvHeader: string[]) => ({ fileName: 'x.csv', head: '', values: [], lines: [], csvHeader });
    expect(
      importer.detect(csv(['EVENT_ID', 'EVENT_TIMESTAMP', 'USER_NAME', 'IS_SUCCESS', 'REPORTED_CLIENT_TYPE'])),
    ).toBeGreaterThan(0.7);
    expect(importer.detect(csv(['QUERY_ID', 'QUERY_TEXT', 'START_TIME', 'SESSION_ID']))).toBeGreaterThanOrEqual(0.7);
    expect(importer.detect(csv(['id', 'timestamp', 'user', 'action']))).toBe(0);
    expect(importer.detect(csv(['EVENT_ID', 'EVENT_TIMESTAMP', 'action']))).toBe(0);
  });
});
