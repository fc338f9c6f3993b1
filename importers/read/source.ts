// Bytes of an evidence file, decompressed when it is gzip (told by its magic bytes, not its name).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { gunzip, SourceError } from './gzip.js';

export { DecompressionBomb, SourceError, TrailingBytes } from './gzip.js';

/** Called with every chunk of the file's own bytes (compressed bytes for gzip), in order. */
export type OnRead = (fileBytes: number, chunk: Buffer) => void;

/**
 * Streams the (decompressed) bytes. `onRead` receives every chunk of the file's own bytes, for progress and for
 * hashing what is parsed. With `readToEnd`, bytes left when reading stops early (a corrupt gzip, a consumer that
 * gives up) still reach `onRead`, so a hash over them covers the whole file. A corrupt or truncated gzip ends the
 * stream with a SourceError after yielding everything decodable; bytes after the gzip data end it with
 * TrailingBytes (a SourceError) after all of it; a decompression bomb ends it with DecompressionBomb (gzip.ts).
 */
export async function* readSource(
  file: string,
  onRead?: OnRead,
  highWaterMark = 1 << 20,
  readToEnd = false,
): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  let position = 0;
  const magic = Buffer.alloc(2);
  let gzip: boolean;
  try {
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (e) {
    await fh.close();
    throw e;
  }
  const raw = createReadStream(file, { highWaterMark });
  const seen = (c: Buffer) => {
    position += c.length;
    onRead?.(c.length, c);
  };
  try {
    if (!gzip) {
      // Each chunk is counted (and hashed) as it is handed on: what is hashed is what is parsed.
      for await (const c of raw as AsyncIterable<Buffer>) {
        seen(c);
        yield c;
      }
      return;
    }
    // What is inflated is what is counted (and hashed), chunk by chunk as it is read.
    const counted = async function* (): AsyncGenerator<Buffer> {
      for await (const c of raw as AsyncIterable<Buffer>) {
        seen(c);
        yield c;
      }
    };
    yield* gunzip(counted(), () => position);
  } finally {
    raw.destroy();
    if (readToEnd && onRead) {
      // The rest of the file, from where the stream stopped.
      const buf = Buffer.alloc(highWaterMark);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        onRead(bytesRead, Buffer.from(buf.subarray(0, bytesRead)));
      }
    }
    await fh.close();
  }
}

/** Reads up to `max` decompressed bytes from the start, for sniffing (sniffFile asks for more when needed). */
export async function readHead(file: string, max = 64 * 1024): Promise<{ bytes: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let n = 0;
  let complete = true;
  try {
    for await (const chunk of readSource(file, undefined, 64 * 1024)) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= max) {
        complete = false;
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
  }
  const all = Buffer.concat(parts);
  return { bytes: all.subarray(0, max), complete: complete && all.length <= max };
}

export function stripBom(b: Buffer): Buffer {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

export function isUtf16(b: Buffer): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}
