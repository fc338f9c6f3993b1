// Issue 15 §3: files that stalled or could not be imported at all.
// - A 3 MB gzip of 4 GiB of newlines took 18 minutes: blank lines now cost a byte test each, and data that expands
//   beyond any log's ratio is refused with what to do next.
// - Bytes after a gzip member made the whole file unreadable: every member is read, the bytes after are a reject
//   that keeps them; a gzip cut between two records says so instead of ending silently.
// - A first record over 64 KiB made a file unrecognisable: the sniffed sample grows to the first record's end.
// - The CSV reader waited forever when its consumer or its source failed mid-file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { LineSplitter } from '../../importers/read/lines.js';
import { readRecords } from '../../importers/read/records.js';
import { dryRun } from '../../importers/dry-run.js';
import { tempDir } from '../helpers.js';

const tmp = tempDir('ss-gzip-');
afterAll(() => tmp.cleanup());

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
const three = [ct(1), ct(2), ct(3)].join('\n') + '\n';

async function importOne(file: string) {
  const h = createCase(path.join(tmp.dir, `${path.basename(file)}.sscase`), { name: 't', analyst: 'tester' });
  try {
    const s = await runImport(h.db, { casePath: h.path, paths: [file], analyst: 'tester', noDerive: true });
    return s.evidence[0];
  } finally {
    h.close();
  }
}

describe('blank lines are cheap', () => {
  it('100 MB of blank lines split in well under the 11.6 s they took one by one', () => {
    for (const unit of ['\n', '\r\n', ' \t\n']) {
      const chunk = Buffer.from(unit.repeat(Math.floor((1 << 20) / unit.length)));
      const lines: number[] = [];
      const s = new LineSplitter((p) => lines.push((p.ref as { line: number }).line));
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) s.push(chunk);
      s.push(Buffer.from('last\n'));
      s.end();
      expect(performance.now() - t0).toBeLessThan(4000);
      // Line numbers still count every blank line.
      expect(lines).toEqual([100 * (chunk.length / unit.length) + 1]);
    }
  });
});

describe('decompression bombs', () => {
  it('a 4 MB gzip of 4 GiB of newlines is refused in seconds, saying what to do', async () => {
    // 64 members of 64 MiB of newlines each: the audit's reproducer, made at test time.
    const member = gzipSync(Buffer.alloc(64 << 20, 10), { level: 9 });
    const file = path.join(tmp.dir, 'bomb.log.gz');
    writeFileSync(file, Buffer.concat([gzipSync(three), ...Array.from({ length: 64 }, () => member)]));
    const t0 = performance.now();
    const r = await importOne(file);
    const ms = performance.now() - t0;
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/expands more than 400 times .* refused as a likely decompression bomb.*gunzip -k/);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});

describe('gzip endings', () => {
  it('bytes appended after the gzip data: the records are read, the bytes kept in a reject', async () => {
    const file = path.join(tmp.dir, 'appended.jsonl.gz');
    writeFileSync(file, Buffer.concat([gzipSync(three), Buffer.from('garbage after member\n')]));
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', format: 'cloudtrail', records: 4, events: 3, rejected: 1 });
    expect(r.rejects[0].reason).toMatch(/^21 bytes after the end of the gzip data are not gzip/);
    const dry = await dryRun(file);
    expect(dry.rejects[0].raw).toBe('garbage after member\n');
  });

  it('zero padding after the gzip data (tape blocks) is said, not hidden', async () => {
    const file = path.join(tmp.dir, 'padded.jsonl.gz');
    writeFileSync(file, Buffer.concat([gzipSync(three), Buffer.alloc(512)]));
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', events: 3, rejected: 1 });
    expect(r.rejects[0].reason).toMatch(/^512 zero bytes of padding after the end of the gzip data/);
  });

  it('several members are one file; a member that fails its CRC says so', async () => {
    const a = gzipSync(ct(1) + '\n');
    const b = gzipSync(ct(2) + '\n');
    const ok = path.join(tmp.dir, 'members.jsonl.gz');
    writeFileSync(ok, Buffer.concat([a, b]));
    expect(await importOne(ok)).toMatchObject({ status: 'complete', events: 2, rejected: 0 });
    const bad = Buffer.concat([a, b]);
    bad[bad.length - 6] ^= 0xff; // the second member's CRC-32
    const badFile = path.join(tmp.dir, 'badcrc.jsonl.gz');
    writeFileSync(badFile, bad);
    const r = await importOne(badFile);
    expect(r.events).toBe(2);
    expect(r.rejects.at(-1)!.reason).toMatch(/member 2 fails its CRC-32 or length check/);
  });

  it('a gzip cut between two records reports the cut (it ended silently)', async () => {
    const gz = createGzip();
    const parts: Buffer[] = [];
    gz.on('data', (d: Buffer) => parts.push(d));
    gz.write(three);
    await new Promise<void>((r) => gz.flush(constants.Z_SYNC_FLUSH, () => r()));
    const file = path.join(tmp.dir, 'cut-at-boundary.jsonl.gz');
    writeFileSync(file, Buffer.concat(parts));
    gz.destroy();
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', events: 3, rejected: 1 });
    expect(r.rejects[0].reason).toMatch(/^file ends early: gzip stream is truncated/);
  });
});

describe('a first record longer than the 64 KiB sample', () => {
  it('JSON lines: recognised and read', async () => {
    const file = path.join(tmp.dir, 'big-first.jsonl');
    writeFileSync(file, [ct(1, { requestParameters: { note: 'x'.repeat(200_000) } }), ct(2), ct(3)].join('\n') + '\n');
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', format: 'cloudtrail', events: 3, rejected: 0 });
  });

  it('a JSON array whose first element is long: recognised and read', async () => {
    const file = path.join(tmp.dir, 'big-first.json');
    const recs = [ct(1, { requestParameters: { note: 'x'.repeat(200_000) } }), ct(2)];
    writeFileSync(file, `{"Records":[${recs.join(',')}]}`);
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', format: 'cloudtrail', events: 2, rejected: 0 });
  });

  it('text lines (auditd): recognised and read', async () => {
    const args = Array.from({ length: 4000 }, (_, i) => `a${i + 1}="--option-number-${i}"`).join(' ');
    const file = path.join(tmp.dir, 'big-first-audit.log');
    writeFileSync(
      file,
      `type=EXECVE msg=audit(1700000000.123:7): argc=4001 a0="/usr/bin/tool" ${args}\n` +
        'type=SYSCALL msg=audit(1700000000.123:7): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 ses=3 comm="tool" exe="/usr/bin/tool" key=(null)\n' +
        'type=EOE msg=audit(1700000000.123:7): \n',
    );
    const r = await importOne(file);
    expect(r).toMatchObject({ status: 'complete', format: 'auditd', events: 1, merged: 2, rejected: 0 });
  });
});

describe('the CSV reader never waits forever', () => {
  const csv = (rows: number) => 'a,b,c\n' + Array.from({ length: rows }, (_, i) => `${i},x${i},y`).join('\n') + '\n';

  it('a consumer that fails mid-file: the reader stops with its error', async () => {
    const file = path.join(tmp.dir, 'big.csv');
    writeFileSync(file, csv(400_000));
    let n = 0;
    const run = readRecords(file, { shape: 'csv', jsonLayout: null, csvDelimiter: ',' }, () => {
      if (++n === 2) throw new Error('consumer gave up');
    });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the reader hung')), 20_000));
    await expect(Promise.race([run, timeout])).rejects.toThrow('consumer gave up');
  }, 30_000);

  it('a source that fails mid-file (a gzip bomb of CSV): the reader stops with its error', async () => {
    const member = gzipSync(Buffer.alloc(64 << 20, 10), { level: 9 });
    const file = path.join(tmp.dir, 'bomb.csv.gz');
    writeFileSync(file, Buffer.concat([gzipSync(csv(10)), ...Array.from({ length: 8 }, () => member)]));
    const run = readRecords(file, { shape: 'csv', jsonLayout: null, csvDelimiter: ',' }, () => {});
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the reader hung')), 100_000));
    await expect(Promise.race([run, timeout])).rejects.toThrow(/decompression bomb/);
  }, 120_000);
});
