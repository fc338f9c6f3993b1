// What the importers make of a file's first bytes, before the file itself is anywhere near the case: the
// workbench sends the head of a chosen file (browser mode) so an unrecognised file is refused before its upload
// starts, with the formats to choose from instead. The same sniffing and ranking as intake (import-file.ts).
import { createGunzip } from 'node:zlib';
import { rankImporters } from '../../importers/registry.js';
import { sniff } from '../../importers/read/sniff.js';
import type { FormatId } from '../../importers/formats.js';

/** What detection reads of a file: its first 64 KiB, decompressed (the same as intake's readHead). */
export const DETECT_HEAD_BYTES = 64 * 1024;

export interface HeadDetection {
  /** The format intake would choose, or null when none recognises the head. */
  format: FormatId | null;
  /** Every format that recognised the head, most confident first. */
  candidates: { format: FormatId; confidence: number }[];
  binary: boolean;
  gzip: boolean;
  /** Why nothing was chosen (null when a format was). */
  reason: string | null;
}

/** Up to `max` decompressed bytes of a gzip head; a head cut mid-stream yields what it holds. */
async function gunzipHead(bytes: Buffer, max: number): Promise<{ out: Buffer; complete: boolean; corrupt: boolean }> {
  const gz = createGunzip();
  const parts: Buffer[] = [];
  let n = 0;
  return new Promise((resolve) => {
    let done = false;
    const finish = (complete: boolean, corrupt: boolean) => {
      if (done) return;
      done = true;
      gz.destroy();
      resolve({ out: Buffer.concat(parts).subarray(0, max), complete, corrupt });
    };
    gz.on('data', (c: Buffer) => {
      parts.push(c);
      n += c.length;
      if (n >= max) finish(false, false);
    });
    gz.on('end', () => finish(n <= max, false));
    // A head cut short ends as "unexpected end of file": what was decoded is the sample.
    gz.on('error', (e: Error) => finish(false, n === 0 && e.message !== 'unexpected end of file'));
    gz.end(bytes);
  });
}

/**
 * Detects a file's format from its head. `complete` says the bytes are the whole file (a small file), so the
 * last line is not cut.
 */
export async function detectHead(fileName: string, head: Buffer, complete: boolean): Promise<HeadDetection> {
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let bytes = head.subarray(0, DETECT_HEAD_BYTES);
  let whole = complete && head.length <= DETECT_HEAD_BYTES;
  if (gzip) {
    const g = await gunzipHead(head, DETECT_HEAD_BYTES);
    if (g.corrupt)
      return {
        format: null,
        candidates: [],
        binary: true,
        gzip,
        reason: 'gzip stream is corrupt: no importer reads it',
      };
    bytes = g.out;
    whole = complete && g.complete;
  }
  const sniffed = sniff(fileName, bytes, whole);
  if (sniffed.binary)
    return { format: null, candidates: [], binary: true, gzip, reason: 'binary file: no importer reads it' };
  const ranked = rankImporters(sniffed.sample, sniffed).map((r) => ({
    format: r.importer.id,
    confidence: Math.round(r.confidence * 100) / 100,
  }));
  return {
    format: ranked[0]?.format ?? null,
    candidates: ranked,
    binary: false,
    gzip,
    reason: ranked.length > 0 ? null : 'no importer recognises this file: choose its format',
  };
}
