// Issue 15 §4: exports tell the truth about themselves. A spreadsheet never evaluates log content, also when a
// formula hides behind leading blanks; an export the disk cut short fails with an error and a non-zero exit and
// leaves no truncated file that could pass for the whole (it exited 0 with a truncated file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { defuseCell, exportEvents } from '../../core/query/export.js';
import type { ByteSink } from '../../core/policy/private-files.js';
import { tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';

const tmp = tempDir('ss-exports-');
let h: CaseHandle;
const EVENTS = 3000;

beforeAll(async () => {
  const log = path.join(tmp.dir, 'trail.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++)
    lines.push(
      JSON.stringify({
        eventVersion: '1.08',
        eventTime: new Date(Date.UTC(2026, 2, 10, 10, 0, 0) + i * 1000).toISOString().replace('.000', ''),
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/etl-${i % 7}` },
        sourceIPAddress: '10.0.0.5',
        requestParameters: { bucketName: 'b', key: `k/${'x'.repeat(200)}/${i}` },
      }),
    );
  writeFileSync(log, lines.join('\n') + '\n');
  h = createCase(path.join(tmp.dir, 'e.sscase'), { name: 'e', analyst: 't' });
  await runImport(h.db, { casePath: h.path, paths: [log], analyst: 't', noDerive: true });
});

afterAll(() => {
  h?.close();
  tmp.cleanup();
});

describe('CSV cells never start a formula', () => {
  it.each([
    ' =HYPERLINK("http://x","y")',
    '   +1+1',
    '\u00A0-2+3',
    '\u3000@SUM(A1)',
    ' \t=1',
    '\uFEFF=1',
    '=1',
    '\t=1',
  ])('%j is defused', (s) => {
    expect(defuseCell(s)).toBe(`'${s}`);
  });

  it.each(['plain', ' plain', 'a=b', '1-2', 'x@y'])('%j is kept as it is', (s) => {
    expect(defuseCell(s)).toBe(s);
  });
});

/** A disk with `room` bytes; `lateFailure` makes only the final flush fail (as some file systems report). */
function fullDisk(room: number, lateFailure = false): ByteSink & { written: number } {
  const d = {
    written: 0,
    async write(buf: Uint8Array) {
      if (lateFailure) {
        d.written += buf.length;
        return { bytesWritten: buf.length };
      }
      const n = Math.min(buf.length, room - d.written);
      if (n <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      d.written += n;
      return { bytesWritten: n };
    },
    async sync() {
      if (lateFailure) throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' });
    },
    async close() {},
  };
  return d;
}

describe('a full disk fails the export', () => {
  it('a write the disk refuses: WRITE_FAILED, naming the file and the reason', async () => {
    const out = path.join(tmp.dir, 'full.jsonl');
    const disk = fullDisk(100_000);
    await expect(exportEvents(h.db, 'jsonl', out, {}, undefined, disk)).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(/could not write .*full\.jsonl: no space left on the device/),
    });
    expect(disk.written).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });

  it('a failure said only when the data is flushed still fails the export', async () => {
    const out = path.join(tmp.dir, 'late.csv');
    await expect(exportEvents(h.db, 'csv', out, {}, undefined, fullDisk(0, true))).rejects.toMatchObject({
      code: 'WRITE_FAILED',
    });
  });

  // A real full disk: a 64 KiB tmpfs (needs root and a kernel that lets this container mount one).
  const mnt = path.join(tmp.dir, 'small');
  let mounted = false;
  if (process.getuid?.() === 0) {
    mkdirSync(mnt);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status === 0;
  }
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it.skipIf(!mounted)('the CLI exits non-zero and leaves no truncated file (a 64 KiB tmpfs)', () => {
    h.db.pragma('wal_checkpoint(PASSIVE)');
    for (const format of ['jsonl', 'csv']) {
      const out = path.join(mnt, `e.${format}`);
      const r = cli(['export', h.path, '--format', format, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/no space left on the device; the incomplete file was removed/);
      expect(existsSync(out)).toBe(false);
    }
  });
});
