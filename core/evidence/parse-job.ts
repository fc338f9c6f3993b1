// Parsing one evidence file into prepared batches: reader → importer pipeline → batch builder. Runs on its
// own worker thread during imports (parse-worker.ts), so parsing and SQLite writing use both cores.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FormatId } from '../model/event.js';
import { getImporter } from '../../importers/registry.js';
import { readRecords } from '../../importers/read/records.js';
import type { JsonLayout } from '../../importers/read/sniff.js';
import { RecordPipeline } from '../../importers/pipeline.js';
import { BatchBuilder } from './batch-builder.js';
import type { ParseTotals, PreparedBatch } from './batch.js';

export interface ParseRequest {
  file: string;
  format: FormatId;
  shape: 'json' | 'csv' | 'lines';
  jsonLayout: JsonLayout | null;
  csvDelimiter: string | null;
  mapping?: Record<string, unknown>;
}

/**
 * Parses the file; hands each batch to `onBatch`, awaiting `between` between input chunks (backpressure).
 * Returns the totals, including the digest over the events in emission order.
 */
export async function runParse(
  req: ParseRequest,
  onBatch: (b: PreparedBatch) => void,
  between?: () => Promise<void> | void,
): Promise<ParseTotals> {
  const importer = getImporter(req.format);
  if (!importer) throw new Error(`no importer ${req.format}`);
  const builder = new BatchBuilder(importer.id, onBatch);
  // The bytes parsed are the bytes hashed: intake compares this hash with the one it recorded (import-file.ts).
  const hash = createHash('sha256');
  let bytes = 0;
  const pipeline = new RecordPipeline(importer, req.shape, builder, {
    mapping: req.mapping,
    fileName: path.basename(req.file),
  });
  await readRecords(
    req.file,
    {
      shape: req.shape,
      jsonLayout: req.jsonLayout,
      csvDelimiter: req.csvDelimiter,
      wrapperKeys: importer.jsonWrapperKeys,
    },
    (p) => {
      pipeline.push(p);
      builder.records = pipeline.records;
    },
    (n, chunk) => {
      builder.bytesRead += n;
      bytes += n;
      hash.update(chunk);
    },
    between,
  );
  pipeline.end();
  builder.records = pipeline.records;
  builder.flush();
  return { ...builder.totals(pipeline.records), sha256: hash.digest('hex'), bytes };
}
