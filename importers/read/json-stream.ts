// Splits a stream of JSON text into records without parsing it: a top-level array's elements, the array of
// a wrapper document ({"Records":[…]} from CloudTrail's S3 delivery, {"records":[…]} from Azure diagnostic
// exports, {"value":[…]} from Graph), or each of several concatenated / pretty-printed documents. Memory is
// bounded by the longest record; nesting depth is counted, never recursed.
//
// A wrapper is an object whose members before its records array are all scalars: the records key may follow
// page metadata (Graph's {"@odata.context":"…","value":[…]}, {"version":2,"logs":[…]}). An object member or
// another array first means the document is a record itself ({"tags":[…],"items":[…]} stays one record).
import { LIMITS } from '../../core/model/limits.js';
import { RecordBuffer, type PieceSink } from './piece.js';

export const DEFAULT_WRAPPER_KEYS = ['Records', 'records', 'value', 'logs', 'events', 'items', 'entries', 'auditLogs'];

const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const JSON_SCALAR = `(?:${JSON_STRING}|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`;

/**
 * The text of a wrapper document up to its records array: `{`, any scalar members (page metadata), then one of
 * the wrapper keys and its colon. Tested on at most 4 KiB, once per top-level document that reaches an array.
 */
export function wrapperHeadPattern(keys: string[]): RegExp {
  const names = keys.map((k) => k.replace(/[^A-Za-z0-9_@.]/g, '').replace(/\./g, '\\.')).join('|');
  return new RegExp(`^\\{\\s*(?:${JSON_STRING}\\s*:\\s*${JSON_SCALAR}\\s*,\\s*)*"(?:${names})"\\s*:\\s*$`);
}

const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  OPEN_OBJ = 0x7b,
  CLOSE_OBJ = 0x7d,
  OPEN_ARR = 0x5b,
  CLOSE_ARR = 0x5d,
  COMMA = 0x2c;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Where records live right now. */
const enum Level {
  /** Records are top-level values. */
  Top,
  /** Records are the elements of a top-level array (depth 1). */
  Array,
  /** Records are the elements of a wrapper object's array (depth 2). */
  Wrapper,
  /** Skipping the rest of a wrapper object after its array closed. */
  WrapperTail,
}

export class JsonSplitter {
  private level = Level.Top;
  private depth = 0;
  private inString = false;
  /** Parity of backslashes that ended the previous chunk inside a string. */
  private carryBackslash = false;
  private inRecord = false;
  private scalar = false;
  private recordStart = 0;
  private recordBase = 0;
  private recordMaxDepth = 0;
  private wrapperCheck = false;
  private offset = 0;
  private index = 0;
  private started = false;
  private readonly buf: RecordBuffer;
  private readonly wrapperRe: RegExp;
  private readonly wrapperKeys: Set<string>;

  constructor(
    private readonly sink: PieceSink,
    wrapperKeys: string[] = DEFAULT_WRAPPER_KEYS,
    private readonly maxBytes = LIMITS.maxRecordBytes,
    private readonly maxDepth = LIMITS.maxDepth,
  ) {
    this.buf = new RecordBuffer(maxBytes, LIMITS.keptRejectBytes);
    this.wrapperRe = wrapperHeadPattern(wrapperKeys);
    this.wrapperKeys = new Set(wrapperKeys);
  }

  private get recordDepth(): number {
    return this.level === Level.Top ? 0 : this.level === Level.Array ? 1 : 2;
  }

  push(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        this.offset = 3;
      }
    }
    let seg = this.inRecord ? 0 : -1;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) break;
        let bs = 0;
        let j = q - 1;
        while (j >= i && chunk[j] === BACKSLASH) {
          bs++;
          j--;
        }
        if (j < i && i === 0 && this.carryBackslash) bs++;
        this.carryBackslash = false;
        i = q + 1;
        if (bs % 2 === 1) continue; // escaped quote
        this.inString = false;
        if (this.inRecord && this.scalar) {
          this.finish(chunk, seg, i);
          seg = -1;
        }
        continue;
      }
      const c = chunk[i];
      if (this.inRecord && this.scalar) {
        // A bare scalar (number, literal, or junk) ends at whitespace or a delimiter.
        if (
          isWs(c) ||
          c === COMMA ||
          c === CLOSE_ARR ||
          c === CLOSE_OBJ ||
          c === OPEN_OBJ ||
          c === OPEN_ARR ||
          c === QUOTE
        ) {
          this.finish(chunk, seg, i);
          seg = -1;
          continue;
        }
        i++;
        continue;
      }
      if (!this.inRecord && this.level !== Level.WrapperTail) {
        if (isWs(c) || c === COMMA) {
          i++;
          continue;
        }
        if (this.level !== Level.Top && (c === CLOSE_ARR || c === CLOSE_OBJ)) {
          // The record container closes.
          this.depth = this.level === Level.Array ? 0 : 1;
          this.level = this.level === Level.Array ? Level.Top : Level.WrapperTail;
          i++;
          continue;
        }
        if (this.level === Level.Top && c === OPEN_ARR) {
          this.level = Level.Array;
          this.depth = 1;
          i++;
          continue;
        }
        this.inRecord = true;
        this.recordStart = this.offset + i;
        this.recordBase = this.depth;
        this.recordMaxDepth = 0;
        seg = i;
        this.wrapperCheck = this.level === Level.Top && c === OPEN_OBJ;
        if (c === OPEN_OBJ || c === OPEN_ARR) {
          this.scalar = false;
          this.depth++;
          this.recordMaxDepth = 1;
        } else {
          this.scalar = true;
          if (c === QUOTE) this.inString = true;
        }
        i++;
        continue;
      }
      // Inside a structured record, or skipping a wrapper's tail.
      if (c === QUOTE) {
        this.inString = true;
        i++;
        continue;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.wrapperCheck && c === OPEN_ARR && this.depth === 1 && this.mayBeWrapperKey(chunk, seg, i)) {
          this.wrapperCheck = false;
          if (seg >= 0) this.buf.add(chunk.subarray(seg, i));
          const soFar = this.buf.take();
          if (soFar.length < 4096 && this.wrapperRe.test(soFar.toString('utf8'))) {
            this.inRecord = false;
            this.level = Level.Wrapper;
            this.depth = 2;
            seg = -1;
            i++;
            continue;
          }
          this.buf.add(soFar);
          seg = i;
        } else if (this.wrapperCheck && this.depth === 1) {
          // An object member, or an array under another key, before any records array: a record, not a page.
          this.wrapperCheck = false;
        }
        this.depth++;
        if (this.inRecord && this.depth - this.recordBase > this.recordMaxDepth)
          this.recordMaxDepth = this.depth - this.recordBase;
        i++;
        continue;
      }
      if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        if (this.depth > 0) this.depth--;
        i++;
        if (this.inRecord && this.depth === this.recordBase) {
          this.finish(chunk, seg, i);
          seg = -1;
        } else if (this.level === Level.WrapperTail && this.depth === 0) {
          this.level = Level.Top;
        }
        continue;
      }
      i++;
    }
    if (this.inRecord && seg >= 0 && seg < n) this.buf.add(chunk.subarray(seg, n));
    if (this.inString) {
      let bs = 0;
      for (let j = n - 1; j >= 0 && chunk[j] === BACKSLASH; j--) bs++;
      this.carryBackslash = bs % 2 === 1;
    }
    this.offset += n;
  }

  /**
   * Whether the member name right before the array opening at `i` can be a wrapper key: a cheap look back in the
   * current chunk, so that records with arrays among their fields pay no copy and no pattern test. True when the
   * name starts in an earlier chunk (the full test decides).
   */
  private mayBeWrapperKey(chunk: Buffer, seg: number, i: number): boolean {
    const from = seg >= 0 ? seg : 0;
    let j = i - 1;
    while (j >= from && isWs(chunk[j])) j--;
    if (j < from) return true;
    if (chunk[j] !== 0x3a /* : */) return false;
    j--;
    while (j >= from && isWs(chunk[j])) j--;
    if (j < from) return true;
    if (chunk[j] !== QUOTE) return false;
    const q = chunk.lastIndexOf(QUOTE, j - 1);
    if (q < from) return true;
    return this.wrapperKeys.has(chunk.toString('latin1', q + 1, j));
  }

  private finish(chunk: Buffer, seg: number, end: number): void {
    if (seg >= 0 && end > seg) this.buf.add(chunk.subarray(seg, end));
    const len = this.buf.length;
    const overflow = this.buf.overflow;
    const bytes = this.buf.take();
    const ref = { index: this.index++, offset: this.recordStart };
    this.inRecord = false;
    this.scalar = false;
    this.wrapperCheck = false;
    if (overflow) {
      this.sink({ ref, bytes, truncated: true, error: `record is ${len} bytes, over the ${this.maxBytes}-byte limit` });
    } else if (this.recordMaxDepth > this.maxDepth) {
      this.sink({
        ref,
        bytes,
        error: `JSON nested ${this.recordMaxDepth} levels deep, over the limit of ${this.maxDepth}`,
      });
    } else {
      this.sink({ ref, bytes });
    }
  }

  /** Flushes the last record. `cut` says the stream stopped early (truncated gzip). */
  end(cut?: string): void {
    if (!this.inRecord) return;
    const bytes = this.buf.take();
    const ref = { index: this.index++, offset: this.recordStart };
    const complete = this.scalar && !this.inString && !cut;
    this.inRecord = false;
    this.inString = false;
    if (complete) {
      this.sink({ ref, bytes });
      return;
    }
    this.sink({
      ref,
      bytes,
      truncated: true,
      error: cut ? `file ends inside this record: ${cut}` : 'file ends inside this record (truncated JSON)',
    });
  }
}
