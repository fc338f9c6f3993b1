// Hash and parse the same bytes (issue 15 §2). Intake hashes a file and records it before any record is parsed;
// the parse hashes the bytes it reads. A file replaced, edited or still being written between the two is refused —
// nothing of it is kept — rather than imported altered under the first hash. And a lone UTF-16 surrogate in a log
// (`"\ud800"`) is stored as the log wrote it, digested as stored: the case verifies.
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCase } from '../../core/casefile/open.js';
import { intakeFile, parseFile } from '../../core/evidence/import-file.js';
import { createParser } from '../../core/evidence/parse-and-write.js';
import { runImport } from '../../core/evidence/import-job.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { UserError } from '../../core/errors.js';
import { tempDir, trailLine } from '../helpers.js';

const line = (i: number, extra: Record<string, unknown> = {}) =>
  trailLine(i, { requestParameters: { bucketName: 'b', key: `k${i}` }, ...extra });

async function admitThenChange(change: (file: string) => void) {
  const t = tempDir();
  const file = path.join(t.dir, 'trail.jsonl');
  writeFileSync(file, [0, 1, 2].map((i) => line(i)).join(''));
  const h = createCase(path.join(t.dir, 'c.sscase'), { name: 'c' });
  const intake = await intakeFile(h.db, file, { analyst: 'a' });
  if (intake.kind !== 'ready') throw new Error('not admitted');
  change(file);
  const parser = createParser();
  const r = await parseFile(h.db, intake.file, { analyst: 'a', parser });
  await parser.close();
  const events = h.db.prepare('SELECT count(*) FROM event_rows').pluck().get() as number;
  const custody = h.db.prepare('SELECT action, detail FROM custody_log ORDER BY seq').all() as {
    action: string;
    detail: string;
  }[];
  const v = await verifyCase(h.db);
  h.close();
  t.cleanup();
  return { r, events, custody, v };
}

describe('intake', () => {
  it('refuses a file appended to between hashing and parsing, keeping none of its events', async () => {
    const { r, events, custody, v } = await admitThenChange((f) => appendFileSync(f, line(3) + line(4)));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/the file changed while it was imported: the \d+ bytes parsed have SHA-256/);
    expect(r.error).toMatch(/nothing of it was kept/);
    expect(events).toBe(0);
    expect(custody.map((c) => c.action)).toEqual(['intake', 'import-failed']);
    expect(v.ok).toBe(true);
  });

  it('refuses a file edited in place (same size) between hashing and parsing', async () => {
    const { r, events } = await admitThenChange((f) =>
      writeFileSync(
        f,
        [0, 1, 2]
          .map((i) => line(i))
          .join('')
          .replace('etl', 'ETL'),
      ),
    );
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/changed while it was imported/);
    expect(events).toBe(0);
  });

  it('imports a file left alone, and records that the bytes parsed are the bytes hashed', async () => {
    const { r, events, v } = await admitThenChange(() => {});
    expect(r.status).toBe('complete');
    expect(events).toBe(3);
    expect(v.ok).toBe(true);
  });

  it('never reads the case file itself (or its WAL) as evidence', async () => {
    const t = tempDir();
    const dir = path.join(t.dir, 'folder');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'trail.jsonl'), line(0));
    const h = createCase(path.join(dir, 'c.sscase'), { name: 'c' });
    // A folder holding the case: its files are passed over.
    const s = await runImport(h.db, { casePath: h.path, paths: [dir], analyst: 'a' });
    expect(s.evidence.map((e) => path.basename(e.path))).toEqual(['trail.jsonl']);
    // Named explicitly: refused.
    await expect(runImport(h.db, { casePath: h.path, paths: [h.path], analyst: 'a' })).rejects.toThrow(UserError);
    await expect(runImport(h.db, { casePath: h.path, paths: [h.path + '-wal'], analyst: 'a' })).rejects.toThrow(
      /refusing to import the case file itself/,
    );
    h.close();
    t.cleanup();
  });
});

describe('a lone surrogate in a log line', () => {
  it('is stored as the log wrote it, and the case verifies', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'trail.jsonl');
    // JSON text as a log writes it: the escape, six characters, for a surrogate with no pair.
    writeFileSync(
      file,
      line(0, {
        userAgent: 'aws-cli/2 \\ud800 broken',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/al\\udc01ice' },
      }).replace(/\\\\u/g, '\\u') + line(1, { userAgent: 'emoji 😀 fine' }),
    );
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 'c' });
    const s = await runImport(h.db, { casePath: h.path, paths: [file], analyst: 'a' });
    expect(s.evidence[0].status).toBe('complete');
    const rows = h.db.prepare('SELECT principal, user_agent FROM event_rows ORDER BY seq').all() as {
      principal: string;
      user_agent: string;
    }[];
    expect(rows[0]).toEqual({ principal: 'arn:aws:iam::1:user/al\\udc01ice', user_agent: 'aws-cli/2 \\ud800 broken' });
    expect(rows[1].user_agent).toBe('emoji 😀 fine');
    const v = await verifyCase(h.db, { deep: true });
    expect(v.problems).toEqual([]);
    h.close();
    t.cleanup();
  });
});
