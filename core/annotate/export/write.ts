// Writes an export file: never overwrites (the file is created exclusively, owner-only), and a write the disk
// refuses fails the export and removes the partial file (core/policy/private-files.ts).
import { PrivateFileWriter } from '../../policy/private-files.js';
import type { CaseDb } from '../../casefile/open.js';
import type { EventFilter } from '../../query/events.js';
import { annotatedEvents, type AnnotatedEvent } from './rows.js';
import { listManualEvents } from '../manual-events.js';
import {
  CSV_HEADER,
  csvManual,
  csvRow,
  jsonlManual,
  jsonlRow,
  timesketchManual,
  timesketchRow,
  type ExportFormat,
} from './formats.js';
import { ecsManual, ecsRow } from './ecs.js';
import type { ManualEvent } from '../../model/annotation.js';
import { BOM } from '../../query/export.js';

const WRITERS: Record<
  ExportFormat,
  {
    event: (r: AnnotatedEvent) => string;
    manual: (m: ManualEvent) => string;
    header?: string;
    raw: boolean;
    facts?: boolean;
  }
> = {
  csv: { event: csvRow, manual: csvManual, header: CSV_HEADER.join(',') + '\r\n', raw: false },
  jsonl: { event: jsonlRow, manual: jsonlManual, raw: true },
  timesketch: { event: timesketchRow, manual: timesketchManual, raw: false },
  ecs: { event: ecsRow, manual: ecsManual, raw: true, facts: true },
};

/** export.case: what went into which file. */
export interface CaseExport {
  events: number;
  manual: number;
  path: string;
  format: ExportFormat;
}

export interface ExportRequest {
  format: ExportFormat;
  file: string;
  filter?: EventFilter;
  annotationsOnly?: boolean;
  layerIds: number[];
  /** CSV: start with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
}

export async function exportCase(
  db: CaseDb,
  req: ExportRequest,
  onProgress?: (n: number) => void,
): Promise<CaseExport> {
  const w = WRITERS[req.format];
  const out = await PrivateFileWriter.create(req.file);
  let events = 0;
  let manual = 0;
  try {
    if (req.bom && req.format === 'csv') await out.write(BOM);
    if (w.header) await out.write(w.header);
    for (const page of annotatedEvents(db, {
      filter: req.filter,
      annotationsOnly: req.annotationsOnly,
      layerIds: req.layerIds,
      raw: w.raw,
      facts: w.facts,
    })) {
      for (const r of page) await out.write(w.event(r));
      events += page.length;
      onProgress?.(events);
    }
    // Analyst events belong to the analyst's work: in every export of it, after the logged events.
    const filtered = req.filter && Object.values(req.filter).some((v) => v !== undefined);
    if (!filtered) {
      for (const m of listManualEvents(db, { layerIds: req.layerIds })) {
        await out.write(w.manual(m));
        manual++;
      }
    }
    await out.close();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return { events, manual, path: req.file, format: req.format };
}
