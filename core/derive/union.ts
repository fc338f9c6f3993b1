// Union-find over aliases with cannot-link constraints: an analyst's split says "these names are never one
// identity", so any link that would join the two sides is refused, however confident the rule.
export class ConstrainedUnion {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;
  /** Per component root: the constraint sides ("3a", "3b") its members are on. */
  private readonly tags = new Map<number, Set<string>>();

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.rank = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }

  /** Puts x on side `side` ('a' or 'b') of constraint `id`. */
  constrain(x: number, id: number, side: 'a' | 'b'): void {
    const r = this.find(x);
    let t = this.tags.get(r);
    if (!t) this.tags.set(r, (t = new Set()));
    t.add(`${id}${side}`);
  }

  /** The constraint that forbids joining x and y, or null. */
  conflict(x: number, y: number): number | null {
    const tx = this.tags.get(this.find(x));
    const ty = this.tags.get(this.find(y));
    if (!tx || !ty) return null;
    for (const t of tx) {
      const other = t.endsWith('a') ? t.slice(0, -1) + 'b' : t.slice(0, -1) + 'a';
      if (ty.has(other)) return Number(t.slice(0, -1));
    }
    return null;
  }

  /** Joins x and y unless a constraint forbids it; returns false when refused. */
  union(x: number, y: number): boolean {
    let rx = this.find(x);
    let ry = this.find(y);
    if (rx === ry) return true;
    if (this.conflict(rx, ry) !== null) return false;
    if (this.rank[rx] < this.rank[ry]) [rx, ry] = [ry, rx];
    this.parent[ry] = rx;
    if (this.rank[rx] === this.rank[ry]) this.rank[rx]++;
    const ty = this.tags.get(ry);
    if (ty) {
      let tx = this.tags.get(rx);
      if (!tx) this.tags.set(rx, (tx = new Set()));
      for (const t of ty) tx.add(t);
      this.tags.delete(ry);
    }
    return true;
  }
}
