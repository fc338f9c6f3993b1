// Bytes of an evidence file, decompressed when it is gzip (told by its magic bytes, not its name).
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

export class SourceError extends Error {}

export function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the (decompressed) bytes. `onRead` receives the count of file bytes consumed, for progress.
 * A corrupt or truncated gzip ends the stream with a SourceError after yielding everything decodable.
 */
export async function* readSource(
  file: string,
  onRead?: (fileBytes: number) => void,
  highWaterMark = 1 << 20,
): AsyncGenerator<Buffer> {
  const raw = createReadStream(file, { highWaterMark });
  if (onRead) raw.on('data', (c) => onRead((c as Buffer).length));
  if (!isGzip(file)) {
    yield* raw as AsyncIterable<Buffer>;
    return;
  }
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    raw.destroy();
    const msg = (e as Error).message;
    throw new SourceError(
      msg === 'unexpected end of file'
        ? 'gzip stream is truncated (unexpected end of file)'
        : `gzip stream is corrupt (${msg})`,
    );
  }
}

/** Reads up to `max` decompressed bytes from the start, for sniffing. */
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
