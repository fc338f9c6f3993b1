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
    const applied = db.prepare('SELECT seq, name, sha256 FROM schema_migrations ORDER BY seq').all() as {
      seq: number;
      name: string;
      sha256: string;
    }[];
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
    h.db.exec(
      'CREATE TABLE filler(x); INSERT INTO filler SELECT randomblob(3000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 200) SELECT i FROM c)',
    );
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
    h.db.exec(
      'CREATE TABLE filler(x); INSERT INTO filler SELECT randomblob(3000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 200) SELECT i FROM c)',
    );
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

  it('moves the derived values of a case from before migration 4 into event_derived, and keeps them readable', () => {
    // A case as the first three migrations left it: derived values in the events table itself.
    const file = path.join(t.dir, 'old.sscase');
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE schema_migrations (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const m of loadMigrations().slice(0, 3)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(
        m.seq,
        m.name,
        m.sha256,
        '2026-01-01T00:00:00Z',
      );
      db.pragma(`user_version = ${m.seq}`);
    }
    db.exec(
      "INSERT INTO case_meta(key, value) VALUES ('name', 'old'), ('case_uuid', 'u'), ('created_at', '2026-01-01T00:00:00Z')",
    );
    db.exec(
      `INSERT INTO evidence(id, sha256, path, name, size, status, added_at) VALUES (1, 'ab', '/x', 'x', 1, 'importing', 't')`,
    );
    const ins =
      db.prepare(`INSERT INTO events(id, ts, evidence_id, seq, format, principal_type, action, category, outcome, raw_block, raw_offset,
      raw_length, raw_sha256, identity_id, session_id, flags) VALUES (?, 1, 1, ?, 'cloudtrail', 'user', 'a', 'read', 'success', 1, 0, 1, x'00', ?, ?, ?)`);
    ins.run(10, 1, 7, 70, 4);
    ins.run(11, 2, null, null, 0);
    ins.run(12, 3, null, null, 1);
    // An import indexes every event it stores (opening checks that the search index holds them all).
    db.exec("INSERT INTO events_fts(rowid, doc) VALUES (10, 'a'), (11, 'a'), (12, 'a')");
    db.close();

    const h = openCase(file);
    expect(h.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION());
    expect(h.db.prepare('SELECT id, identity_id, session_id, flags FROM events ORDER BY id').all()).toEqual([
      { id: 10, identity_id: 7, session_id: 70, flags: 4 },
      { id: 11, identity_id: null, session_id: null, flags: null },
      { id: 12, identity_id: null, session_id: null, flags: 1 },
    ]);
    expect(h.db.prepare('SELECT count(*) FROM event_derived').pluck().get()).toBe(2);
    // The imported rows keep their guard under their new name.
    expect(() => h.db.exec("UPDATE event_rows SET action = 'b'")).toThrow(/immutable/);
    h.close();
  });

  it('renames the camelCase filter fields of narrative blocks written before migration 7, keeping their values', () => {
    const file = path.join(t.dir, 'blocks.sscase');
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE schema_migrations (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const m of loadMigrations().slice(0, 6)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(m.seq, m.name, m.sha256, 't');
      db.pragma(`user_version = ${m.seq}`);
    }
    db.exec(
      "INSERT INTO case_meta(key, value) VALUES ('name', 'old'), ('case_uuid', 'u'), ('created_at', '2026-01-01T00:00:00Z')",
    );
    const ins = db.prepare(
      `INSERT INTO narrative_blocks(position, kind, params, created_at, updated_at) VALUES (?, 'events', ?, 't', 't')`,
    );
    ins.run(1, JSON.stringify({ filter: { srcIp: '203.0.113.66', outOfScope: true, evidenceId: 2, identity: 'x' } }));
    ins.run(2, JSON.stringify({ srcIp: '198.51.100.7', outOfScope: false, limit: 20 }));
    ins.run(3, JSON.stringify({ session: 'S4' }));
    db.close();

    const h = openCase(file);
    const params = (
      h.db.prepare('SELECT params FROM narrative_blocks ORDER BY position').pluck().all() as string[]
    ).map((p) => JSON.parse(p));
    expect(params).toEqual([
      { filter: { src_ip: '203.0.113.66', out_of_scope: true, evidence_id: 2, identity: 'x' } },
      { src_ip: '198.51.100.7', out_of_scope: false, limit: 20 },
      { session: 'S4' },
    ]);
    h.close();
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

  it('refuses a case whose schema is not this build’s, runs nothing of it, and leaves it as it was', () => {
    const file = path.join(t.dir, 'planted.sscase');
    createCase(file, { name: 'p' }).close();
    const db = new Database(file);
    db.exec("CREATE TRIGGER planted AFTER INSERT ON audit_log BEGIN UPDATE case_meta SET value = 'x'; END");
    db.pragma('journal_mode = DELETE');
    db.close();
    expectRefused(
      file,
      'CASE_TAMPERED',
      /altered outside SessionScope: trigger planted is not part of the case format/,
    );
    // verify may open it, read-only, to name the difference.
    const h = openCase(file, { schema: 'inspect' });
    expect(h.db.readonly).toBe(true);
    expect(h.schema).toEqual([{ kind: 'unexpected', type: 'trigger', name: 'planted' }]);
    h.close();
  });

  it('runs every connection with trusted_schema off and defensive mode on', () => {
    const file = path.join(t.dir, 'trusted.sscase');
    createCase(file, { name: 't' }).close();
    for (const readonly of [false, true]) {
      const h = openCase(file, { readonly });
      expect(h.db.pragma('trusted_schema', { simple: true })).toBe(0);
      // Defensive mode: the schema cannot be made writable through this connection.
      h.db.pragma('writable_schema = ON');
      expect(h.db.pragma('writable_schema', { simple: true })).toBe(0);
      h.close();
    }
  });

  it('refuses a case that takes longer than its time budget to open', () => {
    const file = path.join(t.dir, 'slow.sscase');
    createCase(file, { name: 's' }).close();
    process.env.SESSIONSCOPE_OPEN_BUDGET_MS = '-1';
    try {
      expectRefused(file, 'CASE_DAMAGED', /took longer than -0\.0 s to open \(integrity check\)/);
    } finally {
      delete process.env.SESSIONSCOPE_OPEN_BUDGET_MS;
    }
  });

  it('says clearly when the file does not exist', () => {
    expect(() => openCase(path.join(t.dir, 'nope.sscase'))).toThrow(/no such case file/);
  });
});
