// `report CASE --out FILE.pdf [--layer L…] [--html FILE.html] [--paper A4|Letter] [--tz ZONE]`.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson } from '../output.js';
import { UserError } from '../../core/errors.js';
import { onEvents } from '../../core/api/events.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the annotated timeline report: PDF (printed by Chromium) and/or self-contained HTML')
    .argument('<case>', 'case file')
    .option('--out <file.pdf>', 'write the PDF here (replaced if it exists)')
    .option('--html <file.html>', 'also (or only) write the self-contained HTML report')
    .option('--layer <layer>', 'include this layer (repeatable; default: every visible layer)', collect, [])
    .option('--paper <paper>', 'A4 or Letter', 'A4')
    .option('--tz <zone>', "display time zone, IANA name (default: the case's)")
    .option('--title <title>', 'report title', undefined)
    .option('--analyst <name>', 'who prepares the report')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print JSON')
    .action(
      async (
        casePath: string,
        o: {
          out?: string;
          html?: string;
          layer: string[];
          paper: string;
          tz?: string;
          title?: string;
          analyst?: string;
          quiet?: boolean;
          json?: boolean;
        },
      ) => {
        if (!o.out && !o.html) throw new UserError('INVALID_PARAMS', 'give --out FILE.pdf, --html FILE.html, or both');
        const paper = o.paper.toLowerCase() === 'letter' ? 'Letter' : o.paper.toUpperCase() === 'A4' ? 'A4' : null;
        if (!paper) throw new UserError('INVALID_PARAMS', `--paper is A4 or Letter: ${o.paper}`);
        const emit = onEvents({
          'report.progress': (p) => {
            if (!o.quiet)
              process.stderr.write(`${p.phase}${p.total > 1 ? ` ${p.done}/${p.total}` : ''}: ${p.message}\n`);
          },
        });
        const r = await withCase(
          casePath,
          { analyst: o.analyst },
          async (ctx) =>
            call(ctx, 'report.generate', {
              pdf: o.out,
              html: o.html,
              layers: o.layer.length ? o.layer : undefined,
              paper,
              tz: o.tz,
              title: o.title,
            }),
          emit,
        );
        if (o.json) {
          printJson(r);
          return;
        }
        const what = [r.pdf ? `${r.pdf} (${r.pages} pages)` : null, r.html].filter(Boolean).join(' and ');
        process.stdout.write(
          `report: ${what} · ${r.findings} finding(s), ${r.cited_events} cited event(s) · ${r.paper} · times in ${r.tz} · ${(r.ms / 1000).toFixed(1)} s\n`,
        );
      },
    );
}
