// `repair CASE --search-index`: rebuilds a damaged full-text index. The index is contentless (it keeps no copy of
// the text it indexes) and each event's document holds values of its raw record as its importer read them, so it
// cannot be rebuilt from the stored events alone: every evidence file is parsed again exactly as at import (as
// `verify --deep` does), and only when each one is at its path with its recorded SHA-256 and yields exactly the
// events the case holds are the documents written into a fresh index. Evidence — events, raw records, digests —
// is read, never written; the custody log records the rebuild.
import { existsSync } from 'node:fs';
import type { CaseDb } from '../casefile/open.js';
import { recordCustody } from '../casefile/custody.js';
import { describeIndexProblems, indexProblems, indexState, recordProven } from '../casefile/search-index.js';
import { UserError } from '../errors.js';
import { sha256File } from './hash.js';
import { FreshIndex, reReadFile } from './verify-deep.js';
import { createParser } from './parse-and-write.js';
import { loadFacts, type Problem } from './verify.js';
import { rebuildValueIndex } from './value-index-build.js';

export interface RepairResult {
  /** What was wrong with the index before (empty: it was whole, and was rebuilt anyway). */
  found: string[];
  evidence_files: number;
  events_indexed: number;
}

interface Ev {
  id: number;
  path: string;
  sha256: string;
  status: string;
  format: string | null;
  options: string | null;
  events_digest: string | null;
}

export async function rebuildSearchIndex(db: CaseDb, analyst: string): Promise<RepairResult> {
  let found: string[];
  try {
    found = describeIndexProblems(indexProblems(db));
  } catch (e) {
    found = [`the full-text index cannot be read (${(e as Error).message.split('\n')[0]})`];
  }
  const evidence = db
    .prepare('SELECT id, path, sha256, status, format, options, events_digest FROM evidence ORDER BY id')
    .all() as Ev[];
  const incomplete = evidence.filter((e) => e.status !== 'complete');
  if (incomplete.length > 0)
    throw new UserError(
      'CONFLICT',
      `evidence ${incomplete.map((e) => `#${e.id} ${e.path}`).join(', ')} is not completely imported: import it again to complete it, then repair the index`,
    );
  const away: string[] = [];
  for (const e of evidence) {
    if (!existsSync(e.path)) away.push(`#${e.id} ${e.path} (not at its path)`);
    else if ((await sha256File(e.path).catch(() => null)) !== e.sha256)
      away.push(`#${e.id} ${e.path} (changed since import)`);
  }
  if (away.length > 0)
    throw new UserError(
      'NOT_FOUND',
      `the search index is rebuilt from the evidence files, and these are not at hand as imported: ${away.join(', ')}. Put them back at their paths (the SHA-256 must match), then repair again; nothing was changed`,
    );

  const index = new FreshIndex(db, true);
  const parser = createParser();
  try {
    const facts = loadFacts(db);
    const problems: Problem[] = [];
    for (const e of evidence) await reReadFile(db, e, facts, index, problems, parser);
    if (problems.length > 0)
      throw new UserError(
        'CASE_DAMAGED',
        `the evidence files parsed again do not give the events the case holds (${problems[0].message}${problems.length > 1 ? `; and ${problems.length - 1} more` : ''}): the index was not rebuilt from them. Run \`sessionscope verify CASE --deep\``,
      );
    index.flush();
    const events = db.prepare('SELECT count(*) FROM event_rows').pluck().get() as number;
    if (index.size !== events)
      throw new UserError(
        'CASE_DAMAGED',
        `the evidence files gave ${index.size} events, the case holds ${events}: the index was not rebuilt. Run \`sessionscope verify CASE --deep\``,
      );
    db.transaction(() => {
      db.exec("INSERT INTO events_fts(events_fts) VALUES ('delete-all')");
      db.exec('INSERT INTO events_fts(rowid, doc) SELECT id, doc FROM temp.verify_fresh_docs ORDER BY id');
      recordCustody(db, 'search-index-rebuilt', null, analyst, {
        evidence_files: evidence.length,
        events_indexed: index.size,
        found,
      });
    }).immediate();
  } finally {
    index.close();
    await parser.close();
  }
  const after = describeIndexProblems(indexProblems(db));
  if (after.length > 0)
    throw new UserError('CASE_DAMAGED', `the rebuilt search index is still not whole: ${after.join('; ')}`);
  recordProven(db, indexState(db));
  // The value index (field filters) is built from the rows alone: rebuilt with it.
  rebuildValueIndex(db);
  return {
    found,
    evidence_files: evidence.length,
    events_indexed: db.prepare('SELECT count(*) FROM events_fts_docsize').pluck().get() as number,
  };
}
