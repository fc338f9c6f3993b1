// Browser mode: what a chosen file is, from its first 64 KiB, before any of it is uploaded — so a file no
// importer recognises (a 677 MB archive, a spreadsheet) is refused in a second instead of after its upload,
// and the analyst picks its format instead (core/evidence/detect-head.ts answers evidence.detect).
import type { HeadDetection } from '../../lib/contract';
import type { Transport } from '../../transport';
import type { PickedFile } from './files-from-drop';

/** As much as detection reads (core/evidence/detect-head.ts). */
const HEAD_BYTES = 64 * 1024;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface Sniffed extends PickedFile {
  detection: HeadDetection;
}

/** Calls in flight at once while checking a folder of many files. */
const PARALLEL = 4;

/** Detects each file's format from its head, in order, a few at a time (a folder of many files stays quick). */
export async function sniffFiles(t: Transport, files: PickedFile[]): Promise<Sniffed[]> {
  const out: Sniffed[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const f = files[i];
      const head = new Uint8Array(await f.file.slice(0, HEAD_BYTES).arrayBuffer());
      const detection = await t.call('evidence.detect', {
        name: f.rel,
        head: base64(head),
        complete: f.file.size <= HEAD_BYTES,
      });
      out[i] = { ...f, detection };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  return out;
}
