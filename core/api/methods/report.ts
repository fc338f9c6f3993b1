// Reports: the annotated timeline report as PDF and/or self-contained HTML. Audited when it starts (who
// printed what, with which layers and zone); progress arrives as report.progress events.
import { z } from 'zod';
import { defineMethod, type ApiContext } from '../registry.js';
import { UserError } from '../../errors.js';
import { allowedPath } from '../../policy/paths.js';
import { generateReport } from '../../report/job.js';
import { sealCase } from '../../casefile/seal.js';
import { checkZone } from '../../report/time.js';
import { layerNames } from './annotate-params.js';

function outPath(ctx: ApiContext, p: string | undefined, ext: string): string | undefined {
  if (p === undefined) return undefined;
  const abs = allowedPath(ctx.allowedRoots, p);
  if (!abs.toLowerCase().endsWith(ext))
    throw new UserError(
      'INVALID_PARAMS',
      `the ${ext.slice(1).toUpperCase()} report's file name must end in ${ext}: ${p}`,
    );
  return abs;
}

const options = {
  layers: layerNames.optional(),
  tz: z.string().max(64).optional(),
  paper: z.enum(['A4', 'Letter']).optional(),
  title: z.string().max(200).optional(),
};

export const reportMethods = [
  defineMethod({
    name: 'report.generate',
    summary: 'Write the report as PDF and/or self-contained HTML (progress: report.progress events)',
    params: z
      .object({ pdf: z.string().min(1).max(4096).optional(), html: z.string().min(1).max(4096).optional(), ...options })
      .strict(),
    mutates: 'async',
    needsCase: true,
    async handler(ctx, p) {
      if (p.tz) checkZone(p.tz);
      const pdf = outPath(ctx, p.pdf, '.pdf');
      const html = outPath(ctx, p.html, '.html');
      // The cover prints a seal that covers what the report shows (this call's audit row included). A seal that
      // cannot be made does not stop the report: its cover then says the case has changes after its last seal.
      try {
        if (!ctx.caseFile!.db.readonly) sealCase(ctx.caseFile!.db, ctx.analyst);
      } catch (e) {
        process.stderr.write(`sessionscope: the case was not sealed: ${(e as Error).message.split('\n')[0]}\n`);
      }
      return generateReport(
        {
          casePath: ctx.caseFile!.path,
          analyst: ctx.analyst,
          pdf,
          html,
          layers: p.layers,
          tz: p.tz,
          paper: p.paper,
          title: p.title,
        },
        (progress) => ctx.emit('report.progress', progress),
      );
    },
  }),
];
