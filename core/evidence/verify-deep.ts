// `verify --deep`: what can only be checked by doing the work again. Every evidence file still at its path is
// parsed again exactly as at import, and each event compared with the stored one — raw record, normalized fields,
// record reference, rejects and merged records — so an event whose record, hashes, digest and custody entry were
// all recomputed is still caught while the evidence is at hand. The search index is compared term by term with
// one built from those records (a search must find what the records hold), and the derived tables with a fresh
// derivation run inside a transaction that is rolled back.
import { createHash } from 'node:crypto';
import type { CaseDb } from '../casefile/open.js';
import { canonicalJson } from '../casefile/chain.js';
import { DERIVED_TABLES } from '../casefile/tables.js';
import type { Facts } from '../model/event.js';
import { deriveAll } from '../derive/index.js';
import { canonicalRow, type CanonicalFields } from './canonical-row.js';
import { planParse } from './import-file.js';
import type { Parser } from './parse-and-write.js';
import type { BatchWriter } from './batch-writer.js';
import type { PreparedEvent } from './batch.js';
import type { Problem } from './verify.js';

/** The re-read writes nothing: the parser's writer is a no-op. */
const NO_WRITER = { write() {} } as unknown as BatchWriter;

/** Differences reported per evidence file before summarising the rest. */
const MAX_PER_FILE = 20;

export interface DeepEvidence {
  id: number;
  path: string;
  sha256: string;
  format: string | null;
  options: string | null;
  events_digest: string | null;
}

type Stored = CanonicalFields & { id: number; seq: number };

const STORED_COLS = `id, seq, ts, ref_line, ref_index, ref_offset, format, principal, principal_type, session_key, action,
  category, resource, resource_type, outcome, error_code, src_ip, user_agent, detail, raw_sha256`;

function freshFields(e: PreparedEvent, format: string): CanonicalFields {
  return {
    ref_line: e[2],
    ref_index: e[3],
    ref_offset: e[4],
    ts: e[0],
    format,
    principal: e[5],
    principal_type: e[6],
    session_key: e[7],
    action: e[8],
    category: e[9],
    resource: e[10],
    resource_type: e[11],
    outcome: e[12],
    error_code: e[13],
    src_ip: e[14],
    user_agent: e[15],
    detail: e[16],
    raw_sha256: e[20],
    facts: e[22],
  };
}

/**
 * The search index built again from the re-read records, in this connection's temporary schema (it works on a
 * read-only connection too, and nothing of it reaches the case file).
 */
export class FreshIndex {
  private readonly ins;
  private readonly id;
  size = 0;

  /** keepDocs: also keep each document (temp.verify_fresh_docs), for the repair that rebuilds the index from them. */
  constructor(
    private readonly db: CaseDb,
    private readonly keepDocs = false,
  ) {
    const sql = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events_fts'")
      .pluck()
      .get() as string;
    this.close();
    db.exec(sql.replace(/^CREATE VIRTUAL TABLE events_fts /, 'CREATE VIRTUAL TABLE temp.verify_fresh_fts '));
    db.exec('CREATE TABLE temp.verify_fresh_ids(id INTEGER PRIMARY KEY)');
    this.ins = db.prepare('INSERT INTO temp.verify_fresh_fts(rowid, doc) VALUES (?, ?)');
    this.id = db.prepare('INSERT INTO temp.verify_fresh_ids(id) VALUES (?)');
    if (keepDocs) {
      db.exec('CREATE TABLE temp.verify_fresh_docs(id INTEGER PRIMARY KEY, doc TEXT NOT NULL)');
      this.doc = db.prepare('INSERT INTO temp.verify_fresh_docs(id, doc) VALUES (?, ?)');
    }
  }

  private doc: { run(id: number, doc: string): unknown } | null = null;

  private pending: [number, string][] = [];

  add(id: number, doc: string): void {
    this.size++;
    this.pending.push([id, doc]);
    if (this.pending.length >= 2000) this.flush();
  }

  /** In transactions of a few thousand: one per document would cost a journal round each. */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [id, doc] of batch) {
        this.ins.run(id, doc);
        this.id.run(id);
        this.doc?.run(id, doc);
      }
    })();
  }

  close(): void {
    for (const t of [
      'verify_fresh_fts',
      'verify_fresh_ids',
      'verify_fresh_docs',
      'verify_vocab_case',
      'verify_vocab_fresh',
    ])
      this.db.exec(`DROP TABLE IF EXISTS temp.${t}`);
  }
}

/** Parses one evidence file again and compares it with what the case holds. Returns the events compared. */
export async function reReadFile(
  db: CaseDb,
  ev: DeepEvidence,
  facts: Map<number, Facts>,
  index: FreshIndex,
  problems: Problem[],
  parser: Parser,
): Promise<{ compared: number; ok: boolean }> {
  const label = `evidence ${ev.id} (${ev.path})`;
  let reported = 0;
  let more = 0;
  const report = (message: string, event_id?: number) => {
    if (reported < MAX_PER_FILE) {
      reported++;
      problems.push({ check: 'evidence-reread', evidence_id: ev.id, event_id, message });
    } else more++;
  };
  let options: { format?: string | null; mapping?: Record<string, unknown> | null } = {};
  try {
    options = ev.options ? (JSON.parse(ev.options) as typeof options) : {};
  } catch {
    report(`${label}: its import options are unreadable; not re-read`);
    return { compared: 0, ok: false };
  }
  const plan = await planParse(ev.path, (ev.format ?? undefined) as never, options.mapping ?? undefined);
  if ('unreadable' in plan) {
    report(`${label}: cannot be parsed again (${plan.unreadable})`);
    return { compared: 0, ok: false };
  }
  const format = plan.importer.id;
  const storedStmt = db.prepare(
    `SELECT ${STORED_COLS} FROM event_rows WHERE evidence_id = ? AND seq > ? ORDER BY seq LIMIT 2000`,
  );
  let buffer: Stored[] = [];
  let at = 0;
  let lastSeq = 0;
  let exhausted = false;
  const nextStored = (): Stored | null => {
    if (at >= buffer.length && !exhausted) {
      buffer = (
        storedStmt.all(ev.id, lastSeq) as (Omit<Stored, 'raw_sha256' | 'facts'> & { raw_sha256: Buffer })[]
      ).map((r) => ({ ...r, raw_sha256: r.raw_sha256.toString('hex'), facts: facts.get(r.id) ?? null }));
      at = 0;
      if (buffer.length === 0) exhausted = true;
      else lastSeq = buffer[buffer.length - 1].seq;
    }
    return at < buffer.length ? buffer[at++] : null;
  };
  const storedRejects = db
    .prepare(
      'SELECT ref_line, ref_index, ref_offset, reason, raw_sha256 FROM rejects WHERE evidence_id = ? ORDER BY id',
    )
    .all(ev.id) as {
    ref_line: number | null;
    ref_index: number | null;
    ref_offset: number | null;
    reason: string;
    raw_sha256: Buffer | null;
  }[];
  const storedMerged = db
    .prepare('SELECT ref_line, ref_index, ref_offset, event_id FROM merged WHERE evidence_id = ? ORDER BY id')
    .all(ev.id) as { ref_line: number | null; ref_index: number | null; ref_offset: number | null; event_id: number }[];
  let compared = 0;
  let fresh = 0;
  let rejectAt = 0;
  let mergedAt = 0;
  let mergedDiff = false;
  let rejectDiff = false;
  // The parse runs on the import's parse worker; this thread compares as batches arrive. Nothing is written.
  const totals = await parser.parse(plan.request, NO_WRITER, (b) => {
    for (const e of b.events) {
      fresh++;
      const s = nextStored();
      if (!s) continue;
      compared++;
      const f = freshFields(e, format);
      if (f.raw_sha256 !== s.raw_sha256)
        report(`${label}: event ${s.id} (#${s.seq}) — its raw record is not the file's record ${describeRef(f)}`, s.id);
      else if (canonicalRow(f) !== canonicalRow(s))
        report(
          `${label}: event ${s.id} (#${s.seq}) — its normalized fields differ from a fresh parse of its record`,
          s.id,
        );
      index.add(s.id, e[21]);
      for (const ref of e[23] ?? []) {
        const m = storedMerged[mergedAt++];
        const r = ref as { line?: number; index?: number; offset?: number };
        if (
          !m ||
          m.event_id !== s.id ||
          m.ref_line !== (r.line ?? null) ||
          m.ref_index !== (r.index ?? null) ||
          m.ref_offset !== (r.offset ?? null)
        )
          mergedDiff = true;
      }
    }
    for (const r of b.rejects) {
      const s = storedRejects[rejectAt++];
      const sha = s?.raw_sha256 ? s.raw_sha256.toString('hex') : '';
      if (
        !s ||
        s.ref_line !== r[0] ||
        s.ref_index !== r[1] ||
        s.ref_offset !== r[2] ||
        s.reason !== r[3] ||
        sha !== r[7]
      )
        rejectDiff = true;
    }
  });
  let storedCount = compared;
  while (nextStored()) storedCount++;
  if (fresh !== storedCount)
    report(`${label}: the file yields ${fresh} events, the case holds ${storedCount} (events were added or removed)`);
  if (totals.digest !== ev.events_digest)
    report(`${label}: a fresh parse gives another events digest than the one recorded at import`);
  if (rejectDiff || rejectAt !== storedRejects.length)
    report(
      `${label}: the rejected records differ from a fresh parse (${rejectAt} rejected now, ${storedRejects.length} stored)`,
    );
  if (mergedDiff || mergedAt !== storedMerged.length)
    report(`${label}: the merged records differ from a fresh parse (${mergedAt} now, ${storedMerged.length} stored)`);
  if (more > 0)
    problems.push({ check: 'evidence-reread', evidence_id: ev.id, message: `${label}: and ${more} more differences` });
  return { compared, ok: reported === 0 };
}

function describeRef(f: CanonicalFields): string {
  if (f.ref_line !== null) return `at line ${f.ref_line}`;
  if (f.ref_index !== null) return `at index ${f.ref_index}`;
  if (f.ref_offset !== null) return `at byte ${f.ref_offset}`;
  return '';
}

/**
 * Compares the case's search index with the fresh one, for the events re-read: every term at every position. Per
 * term, SQLite lists its (event, position) pairs — fts5vocab's instance table yields them in term, event, position
 * order, on both sides alike — and the lists are compared by hash; only a term that differs is read pair by pair.
 * Returns the ids of events indexed differently (a search would miss them or find them for words they lack).
 */
export function compareIndex(db: CaseDb, fresh: FreshIndex): number[] {
  fresh.flush();
  db.exec('CREATE VIRTUAL TABLE temp.verify_vocab_case USING fts5vocab(main, events_fts, instance)');
  db.exec('CREATE VIRTUAL TABLE temp.verify_vocab_fresh USING fts5vocab(temp, verify_fresh_fts, instance)');
  const all = (db.prepare('SELECT count(*) FROM event_rows').pluck().get() as number) === fresh.size;
  // Events of files not re-read are left out (when every event was re-read, nothing is).
  const only = all ? '' : ' WHERE doc IN (SELECT id FROM temp.verify_fresh_ids)';
  const lists = (vocab: string, where: string) =>
    db
      .prepare(`SELECT term, group_concat(doc || ':' || offset) FROM temp.${vocab}${where} GROUP BY term`)
      .raw()
      .iterate() as Iterable<[string, string]>;
  const digest = (s: string) => createHash('sha256').update(s).digest('base64');
  const caseTerms = new Map<string, string>();
  for (const [term, list] of lists('verify_vocab_case', only)) caseTerms.set(term, digest(list));
  const differing: string[] = [];
  for (const [term, list] of lists('verify_vocab_fresh', '')) {
    if (caseTerms.get(term) !== digest(list)) differing.push(term);
    caseTerms.delete(term);
  }
  differing.push(...caseTerms.keys());
  const bad = new Set<number>();
  const pairs = (vocab: string, term: string, where: string) =>
    new Set(
      (
        db
          .prepare(`SELECT doc || ':' || offset FROM temp.${vocab} WHERE term = ?${where.replace(' WHERE', ' AND')}`)
          .pluck()
          .all(term) as string[]
      ).values(),
    );
  for (const term of differing) {
    const a = pairs('verify_vocab_case', term, only);
    const b = pairs('verify_vocab_fresh', term, '');
    for (const p of a) if (!b.has(p)) bad.add(Number(p.slice(0, p.indexOf(':'))));
    for (const p of b) if (!a.has(p)) bad.add(Number(p.slice(0, p.indexOf(':'))));
  }
  return [...bad].sort((p, q) => p - q);
}

/**
 * An order-independent digest of a derived table (rows that say nothing — an event with no derived value — skipped).
 */
function tableDigest(db: CaseDb, table: string): { rows: number; digest: string } {
  const where =
    table === 'event_derived' ? ' WHERE NOT (identity_id IS NULL AND session_id IS NULL AND flags = 0)' : '';
  const hashes: string[] = [];
  for (const r of db.prepare(`SELECT * FROM ${table}${where}`).iterate() as Iterable<Record<string, unknown>>) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(r)) o[k] = Buffer.isBuffer(r[k]) ? (r[k] as Buffer).toString('hex') : r[k];
    hashes.push(createHash('sha256').update(canonicalJson(o)).digest('hex'));
  }
  hashes.sort();
  const h = createHash('sha256');
  for (const x of hashes) h.update(x);
  return { rows: hashes.length, digest: h.digest('hex') };
}

/**
 * Derives again, inside a transaction that is rolled back, and names every derived table whose content differs
 * from what the case holds: identities, sessions, flags… that no longer follow from the events.
 */
export function compareDerived(db: CaseDb): { table: string; stored: number; derived: number }[] {
  const out: { table: string; stored: number; derived: number }[] = [];
  db.exec('BEGIN IMMEDIATE');
  try {
    const before = new Map(DERIVED_TABLES.map((t) => [t, tableDigest(db, t)]));
    deriveAll(db);
    for (const t of DERIVED_TABLES) {
      const now = tableDigest(db, t);
      const was = before.get(t)!;
      if (now.digest !== was.digest) out.push({ table: t, stored: was.rows, derived: now.rows });
    }
  } finally {
    db.exec('ROLLBACK');
  }
  return out;
}
