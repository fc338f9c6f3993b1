// Aggregates keyed by a composite number, stored column-wise in typed arrays: a million keys cost a few
// typed arrays and one Map of small integers, not a million objects for the garbage collector.
/** A copy of a typed array with room for `cap` elements. */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

export class AggTable {
  readonly index = new Map<number, number>();
  size = 0;
  n: Int32Array;
  fails: Int32Array;
  first: Float64Array;
  last: Float64Array;
  firstPos: Int32Array;

  constructor(capacity = 1024) {
    this.n = new Int32Array(capacity);
    this.fails = new Int32Array(capacity);
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.firstPos = new Int32Array(capacity);
  }

  /** Counts one event under `key`; returns the row. */
  bump(key: number, pos: number, ts: number, fail: number): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.size++;
      if (i >= this.n.length) this.grow();
      this.index.set(key, i);
      this.first[i] = ts;
      this.last[i] = ts;
      this.firstPos[i] = pos;
    } else {
      if (ts < this.first[i]) {
        this.first[i] = ts;
        this.firstPos[i] = pos;
      }
      if (ts > this.last[i]) this.last[i] = ts;
    }
    this.n[i]++;
    this.fails[i] += fail;
    return i;
  }

  private grow(): void {
    const cap = this.n.length * 2;
    this.n = grown(this.n, cap);
    this.fails = grown(this.fails, cap);
    this.first = grown(this.first, cap);
    this.last = grown(this.last, cap);
    this.firstPos = grown(this.firstPos, cap);
  }

  /** [key, row] pairs in ascending key order: inserts in primary-key order append instead of splitting pages. */
  sortedEntries(): Float64Array {
    const out = new Float64Array(this.size * 2);
    const keys = new Float64Array(this.size);
    let k = 0;
    for (const key of this.index.keys()) keys[k++] = key;
    keys.sort();
    for (let j = 0; j < keys.length; j++) {
      out[2 * j] = keys[j];
      out[2 * j + 1] = this.index.get(keys[j])!;
    }
    return out;
  }
}

/** The same, dense: for small value spaces (hour of day, category, source) a key is its own row. */
export class DenseTable {
  readonly n: Int32Array;
  readonly fails: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly firstPos: Int32Array;

  constructor(size: number) {
    this.n = new Int32Array(size);
    this.fails = new Int32Array(size);
    this.first = new Float64Array(size);
    this.last = new Float64Array(size);
    this.firstPos = new Int32Array(size);
  }

  bump(key: number, pos: number, ts: number, fail: number): number {
    if (this.n[key]++ === 0) {
      this.first[key] = ts;
      this.last[key] = ts;
      this.firstPos[key] = pos;
    } else {
      if (ts < this.first[key]) {
        this.first[key] = ts;
        this.firstPos[key] = pos;
      }
      if (ts > this.last[key]) this.last[key] = ts;
    }
    this.fails[key] += fail;
    return key;
  }

  sortedEntries(): Float64Array {
    let count = 0;
    for (let k = 0; k < this.n.length; k++) if (this.n[k] > 0) count++;
    const out = new Float64Array(count * 2);
    let j = 0;
    for (let k = 0; k < this.n.length; k++)
      if (this.n[k] > 0) {
        out[j++] = k;
        out[j++] = k;
      }
    return out;
  }
}

export type Table = AggTable | DenseTable;
