// Every importer, and auto-detection: each one rates the sample; the most confident wins, generic last. The
// importers are the registry's formats (importers/formats.ts), loaded together when this module loads: whoever
// imports it is about to read a log. Code that only needs to know about formats reads the descriptors instead.
import { FORMATS, type FormatId } from './formats.js';
import type { Importer, Sample } from './types.js';

async function loadImporters(): Promise<Importer[]> {
  const loaded = await Promise.all(FORMATS.map((f) => f.load()));
  loaded.forEach((imp, i) => {
    if (imp.id !== FORMATS[i].id)
      throw new Error(`importers/${FORMATS[i].id}/format.ts loads the importer of ${imp.id}: fix its load()`);
  });
  return loaded;
}

/** In registry order, which is detection's tie-break order. */
export const IMPORTERS: readonly Importer[] = await loadImporters();

export function getImporter(id: FormatId | string): Importer | null {
  return IMPORTERS.find((i) => i.id === id) ?? null;
}

export interface ShapeHints {
  jsonLayout: 'lines' | 'stream' | null;
  csvDelimiter: string | null;
}

export function rankImporters(sample: Sample, hints: ShapeHints): { importer: Importer; confidence: number }[] {
  const out: { importer: Importer; confidence: number }[] = [];
  for (const importer of IMPORTERS) {
    if (importer.input === 'json' && !hints.jsonLayout) continue;
    if (importer.input === 'csv' && !hints.csvDelimiter) continue;
    if (importer.input === 'any' && !hints.jsonLayout && !hints.csvDelimiter) continue;
    let confidence: number;
    try {
      confidence = importer.detect(sample);
    } catch {
      confidence = 0;
    }
    if (confidence > 0) out.push({ importer, confidence });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

export function chooseImporter(sample: Sample, hints: ShapeHints): Importer | null {
  return rankImporters(sample, hints)[0]?.importer ?? null;
}
