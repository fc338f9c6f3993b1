// Interns strings to dense integers so a pass over a million events keeps numbers, not strings, in its maps
// and typed arrays.
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.ids.set(s, i);
      this.values.push(s);
    }
    return i;
  }

  /** The id of a string already seen, or -1. */
  find(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}
