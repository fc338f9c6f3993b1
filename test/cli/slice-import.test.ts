// Slice import: a query result from another engine (here an Athena result CSV over a CloudTrail table) imported
// with the query that produced it; the query lands in the file's intake custody entry (hash-chained), in
// `evidence.list`, and the case still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { cli, cliJson } from './run.js';
import { tempDir } from '../helpers.js';

const { dir, cleanup } = tempDir('ss-slice-');
const casePath = path.join(dir, 'case.sscase');
const QUERY = `SELECT eventtime, eventname, useridentity.arn AS arn, sourceipaddress, errorcode
FROM cloudtrail_logs WHERE useridentity.arn LIKE '%ci-deployer%' AND eventtime > '2026-03-01'`;

beforeAll(() => {
  // Athena writes results as CSV with every value quoted.
  const rows = [
    '"eventtime","eventname","arn","sourceipaddress","errorcode"',
    '"2026-03-02T10:00:00Z","GetObject","arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1","10.1.2.3",""',
    '"2026-03-02T10:00:05Z","PutObject","arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1","10.1.2.3","AccessDenied"',
    '"2026-03-02T10:01:00Z","DeleteObject","arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1","10.1.2.3",""',
  ];
  writeFileSync(path.join(dir, 'athena-result.csv'), rows.join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'map.yaml'),
    'time: eventtime\nprincipal: arn\naction: eventname\nsrc_ip: sourceipaddress\noutcome: {field: errorcode, failure: [AccessDenied]}\n',
  );
  writeFileSync(path.join(dir, 'query.sql'), QUERY);
  writeFileSync(
    path.join(dir, 'prov.json'),
    JSON.stringify({
      engine: 'Athena',
      executed_at: '2026-03-14T09:30:00+01:00',
      query_id: 'a1b2c3',
      source: 'db.cloudtrail_logs',
    }),
  );
  expect(cli(['new', casePath]).code).toBe(0);
});
afterAll(cleanup);

describe('import --provenance (slice import)', () => {
  it('refuses an incomplete or malformed statement before anything is imported', () => {
    const csv = path.join(dir, 'athena-result.csv');
    const noQuery = cli(['import', casePath, csv, '--mapping', path.join(dir, 'map.yaml'), '--query-engine', 'athena']);
    expect(noQuery.code).not.toBe(0);
    expect(noQuery.stderr).toMatch(/provenance: query is required/);
    const badTime = cli([
      'import',
      casePath,
      csv,
      '--mapping',
      path.join(dir, 'map.yaml'),
      '--query-engine',
      'athena',
      '--query',
      'SELECT 1',
      '--query-time',
      '2026-03-14 09:30',
    ]);
    expect(badTime.stderr).toMatch(/not an ISO-8601 time with a zone/);
    expect(cliJson<{ evidence: unknown[] }>(['info', casePath]).evidence.length).toBe(0);
  });

  it('records engine, query text and time in the intake custody entry and in the evidence list', () => {
    const r = cliJson<{ evidence: { status: string; events: number }[] }>([
      'import',
      casePath,
      path.join(dir, 'athena-result.csv'),
      '--mapping',
      path.join(dir, 'map.yaml'),
      '--provenance',
      path.join(dir, 'prov.json'),
      '--query',
      `@${path.join(dir, 'query.sql')}`,
    ]);
    expect(r.evidence[0].status).toBe('complete');
    expect(r.evidence[0].events).toBe(3);
    const stated = {
      engine: 'athena',
      query: QUERY,
      executed_at: '2026-03-14T08:30:00.000Z',
      query_id: 'a1b2c3',
      source: 'db.cloudtrail_logs',
    };
    const ev = cliJson<{ evidence: { provenance?: Record<string, string> }[] }>(['info', casePath]).evidence;
    expect(ev[0].provenance).toEqual(stated);
    // The custody entry, hash-chained with the file's SHA-256, is the record of it.
    const db = new Database(casePath, { readonly: true });
    const intake = db.prepare("SELECT detail FROM custody_log WHERE action = 'intake'").pluck().all() as string[];
    db.close();
    expect(intake.length).toBe(1);
    expect(JSON.parse(intake[0]).provenance).toEqual(stated);
    const verify = cliJson<{ ok: boolean; checks: { name: string; ok: boolean; detail?: unknown }[] }>([
      'verify',
      casePath,
    ]);
    expect(verify.ok).toBe(true);
  });
});
