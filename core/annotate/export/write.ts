// Writes an export file: never overwrites (the file is created exclusively), streams with back-pressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
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

async function write(out: WriteStream, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

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
}

export async function exportCase(
  db: CaseDb,
  req: ExportRequest,
  onProgress?: (n: number) => void,
): Promise<CaseExport> {
  const w = WRITERS[req.format];
  const out = createWriteStream(req.file, { flags: 'wx' });
  await once(out, 'open');
  let events = 0;
  let manual = 0;
  try {
    if (w.header) await write(out, w.header);
    for (const page of annotatedEvents(db, {
      filter: req.filter,
      annotationsOnly: req.annotationsOnly,
      layerIds: req.layerIds,
      raw: w.raw,
      facts: w.facts,
    })) {
      for (const r of page) await write(out, w.event(r));
      events += page.length;
      onProgress?.(events);
    }
    // Analyst events belong to the analyst's work: in every export of it, after the logged events.
    const filtered = req.filter && Object.values(req.filter).some((v) => v !== undefined);
    if (!filtered) {
      for (const m of listManualEvents(db, { layerIds: req.layerIds })) {
        await write(out, w.manual(m));
        manual++;
      }
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return { events, manual, path: req.file, format: req.format };
}
