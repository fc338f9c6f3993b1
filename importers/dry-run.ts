// Reads a file through an importer without a case: what `sessionscope parse` prints and what importer tests
// assert on. Same reader, same checks, same accounting as a real import.
import path from 'node:path';
import type { FormatId, NormalizedEvent, RecordRef } from '../core/model/event.js';
import { chooseImporter, getImporter, rankImporters } from './registry.js';
import { sniffFile } from './read/sniff.js';
import { readRecords } from './read/records.js';
import { RecordPipeline, type Output, type RecordPart } from './pipeline.js';

export interface DryEvent extends NormalizedEvent {
  ref: RecordRef;
  raw: string;
  merged: RecordRef[];
}
export interface DryReject {
  ref: RecordRef;
  reason: string;
  raw: string;
}

export interface DryRun {
  format: FormatId | null;
  detected: { format: string; confidence: number }[];
  records: number;
  events: DryEvent[];
  rejects: DryReject[];
  merged: number;
  error?: string;
}

export async function dryRun(
  file: string,
  opts: { format?: FormatId; mapping?: Record<string, unknown> } = {},
): Promise<DryRun> {
  const sniffed = await sniffFile(file);
  const ranked = rankImporters(sniffed.sample, sniffed);
  const detected = ranked.map((r) => ({ format: r.importer.id, confidence: Math.round(r.confidence * 1000) / 1000 }));
  const importer = opts.format
    ? getImporter(opts.format)
    : sniffed.binary
      ? null
      : chooseImporter(sniffed.sample, sniffed);
  const result: DryRun = { format: importer?.id ?? null, detected, records: 0, events: [], rejects: [], merged: 0 };
  if (!importer) return { ...result, error: 'no importer recognises this file' };
  const shape =
    importer.input === 'any' ? (sniffed.jsonLayout ? 'json' : sniffed.csvDelimiter ? 'csv' : null) : importer.input;
  if (!shape || (shape === 'json' && !sniffed.jsonLayout))
    return { ...result, error: `not a shape the ${importer.id} importer reads` };
  const out: Output & { n: number } = {
    n: 0,
    get accounted() {
      return this.n;
    },
    event(ev: NormalizedEvent, parts: RecordPart[]) {
      this.n += parts.length;
      result.merged += parts.length - 1;
      result.events.push({
        ...ev,
        ref: parts[0].ref,
        raw: parts.map((p) => p.bytes.toString('utf8')).join('\n'),
        merged: parts.slice(1).map((p) => p.ref),
      });
    },
    reject(ref: RecordRef, reason: string, bytes: Buffer) {
      this.n++;
      result.rejects.push({ ref, reason, raw: bytes.toString('utf8') });
    },
  };
  const pipeline = new RecordPipeline(importer, shape, out, { mapping: opts.mapping, fileName: path.basename(file) });
  await readRecords(
    file,
    {
      shape,
      jsonLayout: sniffed.jsonLayout,
      csvDelimiter: sniffed.csvDelimiter,
      wrapperKeys: importer.jsonWrapperKeys,
    },
    (p) => pipeline.push(p),
  );
  pipeline.end();
  result.records = pipeline.records;
  if (out.accounted !== pipeline.records)
    result.error = `internal: ${pipeline.records} records read, ${out.accounted} accounted for`;
  return result;
}
