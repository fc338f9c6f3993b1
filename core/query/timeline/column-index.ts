// The timeline's column index: one entry per event, in id order — ids, lane codes, category, outcome, flags (about
// 25 bytes an event) — built once per case state by scanning the events in id chunks, so every window, histogram
// and seek costs two binary searches plus at most one pass over the window's slice. Rebuilt when the case changes
// (new events, derivation, any audited change), which a cheap signature detects.
//
// Event ids are time-keyed (floor(ts_ms) * 1024 + n, core/evidence/event-ids.ts), so a time window is an id range.
import type { CaseDb } from '../../casefile/open.js';
import { CATEGORIES, OUTCOMES } from '../../model/event.js';
import { SLOTS_PER_MS } from '../../evidence/event-ids.js';

/** What a lane stands for: a derived identity or session, else the log's principal or session key. */
export interface LaneKey {
  kind: 'identity' | 'principal' | 'session' | 'key' | 'none';
  ref: number | string | null;
}

export interface TimelineIndex {
  sig: string;
  n: number;
  /** Sorted event ids. */
  ids: Float64Array;
  identityLane: Int32Array;
  sessionLane: Int32Array;
  cat: Uint8Array;
  outcome: Uint8Array;
  flags: Uint8Array;
  identityLanes: LaneKey[];
  sessionLanes: LaneKey[];
  builtMs: number;
}

export const CAT_CODE = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
export const OUT_CODE = new Map<string, number>(OUTCOMES.map((c, i) => [c, i]));
/** OUTCOMES' code of 'failure'. */
export const FAILURE = OUT_CODE.get('failure')!;
const CHUNK = 5_000; // rows per step: other requests wait at most one step (~15 ms) while the index builds

/** Changes whenever events, derivation or any audited state change. Costs a handful of index lookups. */
export function caseSignature(db: CaseDb): string {
  const parts: unknown[] = [
    db.prepare('SELECT max(id) FROM events').pluck().get(),
    db.prepare('SELECT coalesce(sum(events), 0) FROM evidence').pluck().get(),
    db.prepare('SELECT max(seq) FROM audit_log').pluck().get(),
    db.prepare('SELECT max(seq) FROM custody_log').pluck().get(),
  ];
  for (const t of ['identities', 'sessions'])
    parts.push(db.prepare(`SELECT max(rowid) || ':' || count(*) FROM ${t}`).pluck().get());
  parts.push(db.prepare("SELECT group_concat(value) FROM case_meta WHERE key LIKE 'derive%'").pluck().get());
  return JSON.stringify(parts);
}

const cache = new WeakMap<CaseDb, { sig: string; index: Promise<TimelineIndex> }>();
const tick = () => new Promise<void>((r) => setImmediate(r));

/** The column index for this case state; built (in chunks that let other requests through) when needed. */
export function timelineIndex(db: CaseDb): Promise<TimelineIndex> {
  const sig = caseSignature(db);
  const hit = cache.get(db);
  if (hit && hit.sig === sig) return hit.index;
  const index = buildIndex(db, sig);
  cache.set(db, { sig, index });
  index.catch(() => {
    if (cache.get(db)?.index === index) cache.delete(db);
  });
  return index;
}

/**
 * Builds the index in the background a little after a case opens, so the first timeline view is quick; `then` runs
 * once it is built (or failed), for background work that should not compete with it.
 */
export function warmTimeline(db: CaseDb, delayMs = 2000, then?: () => void): void {
  const t = setTimeout(() => {
    if (!db.open) return;
    timelineIndex(db)
      .catch(() => {
        /* the case closed meanwhile, or will be rebuilt on demand */
      })
      .finally(() => then?.());
  }, delayMs);
  t.unref?.();
}

/** Interns lane keys: the same kind and ref get the same small code. */
class Lanes {
  readonly keys: LaneKey[] = [];
  private readonly codes = new Map<string, number>();

  code(kind: LaneKey['kind'], ref: number | string | null): number {
    const k = kind + '\u0000' + String(ref);
    let code = this.codes.get(k);
    if (code === undefined) {
      code = this.keys.length;
      this.keys.push({ kind, ref });
      this.codes.set(k, code);
    }
    return code;
  }
}

/** The index's columns, grown by doubling when events arrive while the scan runs. */
class Columns {
  ids: Float64Array;
  identityLane: Int32Array;
  sessionLane: Int32Array;
  cat: Uint8Array;
  outcome: Uint8Array;
  flags: Uint8Array;

  constructor(cap: number) {
    this.ids = new Float64Array(cap);
    this.identityLane = new Int32Array(cap);
    this.sessionLane = new Int32Array(cap);
    this.cat = new Uint8Array(cap);
    this.outcome = new Uint8Array(cap);
    this.flags = new Uint8Array(cap);
  }

  ensure(n: number): void {
    if (n <= this.ids.length) return;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n * 2);
      b.set(a);
      return b;
    };
    this.ids = grow(this.ids, (k) => new Float64Array(k));
    this.identityLane = grow(this.identityLane, (k) => new Int32Array(k));
    this.sessionLane = grow(this.sessionLane, (k) => new Int32Array(k));
    this.cat = grow(this.cat, (k) => new Uint8Array(k));
    this.outcome = grow(this.outcome, (k) => new Uint8Array(k));
    this.flags = grow(this.flags, (k) => new Uint8Array(k));
  }
}

type ScanRow = [number, number | null, number | null, string | null, string | null, string, string, number];

async function buildIndex(db: CaseDb, sig: string): Promise<TimelineIndex> {
  const t0 = Date.now();
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const col = new Columns(total + 1024); // events may arrive while we scan; grow if so
  const identityLanes = new Lanes();
  const sessionLanes = new Lanes();
  const stmt = db
    .prepare(
      `SELECT id, identity_id, session_id, principal, session_key, category, outcome, flags FROM events
    WHERE id > ? ORDER BY id LIMIT ${CHUNK}`,
    )
    .raw();
  let n = 0;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = stmt.all(after) as ScanRow[];
    if (rows.length === 0) break;
    col.ensure(n + rows.length);
    // Before derivation, runs of one principal are common: remember the last one's lane.
    let lastPrincipal: string | null | undefined;
    let lastPrincipalCode = 0;
    for (const [id, iid, sid, principal, key, c, o, f] of rows) {
      col.ids[n] = id;
      if (iid !== null) col.identityLane[n] = identityLanes.code('identity', iid);
      else if (principal === lastPrincipal) col.identityLane[n] = lastPrincipalCode;
      else {
        lastPrincipal = principal;
        lastPrincipalCode = identityLanes.code(principal === null ? 'none' : 'principal', principal);
        col.identityLane[n] = lastPrincipalCode;
      }
      col.sessionLane[n] =
        sid !== null
          ? sessionLanes.code('session', sid)
          : key !== null
            ? sessionLanes.code('key', key)
            : sessionLanes.code(principal === null ? 'none' : 'principal', principal);
      col.cat[n] = CAT_CODE.get(c) ?? CATEGORIES.length - 1;
      col.outcome[n] = OUT_CODE.get(o) ?? 2;
      col.flags[n] = f & 0xff;
      n++;
    }
    after = rows[rows.length - 1][0];
    if (rows.length < CHUNK) break;
    await tick();
  }
  return {
    sig,
    n,
    ids: col.ids.subarray(0, n),
    identityLane: col.identityLane.subarray(0, n),
    sessionLane: col.sessionLane.subarray(0, n),
    cat: col.cat.subarray(0, n),
    outcome: col.outcome.subarray(0, n),
    flags: col.flags.subarray(0, n),
    identityLanes: identityLanes.keys,
    sessionLanes: sessionLanes.keys,
    builtMs: Date.now() - t0,
  };
}

/** First index i with a[i] >= v. */
export function lowerBound(a: Float64Array, v: number, n = a.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [lo, hi) of events with from ≤ ts_ms < to (ms precision: the id's time key). */
export function sliceOf(ix: TimelineIndex, fromMs: number, toMs: number): [number, number] {
  return [lowerBound(ix.ids, fromMs * SLOTS_PER_MS), lowerBound(ix.ids, toMs * SLOTS_PER_MS)];
}

/** The millisecond an event id is keyed by. */
export const msOf = (id: number): number => Math.floor(id / SLOTS_PER_MS);
