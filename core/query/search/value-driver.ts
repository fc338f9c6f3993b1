// A text field filter through the value index (core/model/search/value-index.ts): the filter's value or glob is
// evaluated over the column's distinct values (search_values) with the very comparison the events would be read
// with (`=` COLLATE NOCASE, or LIKE: ASCII letters without case), and the tokens of the values it selects become
// an FTS5 expression over search_postings that yields their events in id order. The postings only narrow: the
// exact condition is still checked on every event they yield.
import type { CaseDb } from '../../casefile/open.js';
import { valueIndexReady } from '../../evidence/value-index-build.js';
import { hasWildcard, type Seg } from '../../model/search/ast.js';
import { likePattern, segsText } from '../../model/search/glob.js';
import { VALUE_INDEX_COLUMNS, valueToken } from '../../model/search/value-index.js';

/**
 * Beyond this many distinct values a glob is left to the scan: FTS5 merges its postings term by term, and a glob
 * that selects this many values selects many events, which a scan in time order meets early.
 */
export const MAX_DRIVER_VALUES = 200;

/**
 * The postings expression of `column` matching `segs`; 'none' when no value of the case matches (no event can);
 * null when the index cannot answer (not an indexed column, any value, too many values, not built yet).
 */
export function valueDriver(db: CaseDb, column: string, segs: Seg[]): string | 'none' | null {
  if (!(column in VALUE_INDEX_COLUMNS)) return null;
  if (segs.length === 1 && segs[0].t === 'star') return null;
  if (!valueIndexReady(db)) return null;
  const values = hasWildcard(segs)
    ? (db
        .prepare(
          `SELECT value FROM search_values WHERE field = ? AND value LIKE ? ESCAPE '\\' LIMIT ${MAX_DRIVER_VALUES + 1}`,
        )
        .pluck()
        .all(column, likePattern(segs)) as string[])
    : (db
        .prepare('SELECT value FROM search_values WHERE field = ? AND value = ?')
        .pluck()
        .all(column, segsText(segs)) as string[]);
  if (values.length === 0) return 'none';
  if (values.length > MAX_DRIVER_VALUES) return null;
  const tokens = [...new Set(values.map((v) => `"${valueToken(column, v)}"`))];
  return tokens.length === 1 ? tokens[0] : `(${tokens.join(' OR ')})`;
}
