// Auto-detection across the whole corpus: every format wins the samples its descriptor claims, and no format but
// the generic fallback claims a sample of a family no format reads yet (the unassigned samples in other/).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readHead } from '../../importers/read/source.js';
import { sniff } from '../../importers/read/sniff.js';
import { rankImporters } from '../../importers/registry.js';
import { FORMATS } from '../../importers/formats.js';
import { CORPUS, HAS_CORPUS } from '../helpers.js';

/** The format whose descriptor claims a corpus file (importers/<id>/format.ts, `corpus`), if any. */
function ownerOf(family: string, file: string): string | null {
  const rel = `${family}/${path.basename(file)}`;
  return FORMATS.find((f) => f.corpus.folders?.includes(family) || f.corpus.files?.includes(rel))?.id ?? null;
}

function files(): { family: string; file: string }[] {
  if (!HAS_CORPUS) return [];
  const out: { family: string; file: string }[] = [];
  for (const family of readdirSync(CORPUS).sort()) {
    const d = path.join(CORPUS, family);
    if (family.startsWith('_') || family.includes('.') || !existsSync(d)) continue;
    for (const f of readdirSync(d).sort())
      if (!f.endsWith('-expected.json')) out.push({ family, file: path.join(d, f) });
  }
  return out;
}

describe.skipIf(!HAS_CORPUS)('detection boundaries', () => {
  for (const { family, file } of files()) {
    it(`${family}/${path.basename(file)}`, async () => {
      const head = await readHead(file);
      const s = sniff(file, head.bytes, head.complete);
      const ranked = rankImporters(s.sample, s).map((r) => r.importer.id);
      const owner = ownerOf(family, file);
      // A sample of a family no format claims yet may only fall to the generic fallback, or to nothing.
      if (owner) expect(ranked[0], JSON.stringify(ranked)).toBe(owner);
      else expect([undefined, 'generic'], JSON.stringify(ranked)).toContain(ranked[0]);
    });
  }
});
