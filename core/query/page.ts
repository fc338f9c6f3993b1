// Keyset paging for lists that grow with the case (identities, sessions): each page is {items, next, total}, `next`
// an opaque cursor for the page after (null on the last). A page costs its rows whatever its depth — OFFSET paging
// re-reads every row before the page, which at 10M events (hundreds of thousands of sessions) is what made deep
// pages slow. The cursor is the sort key of the last row, so rows added or removed between pages shift nothing.
import { UserError } from '../errors.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null when this page is the last. */
  next: string | null;
  /** Rows the whole list has (all pages). */
  total: number;
}

export const DEFAULT_PAGE = 500;
export const MAX_PAGE = 5000;

export function encodeCursor(key: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor carries, checked against the shape the list expects. */
export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== shape.length || v.some((x, i) => typeof x !== shape[i]))
    throw new UserError('INVALID_PARAMS', 'cursor is not one this list returned: start again without a cursor');
  return v as (string | number)[];
}

export function pageLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new UserError('INVALID_PARAMS', `limit must be 1–${MAX_PAGE}`);
  return n;
}
