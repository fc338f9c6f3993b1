// An import job: expands paths, imports each file, then re-derives. Runs on a worker thread with its own
// connection (better-sqlite3 is synchronous; the thread serving the UI or CLI must stay live), or in-process
// where the compiled worker is not available (unit tests run from TypeScript sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseDb } from '../casefile/open.js';
import { openCase } from '../casefile/open.js';
import type { FormatId } from '../model/event.js';
import { deriveAll, type DeriveSummary } from '../derive/index.js';
import { buildPendingValueIndex } from './value-index-build.js';
import { expandPaths, type SkippedPath } from './files.js';
import { intakeFile, parseFile, type FileResult } from './import-file.js';
import type { BatchWriter } from './batch-writer.js';
import { createParser } from './parse-and-write.js';
import { EventIdAllocator } from './event-ids.js';
import type { QueryProvenance } from './provenance.js';

export interface ImportRequest {
  casePath: string;
  paths: string[];
  format?: FormatId;
  mapping?: Record<string, unknown>;
  analyst: string;
  /** Skip derivation (bulk loads that derive once at the end). */
  noDerive?: boolean;
  /** The query that produced these files (a slice from Athena, BigQuery, …): recorded in each intake entry. */
  provenance?: QueryProvenance;
  /** Folders the caller may name (core/policy/paths.ts): a folder's files must lead inside them too. */
  allowedRoots?: readonly string[] | null;
}

export interface ImportProgress {
  file: string;
  file_index: number;
  files: number;
  bytes_read: number;
  bytes_total: number;
  records: number;
  events: number;
  rejected: number;
  phase: 'hashing' | 'importing' | 'deriving' | 'done';
}

export interface ImportSummary {
  evidence: FileResult[];
  /** Paths met and not imported, each with why (hidden, OS metadata, unreadable, the case's own files…). */
  skipped: SkippedPath[];
  derived: DeriveSummary | null;
}

export async function runImport(
  db: CaseDb,
  req: ImportRequest,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportSummary> {
  const { files, skipped } = expandPaths(req.paths, req.casePath, req.allowedRoots ?? null);
  const parser = createParser();
  const ids = new EventIdAllocator(db);
  const opts = {
    format: req.format,
    mapping: req.mapping,
    provenance: req.provenance,
    analyst: req.analyst,
    parser,
    ids,
  };
  // A job's writes commit without an fsync each (synchronous=NORMAL) and checkpoint the WAL rarely; at the end
  // one checkpoint under synchronous=FULL syncs the WAL, making the whole job durable. Safe at every point: WAL
  // frames replay in order, so a power loss can only drop the newest commits — a file whose completion was
  // dropped is shown as not complete and is redone on the next import — and a killed process loses nothing
  // that was committed.
  const checkpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 20000');
  const results: FileResult[] = new Array(files.length);
  try {
    // Each file is hashed and recorded before it is parsed; the next file is taken in while this one parses, so
    // the first rows appear after one file's hash, not after every file's (10 GB of logs take ~10 s to hash).
    // A few files queue ahead on the parse worker so it never waits for this thread to close one.
    const seen = new Map<string, string>();
    const openWriters = new Set<BatchWriter>();
    const AHEAD = 2;
    const running: Promise<void>[] = [];
    let parsing = 0;
    for (let i = 0; i < files.length; i++) {
      if (parsing === 0)
        onProgress?.({
          file: files[i],
          file_index: i,
          files: files.length,
          bytes_read: 0,
          bytes_total: 0,
          records: 0,
          events: 0,
          rejected: 0,
          phase: 'hashing',
        });
      let intake;
      try {
        intake = await intakeFile(db, files[i], { ...opts, openWriters }, seen);
      } catch (e) {
        // Unreadable now (permissions changed, the file vanished): reported, and the rest is imported.
        const code = (e as { code?: string }).code;
        if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw e;
        skipped.push({
          path: files[i],
          reason: `cannot be read: ${(e as Error).message.split('\n')[0]}`,
          unreadable: true,
        });
        continue;
      }
      if (intake.kind === 'done') {
        results[i] = intake.result;
        continue;
      }
      const index = i;
      parsing++;
      running.push(
        parseFile(db, intake.file, {
          ...opts,
          openWriters,
          onProgress: (p) =>
            onProgress?.({
              file: files[index],
              file_index: index,
              files: files.length,
              bytes_read: p.bytes_read,
              bytes_total: p.bytes_total,
              records: p.records,
              events: p.events,
              rejected: p.rejected,
              phase: 'importing',
            }),
        }).then((r) => {
          results[index] = r;
          parsing--;
        }),
      );
      if (running.length > AHEAD) await running[running.length - 1 - AHEAD];
    }
    await Promise.all(running);
  } finally {
    await parser.close();
    db.pragma('synchronous = FULL');
    db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  }
  const evidence = results.filter((r): r is FileResult => r !== undefined);
  let derived: DeriveSummary | null = null;
  const changed = evidence.some((e) => !e.skipped_duplicate && e.status === 'complete');
  if (!req.noDerive && changed) {
    onProgress?.({
      file: '',
      file_index: files.length,
      files: files.length,
      bytes_read: 0,
      bytes_total: 0,
      records: 0,
      events: 0,
      rejected: 0,
      phase: 'deriving',
    });
    // A case migrated from before the value index gets it here, once (value-index-build.ts).
    buildPendingValueIndex(db);
    derived = deriveAll(db, { analyst: req.analyst });
  }
  return { evidence, skipped, derived };
}

const WORKER = fileURLToPath(new URL('./import-worker.js', import.meta.url));

/** Runs the import off this thread; resolves with the summary. */
export function startImport(req: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
  // Fail fast, on this thread, for paths that do not exist.
  expandPaths(req.paths, req.casePath, req.allowedRoots ?? null);
  if (!existsSync(WORKER)) {
    const handle = openCase(req.casePath);
    return runImport(handle.db, req, onProgress).finally(() => handle.close());
  }
  return new Promise((resolve, reject) => {
    // A larger young generation: the writer's garbage is the batches it received, short-lived by design.
    const w = new Worker(WORKER, { workerData: req, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    let settled = false;
    w.on('message', (m: { type: string; data: unknown }) => {
      if (m.type === 'progress') onProgress?.(m.data as ImportProgress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.data as ImportSummary);
      } else if (m.type === 'error') {
        settled = true;
        reject(Object.assign(new Error((m.data as { message: string }).message), m.data));
      }
    });
    w.on('error', (e) => {
      if (!settled) {
        settled = true;
        reject(e);
      }
    });
    w.on('exit', (code) => {
      if (!settled) reject(new Error(`import worker stopped (exit ${code})`));
    });
  });
}
