import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export function registerRejects(program: Command): void {
  program
    .command('rejects')
    .description("rejected records: evidence file, line or offset, reason, and the record's beginning")
    .argument('<case>', 'case file')
    .option('--evidence <id>', 'only this evidence file')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { evidence?: string; limit: string; json?: boolean }) => {
      if (o.evidence !== undefined && !/^\d+$/.test(o.evidence))
        throw new UserError('INVALID_PARAMS', `--evidence must be an evidence id: ${o.evidence}`);
      if (!/^\d+$/.test(o.limit)) throw new UserError('INVALID_PARAMS', `--limit must be a whole number: ${o.limit}`);
      const rows = await withCase(casePath, {}, async (ctx) =>
        call(ctx, 'evidence.rejects', {
          evidence_id: o.evidence === undefined ? undefined : Number(o.evidence),
          limit: Math.max(1, Math.min(5000, Number(o.limit))),
        }),
      );
      if (o.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, ref: JSON.stringify(r.record_ref), preview: r.raw_preview.slice(0, 200) })),
        [
          { key: 'evidence_name', title: 'EVIDENCE', max: 36 },
          { key: 'ref', title: 'RECORD' },
          { key: 'reason', title: 'REASON', max: 70 },
          { key: 'preview', title: 'RECORD BEGINS', max: 60 },
        ],
        `${n(rows.length)} rejected records shown`,
      );
    });
}
