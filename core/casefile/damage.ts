// SQLite errors that mean the case file is damaged — a page (SQLITE_CORRUPT), the full-text index's segments
// (SQLITE_CORRUPT_VTAB, "fts5: corruption found …"), "database disk image is malformed" — become CASE_DAMAGED
// with what to do next, wherever a query runs: never INVALID_QUERY (the search was fine), never INTERNAL.
import path from 'node:path';
import { UserError } from '../errors.js';
import { REPAIR_HINT } from './search-index.js';

const CORRUPT_MESSAGE = /database disk image is malformed|fts5: corrupt|corruption found|file is not a database/i;

/** Whether an error SQLite raised says the file is damaged. */
export function isCorruption(e: unknown): boolean {
  if (e instanceof UserError) return false;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) return true;
  return e instanceof Error && CORRUPT_MESSAGE.test(e.message);
}

/** CASE_DAMAGED for a corruption error met while reading `file`; null for any other error. */
export function damageError(e: unknown, file: string): UserError | null {
  if (!isCorruption(e)) return null;
  const what = (e as Error).message.split('\n')[0];
  const index = /fts5|events_fts/i.test(what) || (e as { code?: string }).code === 'SQLITE_CORRUPT_VTAB';
  const name = path.basename(file);
  return new UserError(
    'CASE_DAMAGED',
    `case file ${file} is damaged${index ? ' in its search index' : ''}: ${what}. ${
      index
        ? REPAIR_HINT(name)
        : `\`sessionscope verify ${name}\` shows every problem; work from a backup or import the evidence into a new case`
    }`,
  );
}
