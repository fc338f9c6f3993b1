// Printing for people (tables) and for programs (one JSON document).
import { inertJson, neutralize } from './terminal.js';

export function printJson(v: unknown): void {
  process.stdout.write(inertJson(JSON.stringify(v, null, 2)) + '\n');
}

function width(): number {
  return process.stdout.isTTY ? Math.max(60, process.stdout.columns ?? 120) : 200;
}

/** Shortens long values in the middle so both ends (ARN prefixes, key suffixes) stay readable. */
export function middle(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 3) return s.slice(0, max);
  const head = Math.ceil((max - 1) / 2);
  return s.slice(0, head) + '…' + s.slice(s.length - (max - 1 - head));
}

function clean(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // One cell, one line: a line feed is shown, a tab is a space; other controls get their stand-ins here (not only
  // at the stream), so column widths count what is shown.
  return neutralize(s.replace(/[\n\t]/g, (c) => (c === '\n' ? '⏎' : ' ')));
}

export interface Column {
  key: string;
  title: string;
  /** Widest the column grows on a terminal; longer cells are shortened in the middle there (never elsewhere). */
  max?: number;
  align?: 'right';
  /** Never shortened: an id, time, key or ARN the next command needs. */
  keep?: boolean;
}

export interface TableOptions {
  /** Never shorten a cell, even on a terminal (`--wide`). */
  wide?: boolean;
  /** Column widths from an earlier part of the same table (streamed tables measure their first rows). */
  widths?: number[] | null;
  /** Print the title row and rule (the first part of a streamed table). */
  header?: boolean;
}

/**
 * A table as text. Cells are shortened (in the middle, so ARN prefixes and key suffixes stay readable) only when
 * stdout is a terminal and not `wide`, and never in `keep` columns: piped output carries every value whole.
 */
export function formatTable(
  rows: Record<string, unknown>[],
  columns: Column[],
  o: TableOptions = {},
): { text: string; widths: number[] } {
  const cells = rows.map((r) => columns.map((c) => clean(r[c.key])));
  const cut = process.stdout.isTTY === true && o.wide !== true;
  let widths = o.widths;
  if (!widths) {
    widths = columns.map((c, i) => {
      const natural = Math.max(c.title.length, ...cells.map((row) => row[i].length));
      return cut && !c.keep ? Math.min(c.max ?? 60, natural) : natural;
    });
    if (cut) {
      // Shrink the widest columns that may be shortened until the table fits the terminal.
      const total = width();
      let sum = widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
      while (sum > total) {
        let i = -1;
        for (let k = 0; k < widths.length; k++) if (!columns[k].keep && (i < 0 || widths[k] > widths[i])) i = k;
        if (i < 0 || widths[i] <= 8) break;
        widths[i]--;
        sum--;
      }
    }
  }
  const w = widths;
  const line = (vals: string[]) =>
    vals
      .map((v, i) => {
        const s = cut && !columns[i].keep ? middle(v, w[i]) : v;
        return columns[i].align === 'right' ? s.padStart(w[i]) : s.padEnd(w[i]);
      })
      .join('  ')
      .trimEnd();
  let text = '';
  if (o.header !== false) {
    text += line(columns.map((c) => c.title)) + '\n';
    text += w.map((x) => '─'.repeat(x)).join('  ') + '\n';
  }
  for (const row of cells) text += line(row) + '\n';
  return { text, widths: w };
}

export function printTable(
  rows: Record<string, unknown>[],
  columns: Column[],
  footer?: string,
  o: { wide?: boolean } = {},
): void {
  process.stdout.write(formatTable(rows, columns, o).text);
  if (footer) process.stdout.write(footer + '\n');
}

/** `2026-03-10 13:02:10.123` in the display zone. */
export function displayTime(iso: string | null, tz = 'UTC'): string {
  if (!iso) return '';
  if (tz === 'UTC') return iso.replace('T', ' ').replace(/Z$/, '');
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const ms = iso.slice(19, 23).startsWith('.') ? iso.slice(19, 23) : '.000';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}:${get('second')}${ms}`;
}

export function n(v: number): string {
  return v.toLocaleString('en-US');
}

export function bytes(v: number): string {
  if (v < 1024) return `${v} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  if (v < 1024 ** 3) return `${(v / 1024 / 1024).toFixed(1)} MiB`;
  return `${(v / 1024 ** 3).toFixed(2)} GiB`;
}
