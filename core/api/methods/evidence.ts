// Evidence intake and what became of each record.
import { z } from 'zod';
import { startImport } from '../../evidence/import-job.js';
import { checkProvenance } from '../../evidence/provenance.js';
import { listEvidence } from '../../query/info.js';
import { listRejects } from '../../query/rejects.js';
import { defineMethod } from '../registry.js';
import { formatId } from '../params.js';
import { allowedPath } from '../../policy/paths.js';

export const evidenceMethods = [
  defineMethod({
    name: 'evidence.import',
    summary: 'Import files or folders (.gz too); progress arrives as import.progress events',
    params: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(10000),
        format: formatId.optional(),
        mapping: z.record(z.string(), z.unknown()).optional(),
        /** A slice's query: {engine, query, executed_at, query_id?, source?, run_by?} (core/evidence/provenance.ts). */
        provenance: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    mutates: 'async',
    needsCase: true,
    async handler(ctx, p) {
      const paths = p.paths.map((x) => allowedPath(ctx.allowedRoots, x));
      const provenance = p.provenance ? checkProvenance(p.provenance) : undefined;
      return startImport(
        {
          casePath: ctx.caseFile!.path,
          paths,
          format: p.format,
          mapping: p.mapping,
          provenance,
          analyst: ctx.analyst,
          allowedRoots: ctx.allowedRoots,
        },
        (progress) => ctx.emit('import.progress', progress),
      );
    },
  }),
  defineMethod({
    name: 'evidence.list',
    summary: 'Evidence files with hashes, counts and status',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      return listEvidence(ctx.caseFile!.db);
    },
  }),
  defineMethod({
    name: 'evidence.rejects',
    summary: 'Rejected records of an evidence file, with reasons and the beginning of each record',
    params: z
      .object({
        evidence_id: z.number().int().optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return listRejects(ctx.caseFile!.db, { evidenceId: p.evidence_id, limit: p.limit, offset: p.offset });
    },
  }),
];
