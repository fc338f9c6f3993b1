// Issue 15 §4: nothing leaks. Every file SessionScope writes — the case and its SQLite journals, uploads, exports,
// reports — is created owner-only (0600, folders 0700) whatever the umask; reports refuse to overwrite like
// exports do; two uploads of one name never replace each other. Run with umask 000, the worst a user may have.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../bridge/server.js';
import { createApiContext } from '../../core/api/context.js';
import { call } from '../../core/api/dispatch.js';
import { tempDir, trailLine } from '../helpers.js';
import { request, rpc } from '../bridge/helpers.js';

const tmp = tempDir('ss-modes-');
let oldUmask = 0;
beforeAll(() => {
  oldUmask = process.umask(0);
});
afterAll(() => {
  process.umask(oldUmask);
  tmp.cleanup();
});

const mode = (p: string) => statSync(p).mode & 0o777;

/** Every folder (`root` included) and file below `root`. */
function walk(root: string): { dirs: string[]; files: string[] } {
  const dirs = [root];
  const files: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    (e.isDirectory() ? dirs : files).push(p);
  }
  return { dirs, files };
}

describe('files are created owner-only', () => {
  it('the case file, its -wal and -shm, exports and reports are 0600', async () => {
    const casePath = path.join(tmp.dir, 'm.sscase');
    const log = path.join(tmp.dir, 'trail.jsonl');
    writeFileSync(log, trailLine(1) + trailLine(2));
    const ctx = createApiContext({ analyst: 't' });
    try {
      await call(ctx, 'case.create', { path: casePath });
      await call(ctx, 'evidence.import', { paths: [log] });
      // While the case is open in WAL mode its journals exist: SQLite gives them the main file's mode.
      for (const f of [casePath, `${casePath}-wal`, `${casePath}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
      const csv = path.join(tmp.dir, 'e.csv');
      const jsonl = path.join(tmp.dir, 'a.jsonl');
      const html = path.join(tmp.dir, 'r.html');
      await call(ctx, 'export.events', { format: 'csv', out: csv });
      await call(ctx, 'export.case', { format: 'jsonl', out: jsonl });
      await call(ctx, 'report.generate', { html });
      for (const f of [csv, jsonl, html]) expect([f, mode(f)]).toEqual([f, 0o600]);
      // The hand-off exports: every folder they make is 0700, every file (Parquet parts, manifest, DDL) 0600.
      for (const format of ['parquet', 'ocsf'] as const) {
        const out = path.join(tmp.dir, `handoff-${format}`, 'new');
        await call(ctx, 'export.parquet', { format, out, raw: format === 'parquet' || undefined });
        const { dirs, files } = walk(path.join(tmp.dir, `handoff-${format}`));
        expect(files.filter((f) => f.endsWith('.parquet')).length, format).toBeGreaterThan(0);
        expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['manifest.json', 'athena.sql']));
        expect(
          dirs.some((d) => /day=\d{4}-\d{2}-\d{2}$/.test(d)),
          format,
        ).toBe(true);
        for (const d of dirs) expect([d, mode(d)]).toEqual([d, 0o700]);
        for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
      }
    } finally {
      ctx.caseFile?.close();
    }
  });

  it('a report refuses to overwrite an existing file, and leaves it untouched', async () => {
    const casePath = path.join(tmp.dir, 'r.sscase');
    const ctx = createApiContext({ analyst: 't' });
    try {
      await call(ctx, 'case.create', { path: casePath });
      const html = path.join(tmp.dir, 'kept.html');
      writeFileSync(html, 'the analyst’s earlier report');
      await expect(call(ctx, 'report.generate', { html })).rejects.toThrow(/refusing to overwrite existing file/);
      expect(readFileSync(html, 'utf8')).toBe('the analyst’s earlier report');
    } finally {
      ctx.caseFile?.close();
    }
  });
});

describe('uploads', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge({ allowedRoots: [tmp.dir], analyst: 't', rendererDir: tmp.dir });
    await rpc(bridge.port, bridge.token, 'case.create', { path: path.join(tmp.dir, 'u.sscase') });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  const upload = (name: string, body: Buffer) =>
    request(bridge.port, {
      method: 'POST',
      path: '/upload',
      body,
      headers: {
        Authorization: `Bearer ${bridge.token}`,
        'Content-Type': 'application/octet-stream',
        'X-Upload-Name': name,
        'X-Upload-Batch': 'same',
      },
    });

  it('are owner-only, folders included', async () => {
    const r = await upload('sub/one.jsonl', Buffer.from(trailLine(1)));
    expect(r.status).toBe(200);
    const res = r.json().result as { path: string; dir: string };
    expect(mode(res.path)).toBe(0o600);
    expect(mode(path.dirname(res.path))).toBe(0o700);
    expect(mode(res.dir)).toBe(0o700);
    expect(mode(path.dirname(res.dir))).toBe(0o700); // CASE.uploads
  });

  it('two uploads of one name at once: one is kept whole, the other is told it came second', async () => {
    const a = Buffer.alloc(48 * 1024, 'a');
    const b = Buffer.alloc(48 * 1024, 'b');
    const [ra, rb] = await Promise.all([upload('race.log', a), upload('race.log', b)]);
    const statuses = [ra.status, rb.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = ra.status === 200 ? ra : rb;
    const kept = readFileSync((winner.json().result as { path: string }).path);
    expect(kept.equals(ra.status === 200 ? a : b)).toBe(true);
    // No part file is left behind by the one refused.
    const dir = path.dirname((winner.json().result as { path: string }).path);
    expect(readdirSync(dir).filter((n) => n.startsWith('race'))).toEqual(['race.log']);
  });
});
