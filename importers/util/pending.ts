// Records held back until their partner arrives (a Vault response for its request, the later stages of one
// Kubernetes request). Insertion-ordered and bounded: past the cap the oldest group is handed back so the
// caller can emit it on its own, which keeps memory flat on files where partners never come.

import type { InputRecord } from '../types.js';

/**
 * A record about to be held across reads: its bytes are a view into the reader's chunk (a megabyte), which
 * holding it would keep alive whole. A small record in a large buffer gets bytes of its own.
 */
export function detach(rec: InputRecord): InputRecord {
  const b = rec.bytes;
  if (b.buffer.byteLength > 64 * 1024 && b.length * 2 < b.buffer.byteLength) rec.bytes = Buffer.from(b);
  return rec;
}

/**
 * The most lines one entry gathers (continuation lines, DETAIL lines, stray output between entries) and their
 * bytes. Past either the entry is cut: it becomes its event, saying so, and the lines that would have continued it
 * are rejected with the reason.
 */
export const MAX_MERGED_LINES = 10_000;
export const MAX_MERGED_BYTES = 4 * 1024 * 1024;

/** Held bytes every pending map stays under, whatever the records' sizes (issue 15 §3: flat memory on any input). */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;

export class PendingMap<T> {
  private readonly map = new Map<string, T>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  /**
   * `cap` groups at most, and `maxBytes` of held records as `sizeOf` measures a group (call `resized` after
   * adding to a held group).
   */
  constructor(
    private readonly cap: number,
    private readonly sizeOf: (v: T) => number = () => 0,
    private readonly maxBytes = MAX_PENDING_BYTES,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  take(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) this.forget(key);
    return v;
  }

  /** Stores a group; returns the evicted oldest groups (at most one per call in practice). */
  put(key: string, value: T): T[] {
    this.forget(key);
    this.map.set(key, value);
    const n = this.sizeOf(value);
    this.sizes.set(key, n);
    this.bytes += n;
    return this.evict();
  }

  /** A held group grew: its size is measured again; returns the groups evicted to make room. */
  resized(key: string): T[] {
    const v = this.map.get(key);
    if (v === undefined) return [];
    const n = this.sizeOf(v);
    this.bytes += n - (this.sizes.get(key) ?? 0);
    this.sizes.set(key, n);
    return this.evict();
  }

  /** The group held longest, without removing it (for eviction by age). */
  oldest(): { key: string; value: T } | undefined {
    for (const [key, value] of this.map) return { key, value };
    return undefined;
  }

  /** Everything still held, oldest first; the map is empty afterwards. */
  drain(): T[] {
    const all = [...this.map.values()];
    this.map.clear();
    this.sizes.clear();
    this.bytes = 0;
    return all;
  }

  private forget(key: string): void {
    if (!this.map.has(key)) return;
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
    this.map.delete(key);
  }

  private evict(): T[] {
    const evicted: T[] = [];
    while (this.map.size > this.cap || (this.bytes > this.maxBytes && this.map.size > 0)) {
      const oldest = this.map.keys().next().value as string;
      evicted.push(this.map.get(oldest)!);
      this.forget(oldest);
    }
    return evicted;
  }
}
