// Event ids are time-keyed: floor(ts_ms) * 1024 + n. Rowid order is then time order (to the millisecond),
// so time windows are rowid ranges and full-text hits come back in time order with early LIMIT — no separate
// time index to maintain on insert. Past 1,024 events in one millisecond, ids spill into the next slot.
// The cache of next free slots is bounded (a 10M-event import touches millions of milliseconds). Until it is
// trimmed, a millisecond missing from it was not used by this allocator, so only the table's range at the start is
// consulted; a trim folds the range this allocator handed out into it, so a millisecond already used is read back
// from the table (a range fixed at the start made a 2M-record file collide with its own earlier rows: "UNIQUE
// constraint failed: event_rows.id").
import type { CaseDb } from '../casefile/open.js';

export const SLOTS_PER_MS = 1024;

export function idFloorForMicros(ts: number): number {
  return Math.floor(ts / 1000) * SLOTS_PER_MS;
}

export class EventIdAllocator {
  private next = new Map<number, number>();
  private readonly maxStmt;
  /** Ids the table may hold: read at the start, widened by each trim. */
  private lo: number;
  private hi: number;
  /** Ids handed out since the last trim. */
  private givenLo = Infinity;
  private givenHi = -Infinity;
  private readonly cacheLimit: number;

  /** `cacheLimit`: how many milliseconds' next slots are kept before `trim` forgets them. */
  constructor(db: CaseDb, opts: { cacheLimit?: number } = {}) {
    this.cacheLimit = opts.cacheLimit ?? 200_000;
    this.maxStmt = db.prepare('SELECT max(id) AS m FROM event_rows WHERE id >= ? AND id < ?').pluck();
    const range = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM event_rows').get() as {
      lo: number | null;
      hi: number | null;
    };
    this.lo = range.lo ?? Infinity;
    this.hi = range.hi ?? -Infinity;
  }

  /** Forgets cached slots; only safe when every allocated id has been written (after a flush). */
  trim(): void {
    if (this.next.size <= this.cacheLimit) return;
    this.next.clear();
    this.lo = Math.min(this.lo, this.givenLo);
    this.hi = Math.max(this.hi, this.givenHi);
    this.givenLo = Infinity;
    this.givenHi = -Infinity;
  }

  allocate(ts: number): number {
    let ms = Math.floor(ts / 1000);
    for (;;) {
      let n = this.next.get(ms);
      if (n === undefined) {
        const base = ms * SLOTS_PER_MS;
        n = 0;
        if (base + SLOTS_PER_MS > this.lo && base <= this.hi) {
          const m = this.maxStmt.get(base, base + SLOTS_PER_MS) as number | null;
          if (m !== null) n = m - base + 1;
        }
      }
      if (n < SLOTS_PER_MS) {
        this.next.set(ms, n + 1);
        const id = ms * SLOTS_PER_MS + n;
        if (id < this.givenLo) this.givenLo = id;
        if (id > this.givenHi) this.givenHi = id;
        return id;
      }
      this.next.set(ms, n);
      ms++;
    }
  }
}
