// Importing one evidence file, in two steps. Intake: hash the file, record it with a custody entry and pick its
// importer — all before any record is parsed. Then the parse (on the job's parse worker) streams batches into
// the writer, and the file closes with counts and a digest. Every record ends as exactly one of event, reject
// or merged; an interrupted import is discarded and redone on the next attempt.
import { statSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { FormatId, RecordRef } from '../model/event.js';
import { VERSION } from '../version.js';
import { recordCustody } from '../casefile/custody.js';
import type { QueryProvenance } from './provenance.js';
import { sha256File } from './hash.js';
import { BatchWriter } from './batch-writer.js';
import type { EventIdAllocator } from './event-ids.js';
import { createParser, type Parser } from './parse-and-write.js';
import type { ParseTotals } from './batch.js';
import type { ParseRequest } from './parse-job.js';
import { chooseImporter, getImporter } from '../../importers/registry.js';
import type { Importer } from '../../importers/types.js';
import { sniffFile } from '../../importers/read/sniff.js';

export interface ImportOptions {
  format?: FormatId;
  mapping?: Record<string, unknown>;
  /** The query that produced the file (slice import): part of its intake custody entry. */
  provenance?: QueryProvenance;
  analyst: string;
  onProgress?: (p: FileProgress) => void;
  /** The job's parser (one worker for all its files); a private one is made when absent. */
  parser?: Parser;
  /** The job's event id allocator (its cache serves every file); a private one is made when absent. */
  ids?: EventIdAllocator;
  /**
   * Writers with a transaction open (files being parsed while the next is taken in): intake commits them before
   * it records a file, so its custody entry is a transaction of its own — never part of, nor rolled back with,
   * another file's batch.
   */
  openWriters?: Set<BatchWriter>;
}

function commitOpenWriters(opts: ImportOptions): void {
  for (const w of opts.openWriters ?? []) w.commit();
}

export interface FileProgress {
  path: string;
  bytes_read: number;
  bytes_total: number;
  records: number;
  events: number;
  rejected: number;
}

export interface FileResult {
  id: number;
  path: string;
  sha256: string;
  format: string | null;
  records: number;
  events: number;
  rejected: number;
  merged: number;
  skipped_duplicate: boolean;
  resumed: boolean;
  status: 'complete' | 'failed';
  error?: string;
  rejects: { record_ref: RecordRef; reason: string }[];
}

interface EvidenceRow {
  id: number;
  sha256: string;
  status: string;
  format: string | null;
  records: number;
  events: number;
  rejected: number;
  merged: number;
}

/** A file recorded in the case and ready to parse. */
export interface Admitted {
  id: number;
  abs: string;
  st: Stats;
  sha256: string;
  resumed: boolean;
  importer: Importer;
  request: ParseRequest;
}

export type Intake = { kind: 'done'; result: FileResult } | { kind: 'ready'; file: Admitted };

/**
 * Hashes the file and records it (evidence row + custody entry) before any record is parsed. Files already in the
 * case are reported as duplicates; `seen` (sha256 → path) catches the same bytes twice within one job.
 */
export async function intakeFile(
  db: CaseDb,
  file: string,
  opts: ImportOptions,
  seen?: Map<string, string>,
): Promise<Intake> {
  const abs = path.resolve(file);
  const st = statSync(abs);
  const sha256 = await sha256File(abs);
  const base = { path: abs, sha256, rejects: [] as FileResult['rejects'] };
  const existing = db
    .prepare('SELECT id, sha256, status, format, records, events, rejected, merged FROM evidence WHERE sha256 = ?')
    .get(sha256) as EvidenceRow | undefined;
  const earlier = seen?.get(sha256);
  if (existing && (existing.status === 'complete' || earlier !== undefined)) {
    commitOpenWriters(opts);
    db.transaction(() =>
      recordCustody(db, 'import-skipped-duplicate', existing, opts.analyst, {
        path: abs,
        reason: earlier ? `same SHA-256 as ${earlier}, earlier in this import` : 'same SHA-256 already imported',
        ...(opts.provenance ? { provenance: opts.provenance } : {}),
      }),
    )();
    return {
      kind: 'done',
      result: {
        ...base,
        id: existing.id,
        format: existing.format,
        records: existing.records,
        events: existing.events,
        rejected: existing.rejected,
        merged: existing.merged,
        skipped_duplicate: true,
        resumed: false,
        status: 'complete',
      },
    };
  }
  seen?.set(sha256, abs);

  // Which importer reads it: decided from the file's first 64 KiB, before any record is parsed.
  const plan = await planParse(abs, opts.format, opts.mapping);
  const importer = plan.importer;
  const format = importer?.id ?? null;
  const optionsJson = JSON.stringify({
    format: opts.format ?? null,
    mapping: opts.mapping ?? null,
    ...(opts.provenance ? { provenance: opts.provenance } : {}),
  });
  const provenance = opts.provenance ? { provenance: opts.provenance } : {};

  let id = 0;
  let resumed = false;
  // Nothing awaits from here to the end of intake: no batch of another file is written in between.
  commitOpenWriters(opts);
  db.transaction(() => {
    if (existing) {
      resumed = true;
      id = existing.id;
      const discarded = db.prepare('SELECT count(*) FROM events WHERE evidence_id = ?').pluck().get(id) as number;
      discardPartial(db, id);
      db.prepare(
        `UPDATE evidence SET path = ?, name = ?, size = ?, mtime = ?, status = 'importing', error = NULL, records = 0, events = 0,
        rejected = 0, merged = 0, format = ?, importer_version = ?, options = ? WHERE id = ?`,
      ).run(
        abs,
        path.basename(abs),
        st.size,
        st.mtime.toISOString(),
        format,
        importer?.version ?? null,
        optionsJson,
        id,
      );
      recordCustody(db, 'import-resumed', { id, sha256 }, opts.analyst, {
        path: abs,
        previous_status: existing.status,
        discarded_partial_events: discarded,
        tool: `sessionscope ${VERSION}`,
        ...provenance,
      });
    } else {
      id = Number(
        db
          .prepare(
            `INSERT INTO evidence(path, name, size, mtime, sha256, status, added_at, analyst, format,
        importer_version, options) VALUES (?, ?, ?, ?, ?, 'importing', ?, ?, ?, ?, ?)`,
          )
          .run(
            abs,
            path.basename(abs),
            st.size,
            st.mtime.toISOString(),
            sha256,
            new Date().toISOString(),
            opts.analyst,
            format,
            importer?.version ?? null,
            optionsJson,
          ).lastInsertRowid,
      );
      recordCustody(db, 'intake', { id, sha256 }, opts.analyst, {
        path: abs,
        size: st.size,
        mtime: st.mtime.toISOString(),
        sha256,
        host: os.hostname(),
        tool: `sessionscope ${VERSION}`,
        ...provenance,
      });
    }
  })();
  const admitted = { id, abs, st, sha256, resumed };
  if ('unreadable' in plan)
    return { kind: 'done', result: failFile(db, admitted, format, opts.analyst, plan.unreadable) };
  return { kind: 'ready', file: { ...admitted, importer: plan.importer, request: plan.request } };
}

export type ParsePlan =
  { importer: Importer; request: ParseRequest } | { importer: Importer | null; unreadable: string };

/**
 * How a file is parsed: its importer (the one asked for, else the one that recognises its first 64 KiB) and the
 * reader's shape. Intake decides it; `verify --deep` decides it again to re-read a file the same way.
 */
export async function planParse(abs: string, format?: FormatId, mapping?: Record<string, unknown>): Promise<ParsePlan> {
  const sniffed = await sniffFile(abs);
  const importer: Importer | null = format
    ? getImporter(format)
    : sniffed.binary
      ? null
      : chooseImporter(sniffed.sample, sniffed);
  const shape = !importer
    ? null
    : importer.input === 'any'
      ? sniffed.jsonLayout
        ? 'json'
        : sniffed.csvDelimiter
          ? 'csv'
          : null
      : importer.input;
  if (!importer)
    return {
      importer,
      unreadable: sniffed.binary
        ? 'binary file: no importer reads it'
        : 'no importer recognises this file; pass --format',
    };
  if (shape === null) return { importer, unreadable: `neither JSON nor CSV, which the ${importer.id} importer reads` };
  if (shape === 'json' && !sniffed.jsonLayout)
    return { importer, unreadable: `not JSON, but the ${importer.id} importer reads JSON` };
  if (shape === 'csv' && !sniffed.csvDelimiter)
    return { importer, unreadable: `not CSV, but the ${importer.id} importer reads CSV` };
  return {
    importer,
    request: {
      file: abs,
      format: importer.id,
      shape,
      jsonLayout: sniffed.jsonLayout,
      csvDelimiter: sniffed.csvDelimiter,
      mapping,
    },
  };
}

export function failFile(
  db: CaseDb,
  f: { id: number; abs: string; sha256: string; resumed: boolean },
  format: string | null,
  analyst: string,
  message: string,
): FileResult {
  db.transaction(() => {
    db.prepare("UPDATE evidence SET status = 'failed', error = ? WHERE id = ?").run(message, f.id);
    recordCustody(db, 'import-failed', { id: f.id, sha256: f.sha256 }, analyst, { path: f.abs, error: message });
  })();
  return {
    path: f.abs,
    sha256: f.sha256,
    rejects: [],
    id: f.id,
    format,
    records: 0,
    events: 0,
    rejected: 0,
    merged: 0,
    skipped_duplicate: false,
    resumed: f.resumed,
    status: 'failed',
    error: message,
  };
}

/** Closes a parsed file: counts, digest and the custody entry that marks it complete. */
export function completeFile(db: CaseDb, f: Admitted, totals: ParseTotals, analyst: string): FileResult {
  const records = totals.records;
  if (totals.accounted !== records) {
    return failFile(
      db,
      f,
      f.importer.id,
      analyst,
      `internal: ${records} records read but ${totals.accounted} accounted for by the ${f.importer.id} importer`,
    );
  }
  db.transaction(() => {
    db.prepare(
      `UPDATE evidence SET status = 'complete', records = ?, events = ?, rejected = ?, merged = ?, events_digest = ?,
      first_ts = ?, last_ts = ?, completed_at = ? WHERE id = ?`,
    ).run(
      records,
      totals.events,
      totals.rejected,
      totals.merged,
      totals.digest,
      totals.firstTs,
      totals.lastTs,
      new Date().toISOString(),
      f.id,
    );
    recordCustody(db, 'import-complete', { id: f.id, sha256: f.sha256 }, analyst, {
      path: f.abs,
      format: f.importer.id,
      importer_version: f.importer.version,
      records,
      events: totals.events,
      rejected: totals.rejected,
      merged: totals.merged,
      events_digest: totals.digest,
      tool: `sessionscope ${VERSION}`,
    });
  })();
  return {
    path: f.abs,
    sha256: f.sha256,
    id: f.id,
    format: f.importer.id,
    records,
    events: totals.events,
    rejected: totals.rejected,
    merged: totals.merged,
    skipped_duplicate: false,
    resumed: f.resumed,
    status: 'complete',
    rejects: totals.firstRejects,
  };
}

/** Parses an admitted file into the case and closes it. Several may run at once on one parser: they queue. */
export async function parseFile(
  db: CaseDb,
  f: Admitted,
  opts: ImportOptions & { parser: Parser },
): Promise<FileResult> {
  const writer = new BatchWriter(db, f.id, f.importer.id, opts.ids);
  opts.openWriters?.add(writer);
  try {
    return await parseInto(db, f, opts, writer);
  } finally {
    opts.openWriters?.delete(writer);
  }
}

async function parseInto(
  db: CaseDb,
  f: Admitted,
  opts: ImportOptions & { parser: Parser },
  writer: BatchWriter,
): Promise<FileResult> {
  let lastProgress = 0;
  let seen = { events: 0, rejected: 0 };
  let totals: ParseTotals;
  try {
    totals = await opts.parser.parse(f.request, writer, (b) => {
      seen = { events: seen.events + b.events.length, rejected: seen.rejected + b.rejects.length };
      const now = Date.now();
      if (!opts.onProgress || now - lastProgress < 200) return;
      lastProgress = now;
      opts.onProgress({ path: f.abs, bytes_read: b.bytesRead, bytes_total: f.st.size, records: b.records, ...seen });
    });
    const changed = changedDuringIntake(f, totals);
    if (changed) {
      // Events from bytes no recorded hash covers are not kept.
      writer.rollback();
      db.transaction(() => discardPartial(db, f.id))();
      return failFile(db, f, f.importer.id, opts.analyst, changed);
    }
    writer.commit();
  } catch (e) {
    writer.rollback();
    // Batches committed before the failure are removed too: a failed file keeps no events, as its evidence row says.
    db.transaction(() => discardPartial(db, f.id))();
    const first = (e as Error).message.split('\n')[0];
    // Another process kept the case's write lock past the busy timeout: say so in words a user can act on.
    const why = /database is locked/.test(first)
      ? 'the case is busy: another process is writing to it (an import?); import this file again when it has finished'
      : first;
    return failFile(db, f, f.importer.id, opts.analyst, `import stopped: ${why}`);
  }
  opts.onProgress?.({
    path: f.abs,
    bytes_read: f.st.size,
    bytes_total: f.st.size,
    records: totals.records,
    events: totals.events,
    rejected: totals.rejected,
  });
  return completeFile(db, f, totals, opts.analyst);
}

/**
 * Why the file parsed is not the file recorded at intake, if it is not: the hash or length of the bytes the parse
 * read, or the size or modification time now, differ from intake's (a log still being written, a file replaced).
 */
function changedDuringIntake(f: Admitted, totals: ParseTotals): string | null {
  const again = 'nothing of it was kept; import it again once nothing writes to it';
  if (totals.sha256 !== f.sha256 || totals.bytes !== f.st.size)
    return `the file changed while it was imported: the ${totals.bytes} bytes parsed have SHA-256 ${totals.sha256.slice(0, 16)}…, intake recorded ${f.st.size} bytes with ${f.sha256.slice(0, 16)}…; ${again}`;
  let now: Stats;
  try {
    now = statSync(f.abs);
  } catch (e) {
    return `the file disappeared while it was imported (${(e as Error).message.split('\n')[0]}); ${again}`;
  }
  if (now.size !== f.st.size || now.mtimeMs !== f.st.mtimeMs)
    return `the file changed while it was imported (size ${f.st.size} → ${now.size}, modified ${f.st.mtime.toISOString()} → ${now.mtime.toISOString()}); ${again}`;
  return null;
}

/** Intake, parse and close one file (tests and single-file callers; jobs pipeline the steps over many files). */
export async function importFile(db: CaseDb, file: string, opts: ImportOptions): Promise<FileResult> {
  const intake = await intakeFile(db, file, opts);
  if (intake.kind === 'done') return intake.result;
  const parser = opts.parser ?? createParser();
  try {
    return await parseFile(db, intake.file, { ...opts, parser });
  } finally {
    if (!opts.parser) await parser.close();
  }
}

/** Removes what an interrupted import of this evidence file left behind. */
export function discardPartial(db: CaseDb, evidenceId: number): void {
  const ids = db.prepare('SELECT id FROM event_rows WHERE evidence_id = ?').pluck().all(evidenceId) as number[];
  const delFts = db.prepare('DELETE FROM events_fts WHERE rowid = ?');
  // Its values stay in the dictionary (search_values): a value without events only widens what a glob looks up.
  const delPostings = db.prepare('DELETE FROM search_postings WHERE rowid = ?');
  const delFacts = db.prepare('DELETE FROM event_facts WHERE event_id = ?');
  const delLinks = db.prepare('DELETE FROM event_links WHERE event_id = ?');
  const delDerived = db.prepare('DELETE FROM event_derived WHERE id = ?');
  for (const eid of ids) {
    delFts.run(eid);
    delPostings.run(eid);
    delFacts.run(eid);
    delLinks.run(eid);
    delDerived.run(eid);
  }
  db.prepare('DELETE FROM event_rows WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM rejects WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM merged WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM raw_blocks WHERE evidence_id = ?').run(evidenceId);
}

export { UserError };
