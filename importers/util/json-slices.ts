// Byte ranges of values inside a JSON document, found without re-serialising it: a container record (an OTLP
// export line, a Langfuse trace export) is split into parts whose `raw` must stay the exact bytes of the file.
// The scanner only tokenises (strings, brackets, scalars); callers pair the ranges with the values JSON.parse
// already produced, in document order.

const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  OPEN_OBJ = 0x7b,
  CLOSE_OBJ = 0x7d,
  OPEN_ARR = 0x5b,
  CLOSE_ARR = 0x5d,
  COMMA = 0x2c,
  COLON = 0x3a;

export interface Slice {
  start: number;
  end: number;
}

/** A path segment: an object key, or '*' for every element of an array. */
export type PathSegment = string | '*';

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(b: Buffer, i: number): number {
  while (i < b.length && isWs(b[i])) i++;
  return i;
}

/**
 * Index just past the string that opens at `i` (b[i] is the quote): the next quote not escaped by an odd run of
 * backslashes.
 */
function skipString(b: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, j);
    if (q < 0) throw new Error('unterminated string');
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the JSON value that starts at `i` (after whitespace). */
export function skipValue(b: Buffer, i: number): number {
  i = skipWs(b, i);
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === OPEN_OBJ || c === OPEN_ARR) {
    let depth = 0;
    const n = b.length;
    while (i < n) {
      const d = b[i];
      if (d === QUOTE) {
        i = skipString(b, i);
        continue;
      }
      if (d === OPEN_OBJ || d === OPEN_ARR) depth++;
      else if (d === CLOSE_OBJ || d === CLOSE_ARR) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error('unterminated value');
  }
  while (i < b.length) {
    const d = b[i];
    if (isWs(d) || d === COMMA || d === CLOSE_ARR || d === CLOSE_OBJ) break;
    i++;
  }
  return i;
}

function keyText(b: Buffer, start: number, end: number): string {
  // Keys without escapes are compared as bytes; the rare escaped key is decoded properly.
  const raw = b.subarray(start + 1, end - 1);
  return raw.includes(BACKSLASH)
    ? (JSON.parse(b.subarray(start, end).toString('utf8')) as string)
    : raw.toString('utf8');
}

function walk(b: Buffer, i: number, path: readonly PathSegment[], depth: number, out: Slice[]): number {
  i = skipWs(b, i);
  if (depth === path.length) {
    const end = skipValue(b, i);
    out.push({ start: i, end });
    return end;
  }
  const seg = path[depth];
  const c = b[i];
  if (seg === '*') {
    if (c !== OPEN_ARR) return skipValue(b, i);
    i = skipWs(b, i + 1);
    if (b[i] === CLOSE_ARR) return i + 1;
    for (;;) {
      i = walk(b, i, path, depth + 1, out);
      i = skipWs(b, i);
      if (b[i] === COMMA) {
        i++;
        continue;
      }
      if (b[i] === CLOSE_ARR) return i + 1;
      throw new Error(`unexpected byte at ${i}`);
    }
  }
  if (c !== OPEN_OBJ) return skipValue(b, i);
  i = skipWs(b, i + 1);
  if (b[i] === CLOSE_OBJ) return i + 1;
  for (;;) {
    i = skipWs(b, i);
    if (b[i] !== QUOTE) throw new Error(`expected a key at ${i}`);
    const kEnd = skipString(b, i);
    const k = keyText(b, i, kEnd);
    i = skipWs(b, kEnd);
    if (b[i] !== COLON) throw new Error(`expected ':' at ${i}`);
    i = k === seg ? walk(b, i + 1, path, depth + 1, out) : skipValue(b, i + 1);
    i = skipWs(b, i);
    if (b[i] === COMMA) {
      i++;
      continue;
    }
    if (b[i] === CLOSE_OBJ) return i + 1;
    throw new Error(`unexpected byte at ${i}`);
  }
}

/**
 * Byte ranges of every value at `path` in the JSON document `b`, in document order: ['observations', '*'] gives
 * each element of the top-level `observations` array; ['resourceSpans', '*', 'scopeSpans', '*', 'spans', '*']
 * each span of an OTLP export. Throws on malformed JSON (callers have parsed it already, so that means a bug).
 */
export function sliceAt(b: Buffer, path: readonly PathSegment[]): Slice[] {
  const out: Slice[] = [];
  walk(b, 0, path, 0, out);
  return out;
}

/** Index just past the JSON value starting at byte `start` of `b`, or -1 when it is not a complete value. */
export function jsonValueEnd(b: Buffer, start: number): number {
  try {
    return skipValue(b, start);
  } catch {
    return -1;
  }
}
