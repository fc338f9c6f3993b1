// The case summary (`info`, the case home view).
import type { QueryProvenance } from '../evidence/provenance.js';
import type { CaseDb } from '../casefile/open.js';
import { getMeta } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { enrichmentInfo, type EnrichmentDataset } from './enrichment.js';
import type { FormatId } from '../model/event.js';

export interface EvidenceInfo {
  id: number;
  path: string;
  name: string;
  size: number;
  sha256: string;
  format: FormatId | null;
  status: string;
  records: number;
  events: number;
  rejected: number;
  merged: number;
  added_at: string;
  completed_at: string | null;
  first_ts: string | null;
  last_ts: string | null;
  error: string | null;
  /** The query that produced the file, when it is a slice from a query engine (stated at import). */
  provenance?: QueryProvenance;
}

export interface CaseInfo {
  name: string;
  analyst: string | null;
  created_at: string | null;
  display_tz: string;
  events: number;
  identities: number;
  sessions: number;
  rejected: number;
  time_range: { from: string | null; to: string | null };
  sources: { format: FormatId; events: number }[];
  evidence: EvidenceInfo[];
  /**
   * Files not completely imported — an import running now, or one interrupted (Ctrl-C, a crash): their events so
   * far are in the case (and in every list), and counted in `events`; importing the file again completes it.
   */
  incomplete: { id: number; path: string; status: string; events: number }[];
  /** The IP intelligence datasets the last derivation looked addresses up in (name, version, date, SHA-256…). */
  enrichment: EnrichmentDataset[];
}

function count(db: CaseDb, table: string, where?: string): number {
  return db
    .prepare(`SELECT count(*) FROM ${table}${where ? ` WHERE ${where}` : ''}`)
    .pluck()
    .get() as number;
}

export function listEvidence(db: CaseDb): EvidenceInfo[] {
  const rows = db
    .prepare(
      `SELECT id, path, name, size, sha256, format, status, records, events, rejected, merged, added_at,
    completed_at, first_ts, last_ts, error, options FROM evidence ORDER BY id`,
    )
    .all() as (Omit<EvidenceInfo, 'first_ts' | 'last_ts'> & {
    first_ts: number | null;
    last_ts: number | null;
    options: string | null;
  })[];
  return rows.map(({ options, ...r }) => {
    const provenance = options ? (JSON.parse(options) as { provenance?: QueryProvenance }).provenance : undefined;
    return {
      ...r,
      first_ts: r.first_ts === null ? null : formatMicros(r.first_ts),
      last_ts: r.last_ts === null ? null : formatMicros(r.last_ts),
      ...(provenance ? { provenance } : {}),
    };
  });
}

export function caseInfo(db: CaseDb): CaseInfo {
  // Read in one transaction: counts from one committed state, even while an import commits batches.
  return db.transaction(() => readInfo(db))();
}

function readInfo(db: CaseDb): CaseInfo {
  const evidence = listEvidence(db);
  // Events of files still importing (or interrupted) are in the events table, and every list shows them: count
  // them as they are, so `info` and `events` agree.
  const partialCount = db.prepare('SELECT count(*) FROM events WHERE evidence_id = ?').pluck();
  const incomplete: CaseInfo['incomplete'] = [];
  for (const e of evidence)
    if (e.status !== 'complete') {
      e.events = partialCount.get(e.id) as number;
      incomplete.push({ id: e.id, path: e.path, status: e.status, events: e.events });
    }
  const complete = db
    .prepare(
      "SELECT sum(events) AS events, sum(rejected) AS rejected, min(first_ts) AS lo, max(last_ts) AS hi FROM evidence WHERE status = 'complete'",
    )
    .get() as { events: number | null; rejected: number | null; lo: number | null; hi: number | null };
  const sources = db
    .prepare(
      "SELECT format, sum(events) AS events FROM evidence WHERE status = 'complete' AND format IS NOT NULL GROUP BY format ORDER BY events DESC",
    )
    .all() as { format: FormatId; events: number }[];
  return {
    name: getMeta(db, 'name') ?? '',
    analyst: getMeta(db, 'analyst'),
    created_at: getMeta(db, 'created_at'),
    display_tz: getMeta(db, 'display_tz') ?? 'UTC',
    events: (complete.events ?? 0) + incomplete.reduce((s, e) => s + e.events, 0),
    identities: count(db, 'identities', 'live = 1'),
    sessions: count(db, 'sessions'),
    rejected: complete.rejected ?? 0,
    time_range: {
      from: complete.lo === null ? null : formatMicros(complete.lo),
      to: complete.hi === null ? null : formatMicros(complete.hi),
    },
    sources,
    evidence,
    incomplete,
    enrichment: enrichmentInfo(db),
  };
}
