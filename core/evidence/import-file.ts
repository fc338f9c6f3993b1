// Imports one evidence file: hash and record it (custody) before reading a record, pick the importer, stream
// records through it into the writer, and close with counts and a digest. Every record ends as exactly one of
// event, reject or merged; an interrupted import is discarded and redone on the next attempt.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { FormatId, RecordRef } from '../model/event.js';
import { VERSION } from '../version.js';
import { recordCustody } from './custody.js';
import { sha256File } from './hash.js';
import { BatchWriter } from './batch-writer.js';
import { createParser, type Parser } from './parse-and-write.js';
import type { ParseTotals } from './batch.js';
import { chooseImporter, getImporter } from '../../importers/registry.js';
import type { Importer } from '../../importers/types.js';
import { readHead } from '../../importers/read/source.js';
import { sniff } from '../../importers/read/sniff.js';

export interface ImportOptions {
  format?: FormatId;
  mapping?: Record<string, unknown>;
  analyst: string;
  onProgress?: (p: FileProgress) => void;
  /** The job's parser (one worker for all its files); a private one is made when absent. */
  parser?: Parser;
}

export interface FileProgress { path: string; bytesRead: number; bytesTotal: number; records: number; events: number; rejected: number }

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
  id: number; sha256: string; status: string; format: string | null; records: number; events: number; rejected: number; merged: number;
}

export async function importFile(db: CaseDb, file: string, opts: ImportOptions): Promise<FileResult> {
  const abs = path.resolve(file);
  const st = statSync(abs);
  const sha256 = await sha256File(abs);
  const existing = db.prepare('SELECT id, sha256, status, format, records, events, rejected, merged FROM evidence WHERE sha256 = ?').get(sha256) as EvidenceRow | undefined;
  const base = { path: abs, sha256, rejects: [] as FileResult['rejects'] };

  if (existing && existing.status === 'complete') {
    db.transaction(() => recordCustody(db, 'import-skipped-duplicate', existing, opts.analyst, { path: abs, reason: 'same SHA-256 already imported' }))();
    return {
      ...base, id: existing.id, format: existing.format, records: existing.records, events: existing.events, rejected: existing.rejected,
      merged: existing.merged, skipped_duplicate: true, resumed: false, status: 'complete',
    };
  }

  // Intake: the evidence row and its custody entry commit before any record is read.
  let evidenceId: number;
  let resumed = false;
  db.transaction(() => {
    if (existing) {
      resumed = true;
      evidenceId = existing.id;
      const discarded = db.prepare('SELECT count(*) FROM events WHERE evidence_id = ?').pluck().get(evidenceId) as number;
      discardPartial(db, evidenceId);
      db.prepare(`UPDATE evidence SET path = ?, name = ?, size = ?, mtime = ?, status = 'importing', error = NULL, records = 0, events = 0,
        rejected = 0, merged = 0 WHERE id = ?`).run(abs, path.basename(abs), st.size, st.mtime.toISOString(), evidenceId);
      recordCustody(db, 'import-resumed', { id: evidenceId, sha256 }, opts.analyst, {
        path: abs, previous_status: existing.status, discarded_partial_events: discarded, tool: `sessionscope ${VERSION}`,
      });
    } else {
      evidenceId = Number(db.prepare(`INSERT INTO evidence(path, name, size, mtime, sha256, status, added_at, analyst)
        VALUES (?, ?, ?, ?, ?, 'importing', ?, ?)`).run(abs, path.basename(abs), st.size, st.mtime.toISOString(), sha256,
        new Date().toISOString(), opts.analyst).lastInsertRowid);
      recordCustody(db, 'intake', { id: evidenceId, sha256 }, opts.analyst, {
        path: abs, size: st.size, mtime: st.mtime.toISOString(), sha256, host: os.hostname(), tool: `sessionscope ${VERSION}`,
      });
    }
  })();
  const id = evidenceId!;

  const fail = (message: string, format: string | null): FileResult => {
    db.transaction(() => {
      db.prepare("UPDATE evidence SET status = 'failed', error = ?, format = ? WHERE id = ?").run(message, format, id);
      recordCustody(db, 'import-failed', { id, sha256 }, opts.analyst, { path: abs, error: message });
    })();
    return { ...base, id, format, records: 0, events: 0, rejected: 0, merged: 0, skipped_duplicate: false, resumed, status: 'failed', error: message };
  };

  const head = await readHead(abs);
  const sniffed = sniff(abs, head.bytes, head.complete);
  let importer: Importer | null;
  if (opts.format) {
    importer = getImporter(opts.format);
  } else {
    importer = sniffed.binary ? null : chooseImporter(sniffed.sample, sniffed);
  }
  if (!importer) {
    return fail(sniffed.binary
      ? 'binary file: no importer reads it'
      : 'no importer recognises this file; pass --format', null);
  }
  const shape = importer.input === 'any' ? (sniffed.jsonLayout ? 'json' : sniffed.csvDelimiter ? 'csv' : null) : importer.input;
  if (shape === null) return fail(`neither JSON nor CSV, which the ${importer.id} importer reads`, importer.id);
  if (shape === 'json' && !sniffed.jsonLayout) {
    return fail(`not JSON, but the ${importer.id} importer reads JSON`, importer.id);
  }
  if (shape === 'csv' && !sniffed.csvDelimiter) {
    return fail(`not CSV, but the ${importer.id} importer reads CSV`, importer.id);
  }
  db.prepare('UPDATE evidence SET format = ?, importer_version = ?, options = ? WHERE id = ?')
    .run(importer.id, importer.version, JSON.stringify({ format: opts.format ?? null, mapping: opts.mapping ?? null }), id);

  const writer = new BatchWriter(db, id, importer.id);
  const parser = opts.parser ?? createParser();
  // Bulk writes: checkpoint the WAL into the case less often (every ~80 MB instead of ~4 MB), and let the event
  // batches commit without an fsync each (synchronous=NORMAL). Safe: WAL frames are replayed in order, so a power
  // loss can only drop the newest batches — and then the file is not marked complete either, because the
  // completion below commits with synchronous=FULL, which makes everything before it durable first. A crashed
  // or killed process loses nothing committed in either mode.
  const checkpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 20000');
  db.pragma('synchronous = NORMAL');
  let lastProgress = 0;
  const progress = (b: { bytesRead: number; records: number }, t: { events: number; rejected: number }) => {
    const now = Date.now();
    if (!opts.onProgress || now - lastProgress < 200) return;
    lastProgress = now;
    opts.onProgress({ path: abs, bytesRead: b.bytesRead, bytesTotal: st.size, records: b.records, events: t.events, rejected: t.rejected });
  };
  let seen = { events: 0, rejected: 0 };
  let totals: ParseTotals;
  try {
    totals = await parser.parse(
      { file: abs, format: importer.id, shape, jsonLayout: sniffed.jsonLayout, csvDelimiter: sniffed.csvDelimiter, mapping: opts.mapping },
      writer,
      (b) => {
        seen = { events: seen.events + b.events.length, rejected: seen.rejected + b.rejects.length };
        progress(b, seen);
      });
    writer.commit();
  } catch (e) {
    writer.rollback();
    return fail(`import stopped: ${(e as Error).message.split('\n')[0]}`, importer.id);
  } finally {
    db.pragma('synchronous = FULL');
    db.pragma(`wal_autocheckpoint = ${checkpointPages}`);
    if (!opts.parser) await parser.close();
  }
  opts.onProgress?.({ path: abs, bytesRead: st.size, bytesTotal: st.size, records: totals.records, events: totals.events, rejected: totals.rejected });

  const records = totals.records;
  if (totals.accounted !== records) {
    return fail(`internal: ${records} records read but ${totals.accounted} accounted for by the ${importer.id} importer`, importer.id);
  }
  const digest = totals.digest;
  db.transaction(() => {
    db.prepare(`UPDATE evidence SET status = 'complete', records = ?, events = ?, rejected = ?, merged = ?, events_digest = ?,
      first_ts = ?, last_ts = ?, completed_at = ? WHERE id = ?`).run(records, totals.events, totals.rejected, totals.merged, digest,
      totals.firstTs, totals.lastTs, new Date().toISOString(), id);
    recordCustody(db, 'import-complete', { id, sha256 }, opts.analyst, {
      path: abs, format: importer!.id, importer_version: importer!.version, records, events: totals.events,
      rejected: totals.rejected, merged: totals.merged, events_digest: digest, tool: `sessionscope ${VERSION}`,
    });
  })();
  return {
    ...base, id, format: importer.id, records, events: totals.events, rejected: totals.rejected, merged: totals.merged,
    skipped_duplicate: false, resumed, status: 'complete', rejects: totals.firstRejects,
  };
}

/** Removes what an interrupted import of this evidence file left behind. */
export function discardPartial(db: CaseDb, evidenceId: number): void {
  const ids = db.prepare('SELECT id FROM events WHERE evidence_id = ?').pluck().all(evidenceId) as number[];
  const delFts = db.prepare('DELETE FROM events_fts WHERE rowid = ?');
  const delFacts = db.prepare('DELETE FROM event_facts WHERE event_id = ?');
  const delLinks = db.prepare('DELETE FROM event_links WHERE event_id = ?');
  for (const eid of ids) {
    delFts.run(eid);
    delFacts.run(eid);
    delLinks.run(eid);
  }
  db.prepare('DELETE FROM events WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM rejects WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM merged WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM raw_blocks WHERE evidence_id = ?').run(evidenceId);
}

export { UserError };
