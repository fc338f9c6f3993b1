// Opening and creating case files. A file that is not a case, belongs to another application, is newer than
// this build, is damaged, or whose schema is not this build's is refused with one clear line — and is not
// modified: the header is read through a read-only SQLite connection, and nothing of the case is queried before
// its schema is proven to be exactly the one this build's migrations create.
//
// The case file is never opened outside SQLite while a connection may hold it: POSIX drops every lock a process
// holds on a file when it closes any descriptor of it, and a server that lost its locks has its WAL deleted under it
// by the next reader (issue 15 §1). SQLite's own VFS keeps such descriptors open until the last lock is released.
import Database from 'better-sqlite3';
import { closeSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { createPrivateFile } from '../policy/private-files.js';
import { privateCopy, readOnlyReason } from './read-only.js';
import { APPLICATION_ID } from './format.js';
import { migrate, SCHEMA_VERSION } from './migrate.js';
import { compareSchema, describeDeviation, type SchemaDeviation } from './schema.js';
import { DERIVED_TABLES } from './tables.js';
import { bindOnMigrate, preMigrationDifferences } from './work-migrate.js';
import { beginWork, installCapture } from './work-state.js';
import { appendAudit } from './audit-row.js';
import { resolveAnalyst } from './analyst.js';
import { sealOnClose, sessionStart, type SessionMark } from './seal.js';
import {
  damagedIndex,
  deferContentCheck,
  findIndexProblems,
  FTS_FINDING,
  completeProof,
  indexState,
  provenState,
  recordProven,
  REPAIR_HINT,
  contentCheckAffordable,
  stampOf,
} from './search-index.js';

export type CaseDb = Database.Database;

export interface CaseHandle {
  db: CaseDb;
  path: string;
  /** Why the case opened read-only although writing was asked for (this user cannot write it), if it did. */
  readOnly?: string;
  /** Opened for inspection despite a schema that is not this build's (read-only; verify names each difference). */
  schema?: SchemaDeviation[];
  close(): void;
}

interface Header {
  applicationId: number;
  userVersion: number;
}

/** The header fields, read by SQLite itself on a read-only connection (never a raw descriptor: see above). */
function readHeader(file: string): Header | 'not-sqlite' {
  const size = statSync(file).size;
  if (size > 0 && size < 100) return 'not-sqlite';
  let probe: CaseDb | null = null;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    probe.pragma('trusted_schema = OFF');
    if (size === 0) return 'not-sqlite';
    return {
      applicationId: probe.pragma('application_id', { simple: true }) as number,
      userVersion: probe.pragma('user_version', { simple: true }) as number,
    };
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') return 'not-sqlite';
    throw new UserError('CASE_DAMAGED', `case file ${file} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    probe?.close();
  }
}

/**
 * Per-connection safety first, before anything of the case is read: no SQL function or virtual table from the
 * schema runs unless SQLite marks it harmless, and defensive mode (on by default in better-sqlite3 unless unsafe
 * mode is asked for, which nothing here does) forbids writing the schema or shadow tables through this connection.
 */
function guardConnection(db: CaseDb): void {
  db.pragma('trusted_schema = OFF');
}

/** Whether the write lock can be taken now (asked without waiting). */
function lockFree(db: CaseDb): boolean {
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** How long a writer waits for another's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

function applyPragmas(db: CaseDb): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}

const PAGE_SIZE = 16384;

export interface OpenOptions {
  readonly?: boolean;
  /**
   * 'refuse' (default): a schema that is not this build's is refused. 'inspect': such a case opens read-only, with
   * the differences on the handle, for `verify` to name them; a canonical one opens as usual.
   */
  schema?: 'refuse' | 'inspect';
  /**
   * A reader (info, events, …): opens read-only when the case is at this build's schema, so it answers at once from
   * the last committed state while another process writes (an import) — a writable open must take the write lock
   * to start its session and waits for it. A case that needs migrating opens writable, to migrate.
   */
  reader?: boolean;
  /**
   * A writer: called once when another process holds the write lock, before waiting for it (busy timeout), so the
   * user is told why nothing happens yet.
   */
  onBusy?: () => void;
  /**
   * 'check' (default): a search index not proven whole since it last changed is checked now, and a damaged one
   * refuses the case (CASE_DAMAGED). 'skip': for `verify`, which checks it fully itself, and the repair that
   * rebuilds it.
   */
  searchIndex?: 'check' | 'skip';
}

/** Up to this size the whole file is quick-checked on open (~0.15 s); a 200 MB case would take a second per open. */
const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;
/** The bulk tables of large cases: checked by `verify` (integrity_check), not on every open. */
const BULK_TABLES = /^(event_rows|events_fts.*|raw_blocks|event_facts|event_links|rejects|merged)$/;
const DERIVED = new Set(DERIVED_TABLES);
/** How long opening may take before the case is refused (SESSIONSCOPE_OPEN_BUDGET_MS overrides). */
const OPEN_BUDGET_MS = 30_000;

class Budget {
  private until: number;
  constructor(
    private readonly file: string,
    private readonly ms = Number(process.env.SESSIONSCOPE_OPEN_BUDGET_MS ?? OPEN_BUDGET_MS),
  ) {
    this.until = Date.now() + this.ms;
  }
  check(step: string): void {
    if (Date.now() > this.until)
      throw new UserError(
        'CASE_DAMAGED',
        `case file ${this.file} took longer than ${(this.ms / 1000).toFixed(1)} s to open (${step}); it may be crafted or damaged: run \`sessionscope verify\` on a copy`,
      );
  }
  /** Starts the budget again: after work whose time grows with the case, not with anything a forger controls. */
  restart(): void {
    this.until = Date.now() + this.ms;
  }
}

const fullCheckMax = () => Number(process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES ?? FULL_CHECK_MAX_BYTES);

/**
 * quick_check on open. On a case over 32 MB a whole-file check costs a second or more per open, so there it covers
 * the case's own records — evidence, custody and audit logs, the analyst's annotations, decisions and profiles —
 * and leaves the bulk event tables and the derived tables to `verify` (SQLite reports damage in them when a query
 * reads it; derived tables are rebuilt by `derive --rebuild`) — all but the search index, which fails silently and is
 * checked apart (checkSearchIndex). New tables are checked unless listed here.
 */
function quickCheck(db: CaseDb, size: number, budget: Budget): { quick_check: string }[] {
  if (size <= fullCheckMax()) return db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
  const tables = (
    db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string | null;
    }[]
  ).filter(
    (t) =>
      !BULK_TABLES.test(t.name) &&
      !DERIVED.has(t.name) &&
      !/^CREATE VIRTUAL/i.test(t.sql ?? '') &&
      !t.name.startsWith('sqlite_'),
  );
  for (const t of tables) {
    budget.check(`checking ${t.name}`);
    const r = db.pragma(`quick_check("${t.name.replace(/"/g, '""')}")`, { simple: false }) as { quick_check: string }[];
    if (r.length !== 1 || r[0].quick_check !== 'ok') return r;
  }
  return [{ quick_check: 'ok' }];
}

/**
 * The search index on open (core/casefile/search-index.ts). When FTS5 has written nothing since the index was last
 * proven whole (the stamp is the proof's), its bytes are compared with the proof before the first search on this
 * connection (a case up to 32 MB: never, the whole-file check covered them). Otherwise — an import since, a case
 * never proven, rows deleted — every event must have its row and nothing else may, and, on a case too large for
 * the whole-file check, FTS5's own check of its segments must pass, now. A damaged index refuses the case: a search
 * would answer with events missing. A writable connection records the proof, so the next open is quick.
 */
function checkSearchIndex(
  db: CaseDb,
  file: string,
  wholeFileChecked: boolean,
  writable: boolean,
  now: ReturnType<typeof stampOf>,
): void {
  if (provenState(db)?.stamp === now.stamp) {
    if (writable) completeProof(db, now);
    if (!wholeFileChecked) deferContentCheck(db, file, writable, contentCheckAffordable(now.indexed));
    return;
  }
  const found = findIndexProblems(db, !wholeFileChecked);
  if (found.length > 0) throw damagedIndex(file, found);
  if (writable) recordProven(db, indexState(db));
}

function refuseSchema(file: string, deviations: SchemaDeviation[]): never {
  const first = deviations.slice(0, 2).map(describeDeviation).join('; ');
  const more = deviations.length > 2 ? ` (and ${deviations.length - 2} more)` : '';
  throw new UserError(
    'CASE_TAMPERED',
    `case file ${file} was altered outside SessionScope: ${first}${more}. Nothing of it was run; \`sessionscope verify ${path.basename(file)}\` lists every difference — work from a copy you trust`,
  );
}

/** The schema cookie at which each connection's schema was last found canonical. */
const checkedAt = new WeakMap<CaseDb, number>();

function markChecked(db: CaseDb): void {
  checkedAt.set(db, db.pragma('schema_version', { simple: true }) as number);
}

/**
 * Before a write: the schema is still this build's. Another process may have changed it since the case was opened
 * (a planted trigger would run on this write); SQLite's schema cookie says whether anything changed, so the full
 * comparison runs only then.
 */
export function assertSchemaUnchanged(handle: CaseHandle): void {
  const db = handle.db;
  if (handle.schema || !db.open) return;
  const cookie = db.pragma('schema_version', { simple: true }) as number;
  if (checkedAt.get(db) === cookie) return;
  const deviations = compareSchema(db, db.pragma('user_version', { simple: true }) as number);
  if (deviations.length > 0) refuseSchema(handle.path, deviations);
  checkedAt.set(db, cookie);
}

/** Opens an existing case file, migrating it to this build's schema. */
export function openCase(file: string, opts: OpenOptions = {}): CaseHandle {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UserError('NOT_FOUND', `no such case file: ${file}`);
  if (!statSync(abs).isFile()) throw new UserError('NOT_A_CASE', `not a case file (a directory): ${file}`);
  // A case this user cannot write is read from a private copy, read-only: nothing is left beside it.
  const cannotWrite = readOnlyReason(abs);
  const copy = cannotWrite === null ? null : privateCopy(abs);
  try {
    const handle = openAt(file, abs, copy?.file ?? abs, opts, copy !== null);
    if (!copy) return handle;
    handle.readOnly = cannotWrite!;
    const close = handle.close;
    handle.close = () => {
      try {
        close();
      } finally {
        copy.remove();
      }
    };
    return handle;
  } catch (e) {
    copy?.remove();
    throw e;
  }
}

/**
 * Opens the database at `at` (the case itself, or its private copy) for the case file `abs`. A private copy is
 * opened writable but written by nobody: no session starts, nothing migrates or is sealed, and the dispatcher
 * refuses every call that changes the case (handle.readOnly). What `verify` runs in a transaction it rolls back
 * (the search index's integrity check, a fresh derivation to compare) works on it as on a case of one's own.
 */
function openAt(file: string, abs: string, at: string, opts: OpenOptions, scratch: boolean): CaseHandle {
  const budget = new Budget(file);
  const header = readHeader(at);
  if (header === 'not-sqlite') {
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
  // A reader (a command that only reads) opens read-only when nothing needs migrating: it never waits for a writer.
  const readonly = (opts.readonly ?? (opts.reader === true && header.userVersion === SCHEMA_VERSION())) && !scratch;
  let db = new Database(at, { fileMustExist: true, readonly });
  let deviations: SchemaDeviation[];
  let mark: SessionMark | null = null;
  try {
    guardConnection(db);
    const size = statSync(at).size;
    const found = quickCheck(db, size, budget);
    // The full-text index's own findings (the whole-file check hands it to FTS5) are the search index's: said with
    // the repair that fixes them, and left to `verify` and the repair when they open it (searchIndex 'skip').
    const fts = found.filter((r) => FTS_FINDING.test(r.quick_check));
    const qc =
      found.length > fts.length ? found.filter((r) => !FTS_FINDING.test(r.quick_check)) : [{ quick_check: 'ok' }];
    if (fts.length > 0 && opts.searchIndex !== 'skip')
      throw new UserError(
        'CASE_DAMAGED',
        `case file ${file} is damaged: the full-text index is damaged (${fts[0].quick_check.split('\n')[0]}). ${REPAIR_HINT(path.basename(file))}`,
      );
    if (qc.length !== 1 || qc[0].quick_check !== 'ok') {
      const first = (qc[0]?.quick_check ?? 'quick_check failed').split('\n')[0];
      throw new UserError(
        'CASE_DAMAGED',
        `case file ${file} is damaged: ${first}${qc.length > 1 ? ` (and ${qc.length - 1} more problems)` : ''}`,
      );
    }
    budget.check('integrity check');
    deviations = compareSchema(db, header.userVersion);
    budget.check('schema check');
    if (deviations.length > 0) {
      if (opts.schema !== 'inspect') refuseSchema(file, deviations);
      if (!db.readonly) {
        db.close();
        db = new Database(at, { fileMustExist: true, readonly: true });
        guardConnection(db);
      }
    } else if (!db.readonly && !scratch) {
      applyPragmas(db);
      if (opts.onBusy && !lockFree(db)) opts.onBusy();
      mark = sessionStart(db);
      const before = preMigrationDifferences(db, header.userVersion);
      migrate(db);
      budget.check('migration');
      if (header.userVersion < SCHEMA_VERSION()) bindOnMigrate(db, header.userVersion, before);
      installCapture(db);
      markChecked(db);
    }
    if (deviations.length === 0 && db.pragma('user_version', { simple: true }) === SCHEMA_VERSION()) {
      const writable = !db.readonly && !scratch;
      // What FTS5 had written at the start: a session that did not change it need not prove it again on close.
      // One stamp (a count of the index's rows: ~0.2 s on 10M events) serves both.
      const stamp = stampOf(db, { proven: true });
      if (writable) stampAtOpen.set(db, stamp.stamp);
      if (opts.searchIndex !== 'skip') {
        budget.check('search index');
        checkSearchIndex(db, file, size <= fullCheckMax(), writable, stamp);
        budget.restart();
      }
    }
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError('CASE_DAMAGED', `case file ${file} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  const handle: CaseHandle = { db, path: abs, close: () => closeDb(db, mark) };
  if (deviations.length > 0) handle.schema = deviations;
  return handle;
}

export interface CreateOptions {
  name: string;
  analyst?: string | null;
  /** Who creates it, for the audit row (default: the case's analyst). */
  by?: string;
}

/** Creates a new case file; refuses to overwrite anything. */
export function createCase(file: string, opts: CreateOptions): CaseHandle {
  const abs = path.resolve(file);
  if (existsSync(abs)) throw new UserError('CONFLICT', `refusing to overwrite existing file: ${file}`);
  const dir = path.dirname(abs);
  if (!existsSync(dir)) throw new UserError('NOT_FOUND', `no such directory: ${dir}`);
  // Created owner-only before SQLite opens it (an empty file is a new database): SQLite gives its -wal, -shm and
  // -journal the main file's mode, so the whole case stays 0600 whatever the umask (issue 15 §4).
  try {
    closeSync(createPrivateFile(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UserError('CONFLICT', `refusing to overwrite existing file: ${file}`);
    throw e;
  }
  const db = new Database(abs);
  let mark: SessionMark | null = null;
  try {
    // Before the first write fixes it: 16 KiB pages make bulk imports ~10 % faster (fewer page splits in the
    // full-text segments and the events table) for a ~10 % larger file.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    guardConnection(db);
    applyPragmas(db);
    migrate(db);
    installCapture(db);
    markChecked(db);
    mark = sessionStart(db);
    const now = new Date().toISOString();
    const put = db.prepare('INSERT INTO case_meta(key, value) VALUES (?, ?)');
    db.transaction(() => {
      beginWork(db);
      put.run('name', opts.name);
      put.run('created_at', now);
      put.run('case_uuid', crypto.randomUUID());
      if (opts.analyst) put.run('analyst', opts.analyst);
      put.run('display_tz', 'UTC');
      put.run('session_gap_seconds', '1800');
      appendAudit(
        db,
        opts.by ?? opts.analyst ?? resolveAnalyst(null),
        'case.create',
        { path: abs, name: opts.name, analyst: opts.analyst ?? null },
        { case: abs, name: opts.name },
      );
    })();
    // Make the header (application_id, user_version) durable in the main file at once.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, path: abs, close: () => closeDb(db, mark) };
}

/** What FTS5 had last written when a writable connection opened the case (search-index.ts indexStamp). */
const stampAtOpen = new WeakMap<CaseDb, string>();

/**
 * After a writing session that changed the index (an import): it is checked once here, so that readers, which
 * cannot record a proof, find it proven. A damaged index is left unproven: the next open names it.
 */
function proveOnClose(db: CaseDb): void {
  try {
    const stamp = stampOf(db, { proven: true }).stamp;
    if (stampAtOpen.get(db) === stamp || provenState(db)?.stamp === stamp) return;
    if (findIndexProblems(db, true).length === 0) recordProven(db, indexState(db));
  } catch (e) {
    process.stderr.write(`sessionscope: the search index was not checked: ${(e as Error).message.split('\n')[0]}\n`);
  }
}

function closeDb(db: CaseDb, mark: SessionMark | null): void {
  if (!db.open) return;
  try {
    // A writing session ends: the search index it changed is proven whole for the next open, and its chain heads
    // are sealed (core/seal).
    if (mark && !db.inTransaction) {
      proveOnClose(db);
      sealOnClose(db, mark);
    }
    if (!db.readonly) db.pragma('optimize');
  } finally {
    db.close();
  }
}

export { getMeta, setMeta } from './meta.js';
