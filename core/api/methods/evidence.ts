// Evidence intake and what became of each record.
import { z } from 'zod';
import { startImport } from '../../evidence/import-job.js';
import { checkProvenance } from '../../evidence/provenance.js';
import { listEvidence } from '../../query/info.js';
import { listRejects } from '../../query/rejects.js';
import { defineMethod } from '../registry.js';
import { formatId } from '../params.js';
import { allowedPath } from '../../policy/paths.js';
import { UserError } from '../../errors.js';

/** The head as base64: 64 KiB of bytes (core/evidence/detect-head.ts) is at most 87,384 characters. */
const MAX_HEAD_B64 = Math.ceil((64 * 1024) / 3) * 4;

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
        /** keyset: rejects after this reject id */
        after: z.number().int().optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return listRejects(ctx.caseFile!.db, {
        evidenceId: p.evidence_id,
        limit: p.limit,
        offset: p.offset,
        after: p.after,
      });
    },
  }),
  defineMethod({
    name: 'evidence.detect',
    summary:
      "Which format the importers recognise in a file's first 64 KiB (base64), before it is uploaded or imported",
    // → {format|null, candidates:[{format, confidence}], binary, gzip, reason|null}
    params: z
      .object({
        name: z.string().min(1).max(1000),
        head: z.string().max(MAX_HEAD_B64),
        /** The head is the whole file. */
        complete: z.boolean(),
      })
      .strict(),
    mutates: false,
    needsCase: false,
    async handler(_ctx, p) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(p.head))
        throw new UserError('INVALID_PARAMS', 'evidence.detect: head must be base64');
      // Loaded on demand: it loads every importer, which listing evidence never needs.
      const { detectHead } = await import('../../evidence/detect-head.js');
      return detectHead(p.name, Buffer.from(p.head, 'base64'), p.complete);
    },
  }),
];
