// The writing side of the value index's dictionary (search_values, core/model/search/value-index.ts): each
// indexed column's distinct values. Most values repeat (a user agent, an action), so the values this writer has
// already written are remembered and not written again; what is remembered is bounded, so a column of
// near-unique values (a detail, an object key) costs one INSERT OR IGNORE per new value and no memory.
import type { CaseDb } from '../casefile/open.js';
import type Database from 'better-sqlite3';

/** Values remembered at most (then forgotten all at once: the common ones come straight back). */
const REMEMBER = 100_000;
/** Longer values are not remembered (they are rarely repeated, and would hold memory). */
const REMEMBER_CHARS = 256;

export class ValueDictionary {
  private readonly put: Database.Statement;
  private readonly seen = new Set<string>();

  constructor(db: CaseDb) {
    this.put = db.prepare('INSERT OR IGNORE INTO search_values(field, value) VALUES (?, ?)');
  }

  add(column: string, value: string | null): void {
    if (value === null || value === '') return;
    if (value.length > REMEMBER_CHARS) {
      this.put.run(column, value);
      return;
    }
    const key = column + '\0' + value;
    if (this.seen.has(key)) return;
    this.put.run(column, value);
    if (this.seen.size >= REMEMBER) this.seen.clear();
    this.seen.add(key);
  }

  /** After a rollback: what was remembered may not be in the case. */
  forget(): void {
    this.seen.clear();
  }
}
