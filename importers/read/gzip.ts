// Gzip evidence, member by member (RFC 1952): every member's header is read here, its deflate data inflated, its
// CRC-32 and length checked. Node's own gunzip gives up on a file whose members are followed by anything but
// another member — a file with bytes appended after its gzip data could not be imported at all (issue 15 §3) —
// and cannot say where the gzip data ended. Here the data of every member is read; bytes after the last member
// are reported (TrailingBytes), never decoded as if they were log content, and never silently ignored.
//
// Work is bounded: compressed input is inflated 16 KiB at a time (at most ~16 MiB of output per step, whatever
// the ratio), and data that expands more than MAX_RATIO times once past RATIO_AFTER_BYTES is refused as a
// decompression bomb (a 3 MB gzip of 4 GiB of newlines took 18 minutes to import).
import { crc32, createInflateRaw, type InflateRaw } from 'node:zlib';

export class SourceError extends Error {}

/** What follows the gzip data: its length and its first bytes (kept with the reject that reports them). */
export class TrailingBytes extends SourceError {
  constructor(
    readonly total: number,
    readonly head: Buffer,
    readonly allZero: boolean,
  ) {
    super(
      allZero
        ? `${total} zero bytes of padding after the end of the gzip data: not log content, not read`
        : `${total} bytes after the end of the gzip data are not gzip: not read as log content (their first bytes are kept here)`,
    );
  }
}

/** Refused: the data expands beyond any log's compression ratio. */
export class DecompressionBomb extends Error {}

/** Real logs compress 5–60 times; gzip cannot exceed ~1,032. */
export const MAX_RATIO = 400;
/** The ratio is judged once this much has been decompressed (small files of one repeated line may exceed it). */
export const RATIO_AFTER_BYTES = 256 * 1024 * 1024;
const STEP = 16 * 1024;
/** How many trailing bytes a reject keeps. */
const KEEP = 64 * 1024;

const FHCRC = 0x02,
  FEXTRA = 0x04,
  FNAME = 0x08,
  FCOMMENT = 0x10;

/** Pull-based bytes with look-ahead and push-back over an async iterable of chunks. */
class Input {
  private buf: Buffer = Buffer.alloc(0);
  private eof = false;
  private readonly it: AsyncIterator<Buffer>;

  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }

  /** Makes at least n bytes available (fewer only at the end of the input); returns how many are. */
  async fill(n: number): Promise<number> {
    while (this.buf.length < n && !this.eof) {
      const r = await this.it.next();
      if (r.done) this.eof = true;
      else this.buf = this.buf.length === 0 ? r.value : Buffer.concat([this.buf, r.value]);
    }
    return this.buf.length;
  }

  peek(): Buffer {
    return this.buf;
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  unshift(b: Buffer): void {
    if (b.length > 0) this.buf = this.buf.length === 0 ? b : Buffer.concat([b, this.buf]);
  }

  async atEnd(): Promise<boolean> {
    return (await this.fill(1)) === 0;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** Length of the member header at the start of `b` (RFC 1952 §2.3), or -1 when more bytes are needed. */
function headerLength(b: Buffer): number {
  if (b.length < 10) return -1;
  if (b[2] !== 8) throw new SourceError(`gzip stream is corrupt (compression method ${b[2]}, not deflate)`);
  const flg = b[3];
  if (flg & 0xe0) throw new SourceError('gzip stream is corrupt (reserved header flags set)');
  let p = 10;
  if (flg & FEXTRA) {
    if (b.length < p + 2) return -1;
    p += 2 + b.readUInt16LE(p);
  }
  for (const f of [FNAME, FCOMMENT]) {
    if (flg & f) {
      const z = b.indexOf(0, p);
      if (z < 0) return -1;
      p = z + 1;
    }
  }
  if (flg & FHCRC) p += 2;
  return b.length < p ? -1 : p;
}

/**
 * Inflates one member's deflate data from `input`, yielding its output; leaves the input right after the data.
 * Returns the CRC-32 and length of what it yielded.
 */
async function* inflateMember(
  input: Input,
  onOut: (n: number) => void,
): AsyncGenerator<Buffer, { crc: number; size: number }> {
  const inf: InflateRaw = createInflateRaw({ chunkSize: 256 * 1024 });
  const out: Buffer[] = [];
  let ended = false;
  let failed: Error | null = null;
  inf.on('data', (d: Buffer) => out.push(d));
  inf.on('end', () => (ended = true));
  inf.on('error', (e) => (failed = e));
  let crc = 0;
  let size = 0;
  let written = 0;
  const drain = function* (): Generator<Buffer> {
    while (out.length > 0) {
      const d = out.shift()!;
      crc = crc32(d, crc);
      size += d.length;
      onOut(d.length);
      yield d;
    }
  };
  const fail = (e: Error): never => {
    const msg = e.message;
    throw new SourceError(
      msg === 'unexpected end of file'
        ? 'gzip stream is truncated (unexpected end of file)'
        : `gzip stream is corrupt (${msg})`,
    );
  };
  try {
    for (;;) {
      if ((await input.fill(1)) === 0) {
        // The input ends: the deflate data must end with it.
        await new Promise<void>((resolve) => {
          if (ended || failed) return resolve();
          inf.once('end', () => resolve());
          inf.once('error', () => resolve());
          inf.end();
        });
        yield* drain();
        if (failed) fail(failed);
        return { crc: crc >>> 0, size };
      }
      const slice = input.take(Math.min(STEP, input.peek().length));
      written += slice.length;
      await new Promise<void>((resolve) => inf.write(slice, () => resolve()));
      // 'end' follows the write callback on the next tick when the data stopped inside this slice.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield* drain();
      if (failed) fail(failed);
      const unused = written - inf.bytesWritten;
      if (ended || unused > 0) {
        // The deflate data ended inside this slice (or just before it): what it did not use is the trailer on.
        input.unshift(slice.subarray(slice.length - unused));
        if (!ended)
          await new Promise<void>((resolve) => {
            if (ended || failed) return resolve();
            inf.once('end', () => resolve());
            inf.once('error', () => resolve());
            inf.end();
          });
        yield* drain();
        if (failed) fail(failed);
        return { crc: crc >>> 0, size };
      }
    }
  } finally {
    inf.removeAllListeners('data');
    inf.destroy();
  }
}

/**
 * The decompressed bytes of a gzip file, member after member. Ends with TrailingBytes (after yielding all the
 * gzip data) when something else follows, with SourceError on a truncated or corrupt member (after yielding
 * what was decodable), and with DecompressionBomb when the data expands beyond MAX_RATIO.
 */
export async function* gunzip(
  src: AsyncIterable<Buffer>,
  /** Compressed bytes read from the file so far (for the ratio). */
  compressedRead: () => number,
): AsyncGenerator<Buffer> {
  const input = new Input(src);
  let total = 0;
  const onOut = (n: number) => {
    total += n;
    if (total > RATIO_AFTER_BYTES && total > MAX_RATIO * Math.max(1, compressedRead()))
      throw new DecompressionBomb(
        `the gzip data expands more than ${MAX_RATIO} times (${(total / 2 ** 30).toFixed(2)} GiB from ${(compressedRead() / 2 ** 20).toFixed(1)} MiB so far), far beyond any log: refused as a likely decompression bomb. If the file is genuine, decompress it (gunzip -k) and import the result`,
      );
  };
  try {
    for (let member = 0; ; member++) {
      if (member > 0 && (await input.atEnd())) return;
      await input.fill(2);
      const b = input.peek();
      if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) {
        if (member === 0) throw new SourceError('not gzip data');
        throw await trailing(input);
      }
      let h = headerLength(input.peek());
      while (h < 0) {
        const have = input.peek().length;
        if ((await input.fill(have + 1)) === have) throw new SourceError('gzip stream is truncated (inside a header)');
        h = headerLength(input.peek());
      }
      input.take(h);
      const body = inflateMember(input, onOut);
      let r = await body.next();
      while (!r.done) {
        yield r.value;
        r = await body.next();
      }
      const { crc, size } = r.value;
      if ((await input.fill(8)) < 8) throw new SourceError('gzip stream is truncated (inside a member trailer)');
      const trailer = input.take(8);
      if (trailer.readUInt32LE(0) !== crc || trailer.readUInt32LE(4) !== size % 2 ** 32)
        throw new SourceError(`gzip stream is corrupt (member ${member + 1} fails its CRC-32 or length check)`);
    }
  } finally {
    await input.close();
  }
}

/** Reads what is left after the last member: how much, its first bytes, whether it is all zeros. */
async function trailing(input: Input): Promise<TrailingBytes> {
  let total = 0;
  let allZero = true;
  const head: Buffer[] = [];
  let kept = 0;
  while ((await input.fill(1)) > 0) {
    const b = input.take(input.peek().length);
    total += b.length;
    if (allZero) for (let i = 0; i < b.length && allZero; i++) allZero = b[i] === 0;
    if (kept < KEEP) {
      const part = Buffer.from(b.subarray(0, KEEP - kept));
      head.push(part);
      kept += part.length;
    }
  }
  return new TrailingBytes(total, Buffer.concat(head), allZero);
}
