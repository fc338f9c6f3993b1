// A query that cannot be read: where (0-based offsets into the query) and what was expected there. The message
// names the column (1-based) so it reads on one line in a terminal; search.parse returns the parts as data.
import { UserError } from '../../errors.js';

export interface SearchErrorInfo {
  message: string;
  /** 0-based offset of the first character at fault. */
  start: number;
  /** 0-based offset just past it (start when the fault is a missing piece). */
  end: number;
  /** What would have been accepted there, when that is a short list. */
  expected?: string[];
  /** Close known names, for an unknown field or value. */
  suggestions?: string[];
  /** The query at fault, so a caller far from it can point into it. */
  query?: string;
}

export class SearchError extends UserError {
  readonly info: SearchErrorInfo;

  constructor(
    message: string,
    start: number,
    end: number,
    extra: Pick<SearchErrorInfo, 'expected' | 'suggestions'> = {},
  ) {
    super('INVALID_QUERY', `search, column ${start + 1}: ${message}`);
    this.info = { message, start, end, ...extra };
  }
}

/** Levenshtein distance, small strings only (field and value names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known names closest to `name` (by edit distance, or sharing a prefix), best first, at most `max`. */
export function closest(name: string, known: readonly string[], max = 3): string[] {
  const n = name.toLowerCase();
  const limit = n.length <= 4 ? 1 : 2;
  return known
    .map((k) => {
      const d = editDistance(n, k.toLowerCase());
      const related = k.startsWith(n) || (n.startsWith(k) && k.length >= 3);
      return { k, d: related && n.length >= 2 ? Math.min(d, limit) : d };
    })
    .filter((x) => x.d <= Math.max(limit, 0))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((x) => x.k);
}
