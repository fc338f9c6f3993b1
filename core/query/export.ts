// Event exports: CSV (spreadsheet-safe) and JSON lines (normalized event + raw record). Streamed in keyset
// pages so memory stays flat on any case size.
import { PrivateFileWriter, type ByteSink } from '../policy/private-files.js';
import type { CaseDb } from '../casefile/open.js';
import { queryEvents, type EventFilter } from './events.js';
import type { EventJson } from './event-json.js';
import { RawReader } from '../casefile/raw.js';

export type ExportFormat = 'csv' | 'jsonl';

/** export.events: how many events went into which file. */
export interface EventExport {
  events: number;
  path: string;
}

const CSV_COLUMNS: (keyof EventJson)[] = [
  'id',
  'ts',
  'format',
  'principal',
  'principal_type',
  'identity',
  'session',
  'session_key',
  'action',
  'category',
  'resource',
  'resource_type',
  'outcome',
  'error_code',
  'src_ip',
  'user_agent',
  'detail',
  'flags',
  'evidence',
  'record_ref',
  'raw_sha256',
];

/**
 * A spreadsheet must never evaluate log content: a cell that would start a formula gets a leading quote — also
 * after leading blanks (spreadsheets trim them before reading `=`, `+`, `-`, `@`: " =HYPERLINK(…)" is a formula),
 * and a cell that begins with a tab or carriage return.
 */
const FORMULA_START =
  /^[\s\u00A0\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

export function defuseCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * An event id in CSV: `E` and the digits. Ids are 16-digit numbers, past the 15 significant digits a spreadsheet
 * keeps, so written bare they are rounded when the file is opened (a different event, or none). As text that is
 * not a number they survive; `sessionscope annotate --event` and `events.get` take them with the `E`.
 */
export function csvEventId(id: number): string {
  return `E${id}`;
}

/** Byte order mark: Excel reads a CSV as UTF-8 only when it starts with one (`export --bom`). */
export const BOM = '\uFEFF';

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s =
    typeof v === 'string' ? v : Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  s = defuseCell(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportEvents(
  db: CaseDb,
  format: ExportFormat,
  file: string,
  filter: EventFilter = {},
  onProgress?: (n: number) => void,
  /** Replaces the disk (tests: a disk that fills up). */
  sink?: ByteSink,
  /** csv: start with a UTF-8 byte order mark (`export --bom`). */
  bom = false,
): Promise<EventExport> {
  // Owner-only, never overwriting; a write the disk refuses fails the export and removes the partial file.
  const out = await PrivateFileWriter.create(file, sink);
  const raw = new RawReader(db);
  const rawStmt = db.prepare('SELECT raw_block, raw_offset, raw_length FROM events WHERE id = ?');
  let n = 0;
  try {
    if (format === 'csv') await out.write((bom ? BOM : '') + CSV_COLUMNS.join(',') + '\r\n');
    let after: number | undefined;
    for (;;) {
      const page = queryEvents(db, filter, { limit: 2000, after });
      if (page.length === 0) break;
      for (const ev of page) {
        if (format === 'csv') {
          await out.write(CSV_COLUMNS.map((c) => (c === 'id' ? csvEventId(ev.id) : csvCell(ev[c]))).join(',') + '\r\n');
        } else {
          const loc = rawStmt.get(ev.id) as { raw_block: number; raw_offset: number; raw_length: number };
          await out.write(
            JSON.stringify({ ...ev, raw: raw.read(loc.raw_block, loc.raw_offset, loc.raw_length).toString('utf8') }) +
              '\n',
          );
        }
        n++;
      }
      after = page[page.length - 1].id;
      onProgress?.(n);
    }
    await out.close();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { events: n, path: file };
}
