// Lists for people and programs, complete unless cut on purpose. Every list command takes the same flags:
//   (none)    a table, every row; cells are cut only on a terminal, and never in columns marked `keep`
//   --wide    a table whose cells are never cut, even on a terminal
//   --tsv     tab-separated values with a header row, nothing cut (tabs and newlines in values escaped)
//   --json    one JSON array, written as rows arrive (never built whole in memory)
//   --jsonl   one JSON object per line
//   --limit N at most N rows; when rows were left out, a stderr note says so, `--json` prints
//             {"items":[…],"truncated":true,"limit":N,…} and `--jsonl` ends with {"truncated":true,"limit":N,…}
// Rows come from a page source (the API's keyset pages), so memory stays one page whatever the list's size.
import { once } from 'node:events';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { inertJson } from './terminal.js';
import { formatTable, type Column } from './output.js';

export interface ListFlags {
  json?: boolean;
  jsonl?: boolean;
  limit?: string;
  wide?: boolean;
  tsv?: boolean;
  /** json: a bare array inside a document the caller writes (which carries the truncated marker itself). */
  inner?: boolean;
}

/** A page of rows and what follows it: `next` undefined/null when this is the last. */
export interface SourcePage<T> {
  items: T[];
  next?: unknown;
  /** Rows in the whole list, when the source knows it cheaply. */
  total?: number;
}

export type PageSource<T> = (cursor: unknown, want: number) => Promise<SourcePage<T>>;

/** Adds the shared list flags to a command. */
export function listOptions(cmd: Command, noun: string): Command {
  return cmd
    .option('--limit <n>', `at most this many ${noun} (default: all; a cut list says so on stderr and in JSON)`)
    .option('--json', 'print one JSON array (streamed), or {items, truncated, limit} with --limit')
    .option('--jsonl', 'print one JSON object per line')
    .option('--tsv', 'print tab-separated values with a header row, nothing cut')
    .option('--wide', 'never shorten a cell, even on a terminal');
}

export function parseLimit(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UserError('INVALID_PARAMS', `--limit must be a whole number of at least 1: ${v}`);
  return Number(v);
}

export function checkModes(o: ListFlags): void {
  const modes = [o.json && '--json', o.jsonl && '--jsonl', o.tsv && '--tsv'].filter(Boolean);
  if (modes.length > 1) throw new UserError('INVALID_PARAMS', `choose one of ${modes.join(', ')}`);
}

/** Writes to stdout, waiting when the pipe is full (a slow reader must not make us buffer the list). */
export async function write(s: string): Promise<void> {
  if (s === '' || process.stdout.write(s)) return;
  await once(process.stdout, 'drain');
}

export interface TableSpec<T> {
  columns: Column[];
  /** A row as the table shows it. */
  row: (item: T) => Record<string, unknown>;
  /** The line under the table: `shown` rows printed, `cut` whether --limit left rows out. */
  footer: (shown: number, cut: boolean, total: number | undefined) => string;
}

export interface ListResult {
  shown: number;
  truncated: boolean;
  total?: number;
}

/** Rows asked per page: the API's page maximum (core/query/page.ts MAX_PAGE). */
export const PAGE = 5000;
/** Rows a table measures its column widths on; later rows keep those widths (and are never cut off a terminal). */
const MEASURE = 1000;

/**
 * Prints a list from a page source in the mode the flags choose. `json` maps an item to what `--json` and
 * `--jsonl` print; `table` says how a table shows it (null: the command prints no table for this list).
 */
export async function printList<T>(
  o: ListFlags,
  source: PageSource<T>,
  json: (item: T) => unknown,
  table: TableSpec<T>,
  noun: string,
): Promise<ListResult> {
  checkModes(o);
  const limit = parseLimit(o.limit);
  let shown = 0;
  let cursor: unknown = undefined;
  let truncated = false;
  let total: number | undefined;
  let started = false;
  let pending: Record<string, unknown>[] = [];
  let widths: number[] | null = null;
  const mode = o.json ? 'json' : o.jsonl ? 'jsonl' : o.tsv ? 'tsv' : 'table';
  const open = () => {
    if (started) return '';
    started = true;
    if (mode === 'json') return limit !== undefined && !o.inner ? '{"items":[\n' : '[\n';
    if (mode === 'tsv') return tsvLine(table.columns.map((c) => c.key)) + '\n';
    return '';
  };
  const flushTable = async (final: boolean) => {
    if (pending.length === 0 && (widths || !final)) return;
    const t = formatTable(pending, table.columns, { wide: o.wide === true, widths, header: widths === null });
    widths = t.widths;
    pending = [];
    await write(t.text);
  };
  for (;;) {
    const want = limit === undefined ? PAGE : Math.min(PAGE, limit - shown + 1);
    const page = await source(cursor, want);
    if (total === undefined && page.total !== undefined) total = page.total;
    let items = page.items;
    if (limit !== undefined && shown + items.length > limit) {
      items = items.slice(0, limit - shown);
      truncated = true;
    }
    let chunk = open();
    for (const item of items) {
      // Evidence strings keep their exact characters: controls as \u escapes, which the stream guard leaves alone.
      if (mode === 'json') chunk += (shown > 0 ? ',\n' : '') + inertJson(JSON.stringify(json(item)));
      else if (mode === 'jsonl') chunk += inertJson(JSON.stringify(json(item))) + '\n';
      else if (mode === 'tsv') {
        const r = table.row(item);
        chunk += tsvLine(table.columns.map((c) => r[c.key])) + '\n';
      } else pending.push(table.row(item));
      shown++;
    }
    await write(chunk);
    if (mode === 'table' && (pending.length >= MEASURE || widths)) await flushTable(false);
    const more = page.next !== undefined && page.next !== null;
    if (!truncated && limit !== undefined && shown >= limit && more) truncated = true;
    if (truncated || !more) break;
    cursor = page.next;
  }
  let tail = open();
  const marker = { truncated, limit, ...(total !== undefined ? { total } : {}) };
  if (mode === 'json')
    tail += o.inner ? '\n]' : limit !== undefined ? `\n],${JSON.stringify(marker).slice(1)}\n` : '\n]\n';
  if (mode === 'jsonl' && truncated) tail += JSON.stringify(marker) + '\n';
  await write(tail);
  if (mode === 'table') {
    await flushTable(true);
    await write(table.footer(shown, truncated, total) + '\n');
  }
  if (truncated)
    process.stderr.write(
      `note: ${noun} cut at --limit ${limit}${total !== undefined ? ` of ${total}` : '; more follow'}: omit --limit for all\n`,
    );
  return { shown, truncated, ...(total !== undefined ? { total } : {}) };
}

/** Pages over an array already in memory (lists an API method returns whole). */
export function arraySource<T>(rows: T[]): PageSource<T> {
  return async (cursor, want) => {
    const start = typeof cursor === 'number' ? cursor : 0;
    const end = Math.min(rows.length, start + want);
    return { items: rows.slice(start, end), next: end < rows.length ? end : null, total: rows.length };
  };
}

/** A value as one TSV cell: tabs, newlines and backslashes escaped so each row stays one line of N cells. */
export function tsvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function tsvLine(vals: unknown[]): string {
  return vals.map(tsvCell).join('\t');
}
