// Is the search index whole? A search answers from the full-text index (events_fts) alone, so an index that lost
// rows, or whose segments are damaged, answers with events missing and no error (issue 15 §4). Two checks:
//
// - rows: the index holds a row for every event and for nothing else (its per-document sizes, events_fts_docsize,
//   against event_rows, id by id);
// - structure: FTS5's own integrity check of its segments, run through `PRAGMA quick_check(events_fts)` — SQLite
//   hands it to FTS5's xIntegrity, which, unlike the `'integrity-check'` command, works on a read-only connection.
//
// Both read the whole index: seconds on a large case (docs/security.md has the figures). `verify` always runs them.
// Opening runs them only when the index is not in a state already found whole, which the case remembers in a
// bookkeeping row of case_meta (`search_index_proven`, not analyst work): a cheap stamp of what FTS5 last wrote
// (its structure record, rewritten by every change FTS5 makes, and the row counts and largest ids), and the SHA-256
// of every byte of the index. Open compares the stamp; the first search on a connection compares the bytes (a
// command that never searches does not pay for reading the index) — in an interactive window a background check
// does, in steps, at any size (proveInSteps) — so an index edited in place or damaged on disk after it was proven
// still fails a search loudly. What the row proves, honestly: that a SessionScope found the
// index whole in exactly this state. Anyone can compute it and write it over a damaged index; `verify` never trusts
// it, and names a row that claims a state it does not find whole.
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import path from 'node:path';
import { canonicalJson } from './chain.js';
import { UserError } from '../errors.js';

type Db = Database.Database;

/** What FTS5's integrity check says about events_fts, among the findings of SQLite's integrity checks. */
export const FTS_FINDING = /^fts5:|events_fts/;

/** The case_meta key of the proof (bookkeeping: not analyst work, see tables.ts). */
export const PROOF_KEY = 'search_index_proven';

export interface IndexState {
  /** The cheap stamp (indexStamp). */
  stamp: string;
  /** The stamp's parts but the row count (stampOf). */
  quick: string;
  /** SHA-256 of the stamp and every byte of the index's segments and page index. */
  key: string;
  events: number;
  indexed: number;
}

export interface IndexProblems {
  /** Events the index has no row for (first ids, and how many). */
  missing: { count: number; first: number | null };
  /** Index rows that belong to no event. */
  extra: number;
  /** FTS5's own findings about its segments, or null when that part was not run. */
  structure: string[] | null;
}

/**
 * What FTS5 last wrote, cheaply (no row of the index is read): its structure record, rewritten by every change FTS5
 * makes to the index, the index's row count and largest id, the events the evidence files recorded and the largest
 * event id. Counting event_rows would read the largest table of the case; rows slipped in or out behind the case's
 * back are the events digest's business, which `verify` checks.
 *
 * The index's row count is the one part that reads a whole table (events_fts_docsize: ~1 s on the first open of a
 * 10M-event case, ~0.5 s warm). With `proven`, when everything else is as the proof row recorded it (`quick`: FTS5
 * has written nothing since — a row FTS5 adds or removes rewrites its structure record), the count the proof
 * recorded is taken instead: the stamp is the same either way. Only docsize rows edited behind FTS5's back go
 * unseen by such an open; `verify` counts them (it never trusts the proof).
 */
export function stampOf(
  db: Db,
  o: { proven?: boolean } = {},
): { stamp: string; events: number; indexed: number; quick: string } {
  const events = db.prepare('SELECT coalesce(sum(events), 0) FROM evidence').pluck().get() as number;
  const top = db.prepare('SELECT max(id) FROM event_rows').pluck().get() as number | null;
  const ixTop = db.prepare('SELECT max(id) FROM events_fts_docsize').pluck().get() as number | null;
  const structure = db.prepare('SELECT block FROM events_fts_data WHERE id = 10').pluck().get() as Buffer | undefined;
  const quick = createHash('sha256')
    .update(canonicalJson([events, top, ixTop]))
    .update(structure ?? Buffer.alloc(0))
    .digest('hex');
  const proof = o.proven ? provenRecord(db) : null;
  const n =
    proof && proof.quick === quick && typeof proof.indexed === 'number'
      ? proof.indexed
      : (db.prepare('SELECT count(*) FROM events_fts_docsize').pluck().get() as number);
  const stamp = createHash('sha256')
    .update(canonicalJson([events, top, n, ixTop]))
    .update(structure ?? Buffer.alloc(0))
    .digest('hex');
  return { stamp, events, indexed: n, quick };
}

export function indexStamp(db: Db): string {
  return stampOf(db).stamp;
}

/**
 * The first search's byte comparison reads the whole index (~1 s per 500,000 events): on a 10M-event case that is
 * ~20 s before every CLI search. Beyond this many indexed events the first search does not wait for it: it is left
 * to `verify` (as the whole-file check is left to it beyond 32 MB) and, in an interactive window, to the background
 * check (proveInSteps); the stamp is still compared on every open.
 */
export const CONTENT_CHECK_MAX_EVENTS = 250_000;

/** Whether the first search compares the index's bytes, for an index of `indexed` events (cheap enough). */
export function contentCheckAffordable(indexed: number): boolean {
  const max = Number(process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS ?? CONTENT_CHECK_MAX_EVENTS);
  return indexed <= max;
}

/** The stamp and the content key: every byte of the index's segments and page index (~1 s per 500,000 events). */
export function indexState(db: Db): IndexState {
  const { stamp, events, indexed, quick } = stampOf(db);
  const h = createHash('sha256').update(stamp);
  const steps = hashContent(db, h);
  while (!steps.next().done);
  return { stamp, quick, key: h.digest('hex'), events, indexed };
}

/** Rows of the index read per step of hashContent: ~2 MB of segments, a few milliseconds. */
const STEP_ROWS = 500;

/**
 * Feeds the content key's bytes into `h` — every segment row in id order, then every page-index row in key order —
 * pausing after each step of STEP_ROWS rows, so the same key can be computed at once (indexState) or a step at a
 * time between other requests (proveInSteps).
 */
function* hashContent(db: Db, h: Hash, stepRows = STEP_ROWS): Generator<void, void, void> {
  const id = Buffer.alloc(8);
  const data = db.prepare('SELECT id, block FROM events_fts_data WHERE id > ? ORDER BY id LIMIT ?').raw();
  for (let after = -1; ;) {
    const rows = data.all(after, stepRows) as [number, Buffer | null][];
    for (const [rowid, block] of rows) {
      id.writeDoubleLE(rowid);
      h.update(id);
      if (block) h.update(block);
    }
    if (rows.length < stepRows) break;
    after = rows[rows.length - 1][0];
    yield;
  }
  const idx = db
    .prepare(
      'SELECT segid, term, hex(term), pgno FROM events_fts_idx WHERE (segid, term) > (?, ?) ORDER BY segid, term LIMIT ?',
    )
    .raw();
  for (let after: [number, Buffer | string] = [-1, Buffer.alloc(0)]; ;) {
    const rows = idx.all(after[0], after[1], stepRows) as [number, Buffer | string, string, number][];
    for (const [seg, , term, pgno] of rows) h.update(`${seg} ${term} ${pgno}\n`);
    if (rows.length < stepRows) break;
    const last = rows[rows.length - 1];
    after = [last[0], last[1]];
    yield;
  }
}

/** Both checks (the structure one unless `structure` is false: a whole-file quick_check already ran it). */
export function indexProblems(db: Db, opts: { structure?: boolean } = {}): IndexProblems {
  const missing = db
    .prepare(
      'SELECT count(*) AS count, min(r.id) AS first FROM event_rows r WHERE NOT EXISTS (SELECT 1 FROM events_fts_docsize d WHERE d.id = r.id)',
    )
    .get() as { count: number; first: number | null };
  const extra = db
    .prepare(
      'SELECT count(*) FROM events_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM event_rows r WHERE r.id = d.id)',
    )
    .pluck()
    .get() as number;
  let structure: string[] | null = null;
  if (opts.structure !== false) {
    const rows = db.pragma('quick_check(events_fts)', { simple: false }) as { quick_check: string }[];
    structure = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
  }
  return { missing, extra, structure };
}

/** Each problem as one sentence (empty when the index is whole). */
export function describeIndexProblems(p: IndexProblems): string[] {
  const out: string[] = [];
  if (p.structure && p.structure.length > 0)
    out.push(
      `the full-text index is damaged (${p.structure[0]}${p.structure.length > 1 ? ` and ${p.structure.length - 1} more` : ''})`,
    );
  if (p.missing.count > 0)
    out.push(
      `${p.missing.count} event(s) are missing from the search index — searches would not find them (first: event ${p.missing.first})`,
    );
  if (p.extra > 0) out.push(`${p.extra} search index entries belong to no event`);
  return out;
}

interface ProofRecord {
  stamp: string;
  key: string;
  /** Recorded since the count was taken from the proof (stampOf); absent in older proofs. */
  quick?: string;
  indexed?: number;
}

function provenRecord(db: Db): ProofRecord | null {
  const v = db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(PROOF_KEY) as string | undefined;
  if (!v) return null;
  try {
    const o = JSON.parse(v) as Partial<Record<keyof ProofRecord, unknown>>;
    if (typeof o.key !== 'string' || typeof o.stamp !== 'string') return null;
    return {
      stamp: o.stamp,
      key: o.key,
      ...(typeof o.quick === 'string' ? { quick: o.quick } : {}),
      ...(typeof o.indexed === 'number' ? { indexed: o.indexed } : {}),
    };
  } catch {
    return null;
  }
}

/** The state the case says was last proven whole, if it says one. */
export function provenState(db: Db): { stamp: string; key: string } | null {
  const p = provenRecord(db);
  return p ? { stamp: p.stamp, key: p.key } : null;
}

/** Records that the index was found whole in this state (a writable connection). */
export function recordProven(db: Db, state: IndexState): void {
  writeProof(db, {
    stamp: state.stamp,
    key: state.key,
    quick: state.quick,
    indexed: state.indexed,
    events: state.events,
    at: new Date().toISOString(),
  });
}

function writeProof(db: Db, value: Record<string, unknown>): void {
  db.prepare(
    'INSERT INTO case_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(PROOF_KEY, JSON.stringify(value));
}

/**
 * A proof an older build recorded, found to match by a full count (`now`): it gains the parts that let later opens
 * skip the count (a writable connection; the proof itself — stamp, key, when — is unchanged).
 */
export function completeProof(db: Db, now: { stamp: string; quick: string; indexed: number }): void {
  const v = db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(PROOF_KEY) as string | undefined;
  const p = provenRecord(db);
  if (!v || !p || p.stamp !== now.stamp || p.quick === now.quick) return;
  writeProof(db, { ...(JSON.parse(v) as Record<string, unknown>), quick: now.quick, indexed: now.indexed });
}

/** Each problem, or none (also a structure check that itself fails says so). */
export function findIndexProblems(db: Db, structure: boolean): string[] {
  try {
    return describeIndexProblems(indexProblems(db, { structure }));
  } catch (e) {
    return [`the full-text index cannot be read (${(e as Error).message.split('\n')[0]})`];
  }
}

export function damagedIndex(file: string, found: string[]): UserError {
  return new UserError(
    'CASE_DAMAGED',
    `case file ${file} is damaged: ${found.join('; ')}. ${REPAIR_HINT(path.basename(file))}`,
  );
}

interface Pending {
  file: string;
  writable: boolean;
  /**
   * Whether the first search compares the bytes itself, now (an index small enough: contentCheckAffordable).
   * Otherwise only a background check (proveInSteps) does, in an interactive window; if it finds the bytes changed,
   * the entry turns blocking and the next search runs the full check.
   */
  blocking: boolean;
}

/** Connections whose index bytes are still to be compared with the proof. */
const pending = new WeakMap<Db, Pending>();

/**
 * Opening found the index as FTS5 last wrote it when it was proven (the stamp); that its bytes are still those
 * proven — not edited in place, not damaged on disk — is established before the first search on the connection
 * (`blocking`, an index small enough) or by a background check in an interactive window, so commands that never
 * search do not pay for reading the whole index.
 */
export function deferContentCheck(db: Db, file: string, writable: boolean, blocking = true): void {
  pending.set(db, { file, writable, blocking });
}

/** Whether the index's bytes on this connection are still to be compared with the proof (for tests and probes). */
export function contentCheckPending(db: Db): 'before-search' | 'background' | null {
  const p = pending.get(db);
  return p ? (p.blocking ? 'before-search' : 'background') : null;
}

/** Before a search: throws CASE_DAMAGED when the index is not whole (checked once per connection). */
export function assertSearchable(db: Db): void {
  const p = pending.get(db);
  if (!p || !p.blocking) return;
  pending.delete(db);
  const state = indexState(db);
  if (provenState(db)?.key === state.key) return;
  const found = findIndexProblems(db, true);
  if (found.length > 0) {
    pending.set(db, p); // every later search fails too
    throw damagedIndex(p.file, found);
  }
  if (p.writable && !db.inTransaction) recordProven(db, state);
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/**
 * The byte comparison, a step of ~2 MB at a time between other requests: an interactive window runs it shortly
 * after a case opens, so the workbench's first search does not wait for it, and an index too large for the first
 * search to check (10M events: ~20 s) is checked too. Abandoned — the comparison left to the first search as before
 * — when the connection closes, a search ran it meanwhile, a transaction is open, or FTS5 wrote to the index while
 * it was read (the stamp changed). When the bytes are those proven, the connection's searches need no check; when
 * not, the next search runs the full check (which names the damage, or proves a changed but whole index anew).
 * Resolves whether the bytes were found as proven.
 */
export async function proveInSteps(db: Db, stepRows = STEP_ROWS): Promise<boolean> {
  const p = pending.get(db);
  if (!p || !db.open || db.inTransaction) return false;
  // The count from the proof while FTS5 wrote nothing (stampOf): two counts of a 10M-event index would hold the
  // window's event loop ~1 s each.
  const start = stampOf(db, { proven: true }).stamp;
  const h = createHash('sha256').update(start);
  const steps = hashContent(db, h, stepRows);
  for (;;) {
    if (steps.next().done) break;
    await nextTurn();
    if (!db.open || pending.get(db) !== p || db.inTransaction) return false;
  }
  if (stampOf(db, { proven: true }).stamp !== start) return false;
  if (provenState(db)?.key === h.digest('hex')) {
    pending.delete(db);
    return true;
  }
  p.blocking = true;
  return false;
}

/** Runs proveInSteps `delayMs` after a case opens in an interactive window (the bridge, Electron). */
export function warmSearchProof(db: Db, delayMs: number): void {
  const t = setTimeout(() => {
    proveInSteps(db).catch(() => {
      /* the case closed meanwhile: the first search checks, as without the warm-up */
    });
  }, delayMs);
  t.unref?.();
}

/** The command that rebuilds the index, for messages. */
export const REPAIR_HINT = (file: string) =>
  `\`sessionscope verify ${file}\` shows every problem; \`sessionscope repair ${file} --search-index\` rebuilds the index from the evidence files (the evidence itself is left untouched), or import the evidence into a new case`;
