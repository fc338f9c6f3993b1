// Exports with the analyst's work folded in: CSV (formula injection defused), JSON lines (with raw records),
// Timesketch JSONL (message, datetime, timestamp_desc, tag, comment) and ECS NDJSON; everything, or only the
// annotated events (Velociraptor#3849's "annotations only"). Audited when they start.
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { eventFilter, toFilter } from '../params.js';
import { UserError } from '../../errors.js';
import { allowedPath } from '../../policy/paths.js';
import { selectLayers } from '../../annotate/layers.js';
import { exportCase } from '../../annotate/export/write.js';
import { EXPORT_FORMATS } from '../../model/export-formats.js';
import { layerNames } from './annotate-params.js';
import { exportParquet } from '../../query/parquet/export.js';

export const exportAnnotatedMethods = [
  defineMethod({
    name: 'export.case',
    summary:
      'Export events with their annotations: csv, jsonl, timesketch (JSONL) or ecs (NDJSON); all events or only annotated ones',
    params: z
      .object({
        format: z.enum(EXPORT_FORMATS),
        out: z.string().min(1).max(4096),
        filter: eventFilter.optional(),
        annotations_only: z.boolean().optional(),
        layers: layerNames.optional(),
        /** csv: start with a UTF-8 byte order mark so Excel reads it as UTF-8 */
        bom: z.boolean().optional(),
      })
      .strict(),
    mutates: 'async',
    needsCase: true,
    async handler(ctx, p) {
      const out = allowedPath(ctx.allowedRoots, p.out);
      const db = ctx.caseFile!.db;
      const layerIds = selectLayers(db, p.layers).map((l) => l.id);
      try {
        return await exportCase(
          db,
          {
            format: p.format,
            file: out,
            filter: p.filter ? toFilter(p.filter) : undefined,
            annotationsOnly: p.annotations_only,
            layerIds,
            bom: p.bom,
          },
          (n) => ctx.emit('export.progress', { events: n }),
        );
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new UserError('CONFLICT', `refusing to overwrite existing file: ${p.out}`);
        throw e;
      }
    },
  }),
  defineMethod({
    name: 'export.parquet',
    summary:
      'Hand a case to DuckDB, Athena or Spark: events (partitioned by day), identities, sessions and edges as Parquet, or OCSF-shaped tables',
    params: z
      .object({
        format: z.enum(['parquet', 'ocsf']),
        out: z.string().min(1).max(4096),
        raw: z.boolean().optional(),
      })
      .strict(),
    mutates: 'async',
    needsCase: true,
    async handler(ctx, p) {
      const out = allowedPath(ctx.allowedRoots, p.out);
      if (p.raw && p.format !== 'parquet') throw new UserError('INVALID_PARAMS', '--raw goes with --format parquet');
      return exportParquet(ctx.caseFile!.db, { format: p.format, dir: out, raw: p.raw }, (n) =>
        ctx.emit('export.progress', { events: n }),
      );
    },
  }),
];
