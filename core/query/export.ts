// Event exports: CSV (spreadsheet-safe) and JSON lines (normalized event + raw record). Streamed in keyset
// pages so memory stays flat on any case size.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CaseDb } from '../casefile/open.js';
import { queryEvents, type EventFilter } from './events.js';
import type { EventJson } from './event-json.js';
import { RawReader } from './raw.js';

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

/** A spreadsheet must never evaluate log content: cells that would start a formula get a leading quote. */
export function defuseCell(s: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s;
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s =
    typeof v === 'string' ? v : Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  s = defuseCell(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(out: WriteStream, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

export async function exportEvents(
  db: CaseDb,
  format: ExportFormat,
  file: string,
  filter: EventFilter = {},
  onProgress?: (n: number) => void,
): Promise<EventExport> {
  const out = createWriteStream(file, { flags: 'wx' });
  await once(out, 'open');
  const raw = new RawReader(db);
  const rawStmt = db.prepare('SELECT raw_block, raw_offset, raw_length FROM events WHERE id = ?');
  let n = 0;
  try {
    if (format === 'csv') await write(out, CSV_COLUMNS.join(',') + '\r\n');
    let after: number | undefined;
    for (;;) {
      const page = queryEvents(db, filter, { limit: 2000, after });
      if (page.length === 0) break;
      for (const ev of page) {
        if (format === 'csv') {
          await write(out, CSV_COLUMNS.map((c) => csvCell(ev[c])).join(',') + '\r\n');
        } else {
          const loc = rawStmt.get(ev.id) as { raw_block: number; raw_offset: number; raw_length: number };
          await write(
            out,
            JSON.stringify({ ...ev, raw: raw.read(loc.raw_block, loc.raw_offset, loc.raw_length).toString('utf8') }) +
              '\n',
          );
        }
        n++;
      }
      after = page[page.length - 1].id;
      onProgress?.(n);
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return { events: n, path: file };
}
