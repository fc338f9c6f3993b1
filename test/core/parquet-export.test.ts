// The Parquet hand-off read back by DuckDB (the engine teams run locally; Athena and Spark read the same files):
// counts per table and per day partition, and a sample of rows compared field by field with the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { caseFrom, type TestCase } from '../derive/case.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { generate as okta } from '../../importers/okta/generator.js';
import { exportEvents, utcDay } from '../../core/query/parquet/event-rows.js';

let tc: TestCase;
let duck: DuckDBConnection;
let dir: string;

const rows = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();
const one = async (sql: string) => Object.values((await rows(sql))[0])[0];
const q = (p: string) => `'${p.replaceAll("'", "''")}'`;

beforeAll(async () => {
  const { tempDir } = await import('../helpers.js');
  const t = tempDir('ss-parquet-');
  dir = t.dir;
  mkdirSync(path.join(dir, 'in'));
  // Spread over three UTC days (the generator writes one), so the export has several partitions.
  const ct = cloudtrail(3000, 7).map((line, i) => {
    const r = JSON.parse(line);
    r.eventTime = new Date(Date.parse(r.eventTime) + (i % 3) * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    return JSON.stringify(r);
  });
  writeFileSync(path.join(dir, 'in', 'ct.jsonl'), ct.join('\n') + '\n');
  writeFileSync(path.join(dir, 'in', 'okta.jsonl'), okta(800, 7).join('\n') + '\n');
  tc = await caseFrom([path.join(dir, 'in')]);
  duck = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);

afterAll(() => {
  duck?.closeSync();
  tc?.close();
});

describe('export --format parquet', () => {
  it('writes events by UTC day, the derived tables, a manifest and Athena DDL, and DuckDB reads them back', async () => {
    const out = path.join(dir, 'pq');
    const r = await tc.api<{ events: number; tables: Record<string, { rows: number }> }>('export.parquet', {
      format: 'parquet',
      out,
      raw: true,
    });
    const db = tc.handle.db;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const total = count('SELECT count(*) FROM events');
    expect(total).toBeGreaterThan(3000);
    expect(r.events).toBe(total);

    const events = `read_parquet(${q(out + '/events/*/*.parquet')}, hive_partitioning = true)`;
    expect(Number(await one(`SELECT count(*) FROM ${events}`))).toBe(total);
    for (const t of ['identities', 'sessions', 'identity_edges']) {
      const n = count(`SELECT count(*) FROM ${t}`);
      expect(n, t).toBeGreaterThan(0);
      expect(Number(await one(`SELECT count(*) FROM read_parquet(${q(`${out}/${t}/*.parquet`)})`)), t).toBe(n);
      expect(r.tables[t].rows).toBe(n);
    }

    // One partition per UTC day, each holding exactly that day's events.
    const days = new Map<string, number>();
    for (const e of exportEvents(db)) days.set(utcDay(e.ts), (days.get(utcDay(e.ts)) ?? 0) + 1);
    expect(days.size).toBeGreaterThan(1);
    const byDay = await rows(`SELECT day::VARCHAR AS day, count(*) AS n FROM ${events} GROUP BY day ORDER BY day`);
    expect(Object.fromEntries(byDay.map((x) => [x.day, Number(x.n)]))).toEqual(Object.fromEntries(days));
    expect(Number(await one(`SELECT count(*) FROM ${events} WHERE strftime(ts, '%Y-%m-%d') <> day::VARCHAR`))).toBe(0);

    // A sample of rows, field by field: every 37th event.
    const sample = db
      .prepare(
        `SELECT e.*, i.name AS identity_name, v.sha256 AS evidence_sha256 FROM events e JOIN evidence v ON v.id = e.evidence_id
         LEFT JOIN identities i ON i.id = e.identity_id WHERE e.id % 37 = 0 ORDER BY e.id LIMIT 60`,
      )
      .all() as Record<string, unknown>[];
    expect(sample.length).toBeGreaterThan(20);
    const back = await rows(
      `SELECT *, epoch_us(ts) AS ts_us FROM ${events} WHERE id IN (${sample.map((s) => s.id).join(',')}) ORDER BY id`,
    );
    expect(back.length).toBe(sample.length);
    sample.forEach((s, i) => {
      const b = back[i];
      expect(Number(b.id)).toBe(s.id);
      expect(Number(b.ts_us)).toBe(s.ts);
      for (const k of ['format', 'principal', 'principal_type', 'session_key', 'action', 'category', 'resource'])
        expect(b[k], k).toBe(s[k]);
      for (const k of ['resource_type', 'outcome', 'error_code', 'src_ip', 'user_agent', 'detail'])
        expect(b[k], k).toBe(s[k]);
      expect(b.identity).toBe(s.identity_name);
      expect(b.identity_id === null ? null : Number(b.identity_id)).toBe(s.identity_id);
      expect(b.session_id === null ? null : Number(b.session_id)).toBe(s.session_id);
      expect(b.flag_bits).toBe(s.flags ?? 0);
      expect(Number(b.evidence_id)).toBe(s.evidence_id);
      expect(b.evidence_sha256).toBe(s.evidence_sha256);
      expect(b.ref_line === null ? null : Number(b.ref_line)).toBe(s.ref_line);
      expect(b.raw_sha256).toBe((s.raw_sha256 as Buffer).toString('hex'));
      expect(b.raw).toBeTypeOf('string');
    });
    // The raw column is the record itself: its SHA-256 is the recorded one.
    const { createHash } = await import('node:crypto');
    for (const b of back.slice(0, 10))
      expect(createHash('sha256').update(String(b.raw)).digest('hex')).toBe(b.raw_sha256);

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.events).toBe(total);
    const files = manifest.tables.events.files as { path: string; rows: number; sha256: string }[];
    expect(files.reduce((a, f) => a + f.rows, 0)).toBe(total);
    expect(
      createHash('sha256')
        .update(readFileSync(path.join(out, files[0].path)))
        .digest('hex'),
    ).toBe(files[0].sha256);
    expect(readFileSync(path.join(out, 'athena.sql'), 'utf8')).toMatch(/PARTITIONED BY \(`day` string\)/);
  });

  it('refuses a folder that is not empty', async () => {
    const out = path.join(dir, 'busy');
    mkdirSync(out);
    writeFileSync(path.join(out, 'x'), 'x');
    await expect(tc.api('export.parquet', { format: 'parquet', out })).rejects.toThrow(/not empty/);
  });
});

describe('export --format ocsf', () => {
  it('writes API Activity and Authentication tables that DuckDB reads with their nested fields', async () => {
    const out = path.join(dir, 'ocsf');
    await tc.api('export.parquet', { format: 'ocsf', out });
    const db = tc.handle.db;
    const auth = db.prepare("SELECT count(*) FROM events WHERE category = 'auth'").pluck().get() as number;
    const other = db.prepare("SELECT count(*) FROM events WHERE category <> 'auth'").pluck().get() as number;
    expect(auth).toBeGreaterThan(0);
    const api = `read_parquet(${q(out + '/api_activity/*/*.parquet')}, hive_partitioning = true)`;
    const authn = `read_parquet(${q(out + '/authentication/*/*.parquet')}, hive_partitioning = true)`;
    expect(Number(await one(`SELECT count(*) FROM ${api}`))).toBe(other);
    expect(Number(await one(`SELECT count(*) FROM ${authn}`))).toBe(auth);
    expect(
      Number(await one(`SELECT count(*) FROM ${api} WHERE class_uid <> 6003 OR type_uid <> 600300 + activity_id`)),
    ).toBe(0);
    expect(Number(await one(`SELECT count(*) FROM ${authn} WHERE class_uid <> 3002`))).toBe(0);

    const e = db
      .prepare("SELECT * FROM events WHERE category = 'read' AND resource IS NOT NULL ORDER BY id LIMIT 1")
      .get() as Record<string, unknown>;
    const [b] = await rows(
      `SELECT time, epoch_us(time_dt) AS us, activity_id, status, actor.user.uid AS actor_uid, api.operation AS op,
        api.service.name AS service, resources[1].uid AS res, src_endpoint.ip AS ip, http_request.user_agent AS ua,
        metadata.product.name AS product, unmapped.raw_sha256 AS raw_sha256, cloud.provider AS provider
       FROM ${api} WHERE unmapped.event_id = ${e.id}`,
    );
    expect(Number(b.us)).toBe(e.ts);
    expect(Number(b.time)).toBe(Math.floor((e.ts as number) / 1000));
    expect(b.activity_id).toBe(2);
    expect(b.status).toBe(e.outcome === 'success' ? 'Success' : 'Failure');
    expect(b.actor_uid).toBe(e.principal);
    expect(b.op).toBe(e.action);
    expect(b.service).toBe(String(e.action).split(':')[0]);
    expect(b.res).toBe(e.resource);
    expect(b.ip).toBe(e.src_ip);
    expect(b.ua).toBe(e.user_agent);
    expect(b.product).toBe('cloudtrail');
    expect(b.provider).toBe('AWS');
    expect(b.raw_sha256).toBe((e.raw_sha256 as Buffer).toString('hex'));
  });
});
