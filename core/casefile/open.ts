// Opening and creating case files. A file that is not a case, belongs to another application, is newer than
// this build or is damaged is refused with one clear line — and is not modified: all checks that can be made
// from the 100-byte SQLite header run before SQLite opens the file.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { APPLICATION_ID } from './format.js';
import { migrate, SCHEMA_VERSION } from './migrate.js';

export type CaseDb = Database.Database;

export interface CaseHandle {
  db: CaseDb;
  path: string;
  close(): void;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

interface Header {
  applicationId: number;
  userVersion: number;
}

function readHeader(file: string): Header | 'empty' | 'not-sqlite' {
  const size = statSync(file).size;
  if (size === 0) return 'empty';
  if (size < 100) return 'not-sqlite';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    readSync(fd, buf, 0, 100, 0);
    if (buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) return 'not-sqlite';
    return { userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68) };
  } finally {
    closeSync(fd);
  }
}

function applyPragmas(db: CaseDb): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  db.pragma('busy_timeout = 10000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}

const PAGE_SIZE = 16384;

export interface OpenOptions {
  readonly?: boolean;
}

/** Up to this size the whole file is quick-checked on open (~0.15 s); a 200 MB case would take a second per open. */
const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;
/** The bulk tables of large cases: checked by `verify` (integrity_check), not on every open. */
const BULK_TABLES = /^(event_rows|events_fts.*|raw_blocks|event_facts|event_links|rejects|merged)$/;
/** Tables derivation rebuilds from the events (`derive --rebuild`): on a 1M-event case, 0.2 s of checking per open. */
const DERIVED_TABLES = new Set([
  'event_derived',
  'identities',
  'aliases',
  'alias_candidates',
  'sessions',
  'resources',
  'resource_edges',
  'session_resources',
  'actions',
  'service_edges',
  'identity_edges',
  'identity_edge_events',
  'issued_credentials',
  'identity_features',
  'identity_hours',
  'identity_sources',
  'source_gaps',
  'session_findings',
  'exposure',
  'exposure_hours',
]);

/**
 * quick_check on open. On a case over 32 MB a whole-file check costs a second or more per open, so there it covers
 * the case's own records — evidence, custody and audit logs, the analyst's annotations, decisions and profiles —
 * and leaves the bulk event tables and the derived tables to `verify` (SQLite reports damage in them when a query
 * reads it; derived tables are rebuilt by `derive --rebuild`). New tables are checked unless listed here.
 */
function quickCheck(db: CaseDb, size: number): { quick_check: string }[] {
  const max = Number(process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES ?? FULL_CHECK_MAX_BYTES);
  if (size <= max) return db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
  const tables = (
    db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string | null;
    }[]
  ).filter(
    (t) =>
      !BULK_TABLES.test(t.name) &&
      !DERIVED_TABLES.has(t.name) &&
      !/^CREATE VIRTUAL/i.test(t.sql ?? '') &&
      !t.name.startsWith('sqlite_'),
  );
  for (const t of tables) {
    const r = db.pragma(`quick_check("${t.name.replace(/"/g, '""')}")`, { simple: false }) as { quick_check: string }[];
    if (r.length !== 1 || r[0].quick_check !== 'ok') return r;
  }
  return [{ quick_check: 'ok' }];
}

/** Opens an existing case file, migrating it to this build's schema. */
export function openCase(file: string, opts: OpenOptions = {}): CaseHandle {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UserError('NOT_FOUND', `no such case file: ${file}`);
  if (!statSync(abs).isFile()) throw new UserError('NOT_A_CASE', `not a case file (a directory): ${file}`);
  const header = readHeader(abs);
  if (header === 'empty' || header === 'not-sqlite') {
    throw new UserError('NOT_A_CASE', `not a SessionScope case file (not an SQLite database): ${file}`);
  }
  if (header.applicationId !== APPLICATION_ID) {
    throw new UserError(
      'FOREIGN_FILE',
      header.applicationId === 0
        ? `not a SessionScope case file (an SQLite database of another application): ${file}`
        : `not a SessionScope case file (SQLite application id 0x${header.applicationId.toString(16)} belongs to another application): ${file}`,
    );
  }
  if (header.userVersion > SCHEMA_VERSION()) {
    throw new UserError(
      'NEWER_SCHEMA',
      `case file ${file} has schema ${header.userVersion}, newer than this build's ${SCHEMA_VERSION()}; open it with a newer SessionScope`,
    );
  }
  const db = new Database(abs, { fileMustExist: true, readonly: opts.readonly ?? false });
  try {
    const qc = quickCheck(db, statSync(abs).size);
    if (qc.length !== 1 || qc[0].quick_check !== 'ok') {
      const first = (qc[0]?.quick_check ?? 'quick_check failed').split('\n')[0];
      throw new UserError(
        'CASE_DAMAGED',
        `case file ${file} is damaged: ${first}${qc.length > 1 ? ` (and ${qc.length - 1} more problems)` : ''}`,
      );
    }
    if (!opts.readonly) {
      applyPragmas(db);
      migrate(db);
    }
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError('CASE_DAMAGED', `case file ${file} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  return { db, path: abs, close: () => closeDb(db) };
}

export interface CreateOptions {
  name: string;
  analyst?: string | null;
}

/** Creates a new case file; refuses to overwrite anything. */
export function createCase(file: string, opts: CreateOptions): CaseHandle {
  const abs = path.resolve(file);
  if (existsSync(abs)) throw new UserError('CONFLICT', `refusing to overwrite existing file: ${file}`);
  const dir = path.dirname(abs);
  if (!existsSync(dir)) throw new UserError('NOT_FOUND', `no such directory: ${dir}`);
  const db = new Database(abs);
  try {
    // Before the first write fixes it: 16 KiB pages make bulk imports ~10 % faster (fewer page splits in the
    // full-text segments and the events table) for a ~10 % larger file.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    applyPragmas(db);
    migrate(db);
    const now = new Date().toISOString();
    const put = db.prepare('INSERT INTO case_meta(key, value) VALUES (?, ?)');
    db.transaction(() => {
      put.run('name', opts.name);
      put.run('created_at', now);
      put.run('case_uuid', crypto.randomUUID());
      if (opts.analyst) put.run('analyst', opts.analyst);
      put.run('display_tz', 'UTC');
      put.run('session_gap_seconds', '1800');
    })();
    // Make the header (application_id, user_version) durable in the main file at once.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, path: abs, close: () => closeDb(db) };
}

function closeDb(db: CaseDb): void {
  if (!db.open) return;
  try {
    if (!db.readonly) db.pragma('optimize');
  } finally {
    db.close();
  }
}

export function getMeta(db: CaseDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM case_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? row.value : null;
}

export function setMeta(db: CaseDb, key: string, value: string): void {
  db.prepare(
    'INSERT INTO case_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
