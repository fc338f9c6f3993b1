import { describe, expect, it, afterEach } from 'vitest';
import { writeFileSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCase, openCase } from '../../core/casefile/open.js';
import { APPLICATION_ID } from '../../core/casefile/format.js';
import { loadMigrations, SCHEMA_VERSION } from '../../core/casefile/migrate.js';
import { UserError } from '../../core/errors.js';
import { tempDir } from '../helpers.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function expectRefused(file: string, code: string, text: RegExp): void {
  const before = sha(file);
  let err: unknown;
  try {
    openCase(file).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).code).toBe(code);
  expect((err as UserError).message).toMatch(text);
  expect((err as UserError).message.includes('\n')).toBe(false);
  // Refused files are not modified, and SQLite leaves no journal behind.
  expect(sha(file)).toBe(before);
  expect(existsSync(file + '-wal')).toBe(false);
}

describe('case file', () => {
  const t = tempDir();
  afterEach(() => {});

  it('is created with WAL, synchronous=FULL, foreign keys, its application id and schema version', () => {
    const file = path.join(t.dir, 'a.sscase');
    const h = createCase(file, { name: 'Alpha', analyst: 'alice' });
    const db = h.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION());
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    const applied = db.prepare('SELECT seq, name, sha256 FROM schema_migrations ORDER BY seq').all() as { seq: number; name: string; sha256: string }[];
    expect(applied.map((a) => a.sha256)).toEqual(loadMigrations().map((m) => m.sha256));
    h.close();
    const again = openCase(file);
    expect(again.db.prepare("SELECT value FROM case_meta WHERE key = 'name'").pluck().get()).toBe('Alpha');
    again.close();
  });

  it('refuses to overwrite an existing file', () => {
    const file = path.join(t.dir, 'exists.txt');
    writeFileSync(file, 'keep me');
    expect(() => createCase(file, { name: 'x' })).toThrow(/refusing to overwrite/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses a file that is not a case, without modifying it', () => {
    const text = path.join(t.dir, 'notes.sscase');
    writeFileSync(text, 'these are my notes, not a database\n'.repeat(10));
    expectRefused(text, 'NOT_A_CASE', /not an SQLite database/);
    const empty = path.join(t.dir, 'empty.sscase');
    writeFileSync(empty, '');
    expectRefused(empty, 'NOT_A_CASE', /not an SQLite database/);
  });

  it("refuses another application's SQLite file", () => {
    const other = path.join(t.dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t(x)');
    db.close();
    expectRefused(other, 'FOREIGN_FILE', /another application/);
    const tagged = path.join(t.dir, 'tagged.db');
    const db2 = new Database(tagged);
    db2.pragma('application_id = 1234');
    db2.exec('CREATE TABLE t(x)');
    db2.close();
    expectRefused(tagged, 'FOREIGN_FILE', /application id 0x4d2/);
  });

  it('refuses a case written by a newer build', () => {
    const file = path.join(t.dir, 'newer.sscase');
    createCase(file, { name: 'n' }).close();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.pragma('journal_mode = DELETE');
    db.close();
    expectRefused(file, 'NEWER_SCHEMA', /newer than this build/);
  });

  it('refuses a damaged case', () => {
    const file = path.join(t.dir, 'damaged.sscase');
    const h = createCase(file, { name: 'd' });
    h.db.exec("CREATE TABLE filler(x); INSERT INTO filler SELECT randomblob(3000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 200) SELECT i FROM c)");
    h.db.pragma('journal_mode = DELETE');
    h.db.close();
    const buf = readFileSync(file);
    // Scribble over the middle of the file (past the header and schema pages).
    for (let i = buf.length - 40000; i < buf.length - 30000; i++) buf[i] = 0xff;
    const damaged = path.join(t.dir, 'damaged2.sscase');
    writeFileSync(damaged, buf);
    expectRefused(damaged, 'CASE_DAMAGED', /damaged|cannot be read/);
  });

  it('refuses a damaged case also when only its non-bulk tables are checked (large cases)', () => {
    const file = path.join(t.dir, 'damaged3.sscase');
    const h = createCase(file, { name: 'd' });
    h.db.exec("CREATE TABLE filler(x); INSERT INTO filler SELECT randomblob(3000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 200) SELECT i FROM c)");
    h.db.pragma('journal_mode = DELETE');
    h.db.close();
    const buf = readFileSync(file);
    for (let i = buf.length - 40000; i < buf.length - 30000; i++) buf[i] = 0xff;
    writeFileSync(file, buf);
    process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES = '0';
    try {
      expectRefused(file, 'CASE_DAMAGED', /damaged|cannot be read/);
    } finally {
      delete process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES;
    }
  });

  it('refuses a case whose applied migration differs from this build', () => {
    const file = path.join(t.dir, 'mig.sscase');
    createCase(file, { name: 'm' }).close();
    const db = new Database(file);
    db.prepare("UPDATE schema_migrations SET sha256 = 'deadbeef' WHERE seq = 1").run();
    db.close();
    const copy = path.join(t.dir, 'mig2.sscase');
    copyFileSync(file, copy);
    expect(() => openCase(copy)).toThrow(/does not match this build/);
  });

  it('says clearly when the file does not exist', () => {
    expect(() => openCase(path.join(t.dir, 'nope.sscase'))).toThrow(/no such case file/);
  });
});
