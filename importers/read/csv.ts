// Splits a stream of CSV (RFC 4180, with the leniency exports need) into records without a parser library: a
// record ends at a line feed outside quotes; a field that starts with a quote runs to its closing quote (`""` is a
// quote inside it, line feeds included); a quote anywhere else is a literal character, as is text after a closing
// quote (`"1"x` reads as written). The first non-blank record is the header (names trimmed, an empty one is
// `column_<n>`); every other record becomes an object keyed by it: missing fields are absent, extra ones are kept
// only in the record's bytes. Blank lines are skipped (line numbers still count them); a trailing CR is dropped.
// Memory is bounded by the longest record; one over the limit is cut off and reported, never buffered whole.
// (csv-parse read about a third of the records per second this does on wide exports: Snowflake's 37 columns.)
import { isUtf8 } from 'node:buffer';
import { LIMITS } from '../../core/model/limits.js';
import { RecordBuffer, type Piece } from './piece.js';

const QUOTE = 0x22,
  NL = 0x0a,
  CR = 0x0d;

export type CsvPiece = Piece & { value?: Record<string, string> };

/** The fields of one CSV record (its text without the line terminator). */
export function csvFields(s: string, d: string): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (i < n && s.charCodeAt(i) === QUOTE) {
      let j = i + 1;
      let val = '';
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) {
          val += s.slice(j);
          j = n;
          break;
        }
        if (s.charCodeAt(q + 1) === QUOTE) {
          val += s.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        val += s.slice(j, q);
        j = q + 1;
        break;
      }
      const next = s.indexOf(d, j);
      const end = next < 0 ? n : next;
      // Text after the closing quote: the field is read as written, quotes and all.
      out.push(end > j ? s.slice(i, end) : val);
      if (next < 0) break;
      i = next + 1;
    } else {
      const next = s.indexOf(d, i);
      if (next < 0) {
        out.push(s.slice(i));
        break;
      }
      out.push(s.slice(i, next));
      i = next + 1;
    }
  }
  return out;
}

/**
 * Builds a row object for a header: an object literal of the header's keys compiled once per file, so every row
 * has one shape (an export's 30–40 columns assigned one by one cost a fifth of the read). The keys enter the code
 * only as JSON string literals (JSON.stringify escapes quotes, backslashes and control characters).
 */
function rowMaker(header: string[]): (f: string[]) => Record<string, string> {
  const unique = new Set(header).size === header.length;
  if (!unique || header.length > 500 || header.includes('__proto__')) {
    // defineProperty: a column named __proto__ is a field like any other, never the object's prototype.
    return (f) => {
      const v: Record<string, string> = {};
      for (let i = 0; i < header.length; i++)
        Object.defineProperty(v, header[i], { value: f[i], enumerable: true, writable: true, configurable: true });
      return v;
    };
  }
  const body = `return {${header.map((h, i) => `${JSON.stringify(h)}: f[${i}]`).join(', ')}};`;
  return new Function('f', body) as (f: string[]) => Record<string, string>;
}

export class CsvSplitter {
  /** The line the scan is on (1-based), and the line the current record started on. */
  private line = 1;
  private recordLine = 1;
  private inQuotes = false;
  /** Inside quotes, the previous chunk ended on a quote: the next byte says whether it was `""` or the close. */
  private quotePending = false;
  private fieldStart = true;
  /** The record holds a quote: its fields need the careful parser, not a split. */
  private quoted = false;
  private started = false;
  private header: string[] | null = null;
  private make: ((f: string[]) => Record<string, string>) | null = null;
  private readonly buf: RecordBuffer;
  private readonly delimCode: number;

  constructor(
    private readonly sink: (p: CsvPiece) => void,
    private readonly delimiter = ',',
    private readonly maxBytes = LIMITS.maxRecordBytes,
    keep = LIMITS.keptRejectBytes,
  ) {
    this.buf = new RecordBuffer(maxBytes, keep);
    this.delimCode = delimiter.charCodeAt(0);
  }

  push(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const n = chunk.length;
    const d = this.delimCode;
    let start = 0;
    for (let i = 0; i < n; i++) {
      const c = chunk[i];
      if (this.quotePending) {
        this.quotePending = false;
        if (c === QUOTE) continue; // `""`: still inside the field
        this.inQuotes = false; // the field closed; this byte is outside it
      }
      if (this.inQuotes) {
        if (c === QUOTE) {
          if (i + 1 === n) this.quotePending = true;
          else if (chunk[i + 1] === QUOTE) i++;
          else this.inQuotes = false;
        } else if (c === NL) this.line++;
        continue;
      }
      if (c === NL) {
        this.line++;
        if (this.buf.empty && i - start <= this.maxBytes) this.record(chunk.subarray(start, i), false, i - start);
        else {
          this.buf.add(chunk.subarray(start, i));
          const len = this.buf.length;
          const overflow = this.buf.overflow;
          this.record(this.buf.take(), overflow, len);
        }
        start = i + 1;
        continue;
      }
      if (c === QUOTE) {
        this.quoted = true;
        if (this.fieldStart) {
          this.inQuotes = true;
          this.fieldStart = false;
          continue;
        }
      }
      this.fieldStart = c === d;
    }
    if (start < n) this.buf.add(chunk.subarray(start));
  }

  /** Flushes the last record. `cut` says the stream stopped early (truncated gzip). */
  end(cut?: string): void {
    if (this.buf.empty) return;
    const len = this.buf.length;
    const overflow = this.buf.overflow;
    const bytes = this.buf.take();
    const ref = { line: this.recordLine };
    if (cut) {
      this.sink({ ref, bytes, error: `file ends inside this record: ${cut}`, truncated: true });
      return;
    }
    if (this.inQuotes && !this.quotePending) {
      this.sink({ ref, bytes, error: 'malformed CSV: a quoted field is not closed before the end of the file' });
      return;
    }
    this.record(bytes, overflow, len);
  }

  private record(bytes: Buffer, overflow: boolean, len: number): void {
    const ref = { line: this.recordLine };
    const quoted = this.quoted;
    this.recordLine = this.line;
    this.fieldStart = true;
    this.quoted = false;
    this.inQuotes = false;
    this.quotePending = false;
    if (overflow) {
      this.sink({ ref, bytes, truncated: true, error: `record is ${len} bytes, over the ${this.maxBytes}-byte limit` });
      return;
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length === 0) return;
    // A header that is not UTF-8 still names its columns (undecodable bytes become U+FFFD); a row must be UTF-8.
    if (this.header && !isUtf8(bytes)) {
      this.sink({ ref, bytes, error: 'invalid UTF-8 in this row' });
      return;
    }
    const text = bytes.toString('utf8');
    const fields = quoted ? csvFields(text, this.delimiter) : text.split(this.delimiter);
    if (!this.header) {
      this.header = fields.map((h, i) => h.trim() || `column_${i + 1}`);
      this.make = rowMaker(this.header);
      return;
    }
    let value: Record<string, string>;
    if (fields.length >= this.header.length) value = this.make!(fields);
    else {
      // A short row: only the fields it has (csv-parse's relax_column_count did the same).
      value = {};
      for (let i = 0; i < fields.length; i++)
        Object.defineProperty(value, this.header[i], {
          value: fields[i],
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    this.sink({ ref, bytes, value });
  }
}
