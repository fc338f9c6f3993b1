// Records held back until their partner arrives (a Vault response for its request, the later stages of one
// Kubernetes request). Insertion-ordered and bounded: past the cap the oldest group is handed back so the
// caller can emit it on its own, which keeps memory flat on files where partners never come.

export class PendingMap<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  take(key: string): T | undefined {
    const v = this.map.get(key);
    if (v !== undefined) this.map.delete(key);
    return v;
  }

  /** Stores a group; returns the evicted oldest groups (at most one per call in practice). */
  put(key: string, value: T): T[] {
    this.map.delete(key);
    this.map.set(key, value);
    const evicted: T[] = [];
    while (this.map.size > this.cap) {
      const oldest = this.map.keys().next().value as string;
      evicted.push(this.map.get(oldest)!);
      this.map.delete(oldest);
    }
    return evicted;
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
    return all;
  }
}
