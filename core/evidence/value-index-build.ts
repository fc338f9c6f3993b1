// Builds the value index (core/model/search/value-index.ts) of events imported before it existed: a case
// migrated to schema 12 holds `value_index = pending` in case_meta until this has run. One evidence file per
// transaction, and only events without postings, so an interrupted build resumes where it stopped and events
// imported since the migration (indexed by their import) are left alone. Until it completes, a field glob reads
// the events as before (field-sql.ts).
import type { CaseDb } from '../casefile/open.js';
import { getMeta } from '../casefile/meta.js';
import { ValueTokens, VALUE_INDEX_ORDER } from '../model/search/value-index.js';

export const VALUE_INDEX_KEY = 'value_index';

/** Whether every event has its postings and every value its dictionary row. */
export function valueIndexReady(db: CaseDb): boolean {
  return getMeta(db, VALUE_INDEX_KEY) !== 'pending';
}

/** Events read and indexed per transaction (memory stays bounded whatever a file holds). */
const CHUNK = 20_000;

/** Builds what is pending; returns how many events it indexed, or null when nothing was pending. */
export function buildPendingValueIndex(db: CaseDb, onFile?: (done: number, files: number) => void): number | null {
  if (valueIndexReady(db)) return null;
  const files = db.prepare('SELECT id FROM evidence ORDER BY id').pluck().all() as number[];
  const rows = db.prepare(
    `SELECT r.seq, r.id, ${VALUE_INDEX_ORDER.map((c) => 'r.' + c).join(', ')} FROM event_rows r
     WHERE r.evidence_id = ? AND r.seq > ? AND NOT EXISTS (SELECT 1 FROM search_postings_docsize d WHERE d.id = r.id)
     ORDER BY r.seq LIMIT ${CHUNK}`,
  );
  const post = db.prepare('INSERT INTO search_postings(rowid, t) VALUES (?, ?)');
  const put = db.prepare('INSERT OR IGNORE INTO search_values(field, value) VALUES (?, ?)');
  let events = 0;
  files.forEach((evidenceId, i) => {
    let seq = 0;
    for (;;) {
      const found = db
        .transaction(() => {
          // What was remembered may be in a chunk rolled back: each chunk starts afresh.
          const tokens = new ValueTokens();
          const fresh: string[] = [];
          // All rows of the chunk first: the statement reads the table this loop writes.
          const chunk = rows.raw().all(evidenceId, seq) as (number | string | null)[][];
          for (const r of chunk) {
            const doc = tokens.doc(r.slice(2) as (string | null)[], fresh);
            if (doc !== '') post.run(r[1], doc);
          }
          for (let j = 0; j < fresh.length; j += 2) put.run(fresh[j], fresh[j + 1]);
          return chunk;
        })
        .immediate();
      if (found.length === 0) break;
      events += found.length;
      seq = found[found.length - 1][0] as number;
    }
    onFile?.(i + 1, files.length);
  });
  db.prepare('DELETE FROM case_meta WHERE key = ?').run(VALUE_INDEX_KEY);
  return events;
}

/** Drops the value index and builds it again from the rows (`repair --search-index`). */
export function rebuildValueIndex(db: CaseDb): number {
  db.transaction(() => {
    db.exec("INSERT INTO search_postings(search_postings) VALUES ('delete-all'); DELETE FROM search_values");
    db.prepare('INSERT OR REPLACE INTO case_meta(key, value) VALUES (?, ?)').run(VALUE_INDEX_KEY, 'pending');
  }).immediate();
  return buildPendingValueIndex(db) ?? 0;
}

const nonEmpty = (c: string) => `(r.${c} IS NOT NULL AND r.${c} != '')`;

/**
 * What `verify` finds wrong with the value index: events without postings or postings without an event, and
 * values the dictionary lacks (a glob would miss their events). Nothing while it is pending (not built yet).
 */
export function valueIndexProblems(db: CaseDb): string[] {
  if (!valueIndexReady(db)) return [];
  const out: string[] = [];
  const anyValue = VALUE_INDEX_ORDER.map(nonEmpty).join(' OR ');
  const missing = db
    .prepare(
      `SELECT count(*) AS n, min(r.id) AS first FROM event_rows r
       WHERE (${anyValue}) AND NOT EXISTS (SELECT 1 FROM search_postings_docsize d WHERE d.id = r.id)`,
    )
    .get() as { n: number; first: number | null };
  if (missing.n > 0)
    out.push(`the value index has no postings for ${missing.n} events (the first: event ${missing.first})`);
  const orphans = db
    .prepare(
      'SELECT count(*) FROM search_postings_docsize d WHERE NOT EXISTS (SELECT 1 FROM event_rows r WHERE r.id = d.id)',
    )
    .pluck()
    .get() as number;
  if (orphans > 0) out.push(`the value index has postings for ${orphans} events the case does not hold`);
  for (const c of VALUE_INDEX_ORDER) {
    const lost = db
      .prepare(
        `SELECT count(*) AS n, min(r.${c}) AS example FROM event_rows r WHERE ${nonEmpty(c)}
         AND NOT EXISTS (SELECT 1 FROM search_values v WHERE v.field = ? AND v.value = r.${c})`,
      )
      .get(c) as { n: number; example: string | null };
    if (lost.n > 0)
      out.push(
        `the value index's dictionary lacks values of ${c} held by ${lost.n} events (e.g. ${JSON.stringify(lost.example)})`,
      );
  }
  return out;
}
