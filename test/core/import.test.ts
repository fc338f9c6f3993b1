// Evidence intake: shapes, custody, duplicates, and hostile input — every record accounted for, with reasons.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync, readFileSync, copyFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { eventRaw } from '../../core/casefile/raw.js';
import { queryEvents } from '../../core/query/events.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { fixture, tempDir } from '../helpers.js';

function newCase(dir: string, name = 'c.sscase'): CaseHandle {
  return createCase(path.join(dir, name), { name: 'test', analyst: 'tester' });
}

const ct = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: `2026-03-10T10:00:${String(i % 60).padStart(2, '0')}Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/etl', accessKeyId: 'AKIAETL0000000000001' },
    sourceIPAddress: '10.0.0.5',
    requestParameters: { bucketName: 'b', key: `k${i}` },
    ...extra,
  });

describe('import shapes', () => {
  it('reads an S3 delivery .gz, a pretty-printed array and BOM+CRLF JSON lines to the same events', async () => {
    const t = tempDir();
    const files = [
      '111122223333_CloudTrail_us-east-1_20260310T1400Z_abc.json.gz',
      'pretty-array.json',
      'bom-crlf.jsonl',
    ];
    const results = [];
    for (const f of files) {
      const h = newCase(t.dir, f + '.sscase');
      const s = await runImport(h.db, { casePath: h.path, paths: [fixture('cloudtrail', f)], analyst: 'tester' });
      const ev = queryEvents(h.db, {}, { limit: 10 });
      results.push(ev.map((e) => [e.ts, e.principal, e.action, e.resource, e.outcome, e.src_ip]));
      expect(s.evidence[0]).toMatchObject({
        format: 'cloudtrail',
        records: 3,
        events: 3,
        rejected: 0,
        merged: 0,
        status: 'complete',
      });
      h.close();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0][1]).toEqual([
      '2026-03-10T14:00:09.000Z',
      'arn:aws:sts::111122223333:assumed-role/gha-deploy/GitHubActions-8812345',
      's3:GetObject',
      'arn:aws:s3:::bad-input-bucket/releases/payments-1.4.2.tgz',
      'success',
      '20.85.14.3',
    ]);
    t.cleanup();
  });

  it('keeps each raw record verbatim with its SHA-256 and its place in the file', async () => {
    const t = tempDir();
    const h = newCase(t.dir);
    const src = fixture('cloudtrail', 'bom-crlf.jsonl');
    await runImport(h.db, { casePath: h.path, paths: [src], analyst: 'tester' });
    const lines = readFileSync(src).subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    const ev = queryEvents(h.db, {}, { limit: 10 });
    for (const e of ev) {
      const line = (e.record_ref as { line: number }).line;
      const raw = eventRaw(h.db, e.id)!;
      expect(raw.toString('utf8')).toBe(lines[line - 1]);
      expect(createHash('sha256').update(raw).digest('hex')).toBe(e.raw_sha256);
    }
    h.close();
    t.cleanup();
  });

  it('imports folders recursively and CSV with a mapping; defused and multi-line cells survive', async () => {
    const t = tempDir();
    mkdirSync(path.join(t.dir, 'logs', 'deep'), { recursive: true });
    copyFileSync(fixture('cloudtrail', 'logstash-lowercase.jsonl'), path.join(t.dir, 'logs', 'a.jsonl'));
    copyFileSync(
      fixture('cloudtrail', '111122223333_CloudTrail_us-east-1_20260310T1400Z_abc.json.gz'),
      path.join(t.dir, 'logs', 'deep', 'b.json.gz'),
    );
    const h = newCase(t.dir);
    const s = await runImport(h.db, { casePath: h.path, paths: [path.join(t.dir, 'logs')], analyst: 'tester' });
    expect(s.evidence.map((e) => [path.basename(e.path), e.events])).toEqual([
      ['a.jsonl', 3],
      ['b.json.gz', 3],
    ]);
    const tamper = queryEvents(h.db, { search: 'StopLogging' });
    expect(tamper).toHaveLength(1);
    expect(tamper[0]).toMatchObject({
      category: 'logging',
      principal: 'arn:aws:iam::111122223333:root',
      ts: '2026-03-10T15:11:30.000Z',
    });
    const lower = queryEvents(h.db, { search: 'ListBuckets' })[0];
    expect(lower).toMatchObject({
      principal: 'arn:aws:sts::111122223333:assumed-role/app-instance-role/i-0abc1234def567890',
      session_key: 'ASIAINSTANCEKEY00001',
      ts: '2026-03-10T15:10:00.250Z',
    });

    const mapping = {
      time: 'When',
      principal: 'Who',
      principal_type: 'service_account',
      action: 'What',
      resource: 'Target',
      src_ip: 'Client IP',
      outcome: { field: 'Result', success: ['ok'], failure: ['denied'] },
      detail: 'Notes',
    };
    const r = await runImport(h.db, {
      casePath: h.path,
      paths: [fixture('generic', 'vendor-audit.csv')],
      format: 'generic',
      mapping,
      analyst: 'tester',
    });
    expect(r.evidence[0]).toMatchObject({ records: 4, events: 3, rejected: 1 });
    expect(r.evidence[0].rejects[0]).toMatchObject({ record_ref: { line: 6 } });
    expect(r.evidence[0].rejects[0].reason).toMatch(/no parseable timestamp/);
    const rows = queryEvents(h.db, { formats: ['generic'] });
    expect(rows.map((e) => [e.principal, e.principal_type, e.action, e.outcome, e.src_ip])).toEqual([
      ['svc-backup@acme.io', 'service_account', 'export.start', 'success', '10.20.30.40'],
      ['svc-backup@acme.io', 'service_account', 'export.download', 'success', '10.20.30.40'],
      ['svc-backup@acme.io', 'service_account', 'user.delete', 'failure', '10.20.30.41'],
    ]);
    expect(rows[2].detail).toBe('multi\nline note');
    expect(rows[2].record_ref).toEqual({ line: 4 });
    h.close();
    t.cleanup();
  });

  it('guesses common field names for JSON without a mapping', async () => {
    const t = tempDir();
    const h = newCase(t.dir);
    const r = await runImport(h.db, {
      casePath: h.path,
      paths: [fixture('generic', 'app-events.jsonl')],
      analyst: 'tester',
    });
    expect(r.evidence[0]).toMatchObject({ format: 'generic', records: 3, events: 2, rejected: 1 });
    const ev = queryEvents(h.db, {});
    expect(ev[0]).toMatchObject({
      ts: '2026-03-10T16:00:00.123456Z',
      principal: 'deploy-bot',
      action: 'secret.read',
      resource: 'vault:secret/data/payments',
      src_ip: '10.1.2.3',
      outcome: 'success',
    });
    expect(ev[1].ts).toBe('2026-03-10T16:00:00.500Z');
    h.close();
    t.cleanup();
  });
});

describe('custody and duplicates', () => {
  it('records intake before parsing and completion with counts and digest; the same bytes again add nothing', async () => {
    const t = tempDir();
    const h = newCase(t.dir);
    const f = fixture('cloudtrail', 'pretty-array.json');
    const first = await runImport(h.db, { casePath: h.path, paths: [f], analyst: 'tester' });
    const copy = path.join(t.dir, 'renamed.json');
    copyFileSync(f, copy);
    const second = await runImport(h.db, { casePath: h.path, paths: [copy], analyst: 'tester' });
    expect(second.evidence[0]).toMatchObject({ skipped_duplicate: true, id: first.evidence[0].id, events: 3 });
    expect(h.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3);
    expect(h.db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(1);
    const custody = h.db.prepare('SELECT action, detail FROM custody_log ORDER BY seq').all() as {
      action: string;
      detail: string;
    }[];
    // The derivation after the import records the IP intelligence datasets it used (once: they did not change).
    expect(custody.map((c) => c.action)).toEqual([
      'intake',
      'import-complete',
      'enrichment',
      'import-skipped-duplicate',
    ]);
    const done = JSON.parse(custody[1].detail);
    expect(done).toMatchObject({ records: 3, events: 3, rejected: 0, merged: 0, format: 'cloudtrail' });
    expect(done.events_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(custody[0].detail).sha256).toBe(createHash('sha256').update(readFileSync(f)).digest('hex'));
    expect((await verifyCase(h.db)).ok).toBe(true);
    h.close();
    t.cleanup();
  });

  it('marks a file no importer recognises as failed, with a custody entry', async () => {
    const t = tempDir();
    const h = newCase(t.dir);
    const f = path.join(t.dir, 'notes.txt');
    writeFileSync(f, 'dear diary\nnothing to see\n');
    const r = await runImport(h.db, { casePath: h.path, paths: [f], analyst: 'tester' });
    expect(r.evidence[0]).toMatchObject({ status: 'failed', events: 0 });
    expect(r.evidence[0].error).toMatch(/no importer recognises/);
    expect(h.db.prepare('SELECT action FROM custody_log ORDER BY seq').pluck().all()).toEqual([
      'intake',
      'import-failed',
    ]);
    h.close();
    t.cleanup();
  });
});

describe('hostile input: every record accounted for, with a reason', () => {
  it('handles truncated JSON, invalid UTF-8, deep nesting, no timestamp and a 40 MB line', async () => {
    const t = tempDir();
    const f = path.join(t.dir, 'hostile.jsonl');
    // A well-formed CloudTrail record whose parameters nest 200,000 levels deep.
    const deep = ct(4, { requestParameters: 'DEEP' }).replace(
      '"DEEP"',
      '{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000),
    );
    const huge = ct(5, { requestParameters: { blob: 'x'.repeat(40 * 1024 * 1024) } });
    const parts: Buffer[] = [
      Buffer.from(ct(1) + '\n'),
      Buffer.from(ct(2).slice(0, 80) + '\n'), // truncated
      Buffer.concat([
        Buffer.from(ct(3).slice(0, 60)),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(ct(3).slice(60) + '\n'),
      ]), // invalid UTF-8
      Buffer.from(deep + '\n'),
      Buffer.from(JSON.stringify({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', userIdentity: {} }) + '\n'), // no time
      Buffer.from(huge + '\n'),
      Buffer.from('\n\n'),
      Buffer.from(ct(6) + '\n'),
    ];
    writeFileSync(f, Buffer.concat(parts));
    const h = newCase(t.dir);
    const r = await runImport(h.db, { casePath: h.path, paths: [f], analyst: 'tester' });
    const e = r.evidence[0];
    expect(e).toMatchObject({ format: 'cloudtrail', status: 'complete', records: 7, events: 2, rejected: 5 });
    const reasons = Object.fromEntries(e.rejects.map((x) => [(x.record_ref as { line: number }).line, x.reason]));
    expect(reasons[2]).toMatch(/^invalid JSON/);
    expect(reasons[3]).toMatch(/^invalid UTF-8 at byte 6\d of the record/);
    expect(reasons[4]).toMatch(/nested 200000 levels deep|over the limit/);
    expect(reasons[5]).toMatch(/^no parseable timestamp/);
    expect(reasons[6]).toMatch(/over the 16777216-byte limit/);
    // The rejected records are kept (bounded), not dropped.
    expect(h.db.prepare('SELECT count(*) FROM rejects WHERE raw_block IS NOT NULL').pluck().get()).toBe(5);
    expect(h.db.prepare('SELECT raw_length FROM rejects WHERE ref_line = 6').pluck().get()).toBe(64 * 1024);
    expect((await verifyCase(h.db)).ok).toBe(true);
    h.close();
    t.cleanup();
  });

  it('keeps what a truncated gzip yields and explains the cut record', async () => {
    const t = tempDir();
    const body = Array.from({ length: 400 }, (_, i) => ct(i)).join('\n') + '\n';
    const gz = gzipSync(Buffer.from(body));
    const f = path.join(t.dir, 'cut.jsonl.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const h = newCase(t.dir);
    const r = await runImport(h.db, { casePath: h.path, paths: [f], analyst: 'tester' });
    const e = r.evidence[0];
    expect(e.status).toBe('complete');
    expect(e.events).toBeGreaterThan(10);
    expect(e.events).toBeLessThan(400);
    expect(e.records).toBe(e.events + e.rejected);
    expect(e.rejects.at(-1)!.reason).toMatch(/gzip stream is truncated/);
    h.close();
    t.cleanup();
  });

  it('handles a truncated JSON array document and stray text between documents', async () => {
    const t = tempDir();
    const f = path.join(t.dir, 'cut.json');
    writeFileSync(f, '[' + [ct(1), ct(2), ct(3)].join(',\n').slice(0, -40));
    const h = newCase(t.dir);
    const r = await runImport(h.db, { casePath: h.path, paths: [f], format: 'cloudtrail', analyst: 'tester' });
    expect(r.evidence[0]).toMatchObject({ records: 3, events: 2, rejected: 1 });
    expect(r.evidence[0].rejects[0].reason).toMatch(/file ends inside this record/);
    expect(r.evidence[0].rejects[0].record_ref).toMatchObject({ index: 2 });
    h.close();
    t.cleanup();
  });
});

describe('CloudTrail bucket sync', () => {
  it('imports a synced trail folder with digest files, each digest as one DigestDelivered event', async () => {
    const t = tempDir();
    mkdirSync(path.join(t.dir, 'AWSLogs', 'CloudTrail-Digest'), { recursive: true });
    mkdirSync(path.join(t.dir, 'AWSLogs', 'CloudTrail'), { recursive: true });
    const digest = '111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20260310T150000Z.json';
    copyFileSync(
      fixture('cloudtrail', 'CloudTrail-Digest', digest),
      path.join(t.dir, 'AWSLogs', 'CloudTrail-Digest', digest),
    );
    copyFileSync(
      fixture('cloudtrail', '111122223333_CloudTrail_us-east-1_20260310T1400Z_abc.json.gz'),
      path.join(t.dir, 'AWSLogs', 'CloudTrail', 'a.json.gz'),
    );
    const h = newCase(t.dir);
    const r = await runImport(h.db, { casePath: h.path, paths: [path.join(t.dir, 'AWSLogs')], analyst: 'tester' });
    expect(r.evidence.map((e) => [e.format, e.events, e.status])).toEqual([
      ['cloudtrail', 3, 'complete'],
      ['cloudtrail', 1, 'complete'],
    ]);
    const d = queryEvents(h.db, { search: 'DigestDelivered' })[0];
    expect(d).toMatchObject({
      ts: '2026-03-10T15:00:00.000Z',
      principal: 'cloudtrail.amazonaws.com',
      resource: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail',
    });
    expect(d.detail).toMatch(/digest of 1 log files delivered 2026-03-10T14:00:00Z/);
    h.close();
    t.cleanup();
  });
});
