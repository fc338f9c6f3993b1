// Evidence intake and what became of each record.
import { z } from 'zod';
import path from 'node:path';
import { startImport } from '../../evidence/import-job.js';
import { checkProvenance } from '../../evidence/provenance.js';
import { listEvidence } from '../../query/info.js';
import { recordRef } from '../../query/event-json.js';
import { RawReader } from '../../query/raw.js';
import { defineMethod } from '../registry.js';
import { formatId } from '../params.js';
import { UserError } from '../../errors.js';

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
      const paths = p.paths.map((x) => {
        const abs = path.resolve(x);
        if (ctx.allowedRoots && !ctx.allowedRoots.some((r) => abs === r || abs.startsWith(r + path.sep))) {
          throw new UserError('INVALID_PARAMS', `path is outside the folders this window may use: ${x}`);
        }
        return abs;
      });
      const provenance = p.provenance ? checkProvenance(p.provenance) : undefined;
      return startImport(
        { casePath: ctx.caseFile!.path, paths, format: p.format, mapping: p.mapping, provenance, analyst: ctx.analyst },
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
        evidenceId: z.number().int().optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const rows = db
        .prepare(
          `SELECT r.id, r.evidence_id, e.name AS evidence_name, r.ref_line, r.ref_index, r.ref_offset, r.reason, r.raw_block,
        r.raw_offset, r.raw_length, r.raw_truncated FROM rejects r JOIN evidence e ON e.id = r.evidence_id
        ${p.evidenceId !== undefined ? 'WHERE r.evidence_id = ?' : ''} ORDER BY r.id LIMIT ? OFFSET ?`,
        )
        .all(...(p.evidenceId !== undefined ? [p.evidenceId] : []), p.limit ?? 200, p.offset ?? 0) as Record<
        string,
        number | string | null
      >[];
      const raw = new RawReader(db);
      return rows.map((r) => ({
        id: r.id,
        evidence: r.evidence_id,
        evidence_name: r.evidence_name,
        record_ref: recordRef(r as { ref_line: number | null; ref_index: number | null; ref_offset: number | null }),
        reason: r.reason,
        raw_preview:
          r.raw_block === null
            ? ''
            : raw
                .read(r.raw_block as number, r.raw_offset as number, Math.min(r.raw_length as number, 2000))
                .toString('utf8'),
        raw_truncated: r.raw_truncated === 1,
      }));
    },
  }),
];
