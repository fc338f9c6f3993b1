// Every file SessionScope writes holds evidence or what an analyst concluded from it — case files and their
// SQLite journals, uploads, exports, reports, seals — so each is created readable by its owner only (0600, folders
// 0700), whatever the umask: the mode is set on the open descriptor after creation, since open(2) only ever
// removes umask bits from what it is asked for (issue 15 §4). A file that already exists is never touched here.
import {
  chmodSync,
  closeSync,
  createWriteStream,
  fchmodSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
  type WriteStream,
} from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `file` (never replacing one: EEXIST when it is there) owner-only, and returns its descriptor.
 * `flags` may add to exclusive creation (`'wx+'` to read back).
 */
export function createPrivateFile(file: string, flags: 'wx' | 'wx+' = 'wx'): number {
  const fd = openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** A write stream on a new owner-only file (exclusive: an existing file is never overwritten). */
export function createPrivateWriteStream(file: string): WriteStream {
  const fd = createPrivateFile(file);
  return createWriteStream(file, { fd, autoClose: true });
}

/** Writes a new owner-only file in one go (exclusive). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const fd = createPrivateFile(file);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` with `data`, owner-only, in one step: a private file beside it is written whole, then renamed over
 * it, so a reader never sees half a file and the result is 0600 whatever mode the old one had. For the few files
 * SessionScope rewrites (the workbench's recent-cases list).
 */
export function replacePrivateFile(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  writePrivateFile(tmp, data);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Makes `dir` and any missing parents; the folders it creates are owner-only (existing ones are left as they are). */
export function makePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // mkdir returns the first folder it created; each from there down to `dir` is new.
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chmodSync(d, PRIVATE_DIR_MODE);
    if (d === path.resolve(first) || path.dirname(d) === d) break;
  }
}

/** Where a PrivateFileWriter's bytes go: a file handle, or a fake in tests (a disk that fills up). */
export interface ByteSink {
  write(buf: Uint8Array): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Writes a new owner-only file (exclusive) in large buffered writes, and reports every failure: a write the disk
 * refused, a short write, or the flush at the end (some file systems say ENOSPC only then). A file that could not be
 * written whole is removed — an export or report cut short must not pass for a complete one (issue 15 §4: exports
 * on a full disk exited 0 with a truncated file). Errors are UserError WRITE_FAILED, saying which file and why.
 */
export class PrivateFileWriter {
  private parts: Buffer[] = [];
  private pending = 0;
  private closed = false;
  bytes = 0;

  private constructor(
    readonly file: string,
    private readonly sink: ByteSink,
  ) {}

  /** Creates the file (EEXIST when it is there: nothing is ever overwritten). `sink` replaces the disk in tests. */
  static async create(file: string, sink?: ByteSink): Promise<PrivateFileWriter> {
    if (sink) return new PrivateFileWriter(file, sink);
    const fh = await open(file, 'wx', PRIVATE_FILE_MODE);
    try {
      await fh.chmod(PRIVATE_FILE_MODE);
    } catch (e) {
      await fh.close();
      await rm(file, { force: true });
      throw e;
    }
    return new PrivateFileWriter(file, fh);
  }

  /** Queues bytes; writes when a megabyte has gathered. */
  async write(s: string | Uint8Array): Promise<void> {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s);
    this.parts.push(b);
    this.pending += b.length;
    if (this.pending >= 1 << 20) await this.guard(() => this.flush());
  }

  /** Writes what is left, makes it durable and closes. */
  async close(): Promise<void> {
    await this.guard(async () => {
      await this.flush();
      await this.sink.sync();
      this.closed = true;
      await this.sink.close();
    });
  }

  /** Gives up: closes and removes the partial file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sink.close().catch(() => undefined);
    await rm(this.file, { force: true }).catch(() => undefined);
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      await this.abort();
      throw writeFailure(this.file, e);
    }
  }

  private async flush(): Promise<void> {
    if (this.pending === 0) return;
    const buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.sink.write(buf.subarray(off));
      if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no more bytes'), { code: 'ENOSPC' });
      off += bytesWritten;
    }
    this.bytes += buf.length;
  }
}

/** A write error as the analyst should read it: which file, why, and that nothing partial was left. */
export function writeFailure(file: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOSPC'
      ? 'no space left on the device'
      : code === 'EDQUOT'
        ? 'the disk quota is exceeded'
        : code === 'EIO'
          ? 'an input/output error'
          : (e as Error).message.split('\n')[0];
  return new UserError('WRITE_FAILED', `could not write ${file}: ${why}; the incomplete file was removed`);
}
