// Event ids are time-keyed: floor(ts_ms) * 1024 + n. Rowid order is then time order (to the millisecond),
// so time windows are rowid ranges and full-text hits come back in time order with early LIMIT — no separate
// time index to maintain on insert. Past 1,024 events in one millisecond, ids spill into the next slot.
import type { CaseDb } from '../casefile/open.js';

export const SLOTS_PER_MS = 1024;

export function idFloorForMicros(ts: number): number {
  return Math.floor(ts / 1000) * SLOTS_PER_MS;
}

export class EventIdAllocator {
  private next = new Map<number, number>();
  private readonly maxStmt;
  private readonly lo: number;
  private readonly hi: number;

  constructor(db: CaseDb) {
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
    if (this.next.size > 200_000) this.next.clear();
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
        return ms * SLOTS_PER_MS + n;
      }
      this.next.set(ms, n);
      ms++;
    }
  }
}
