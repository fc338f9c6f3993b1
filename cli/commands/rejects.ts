import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { n } from '../output.js';
import { listOptions, PAGE, printList, type ListFlags } from '../list.js';
import type { RejectJson } from '../../core/api/contract.js';
import { UserError } from '../../core/errors.js';

export function registerRejects(program: Command): void {
  const cmd = program
    .command('rejects')
    .description("rejected records: evidence file, line or offset, reason, and the record's beginning")
    .argument('<case>', 'case file')
    .option('--evidence <id>', 'only this evidence file');
  listOptions(cmd, 'rejected records').action(async (casePath: string, o: ListFlags & { evidence?: string }) => {
    if (o.evidence !== undefined && !/^\d+$/.test(o.evidence))
      throw new UserError('INVALID_PARAMS', `--evidence must be an evidence id: ${o.evidence}`);
    await readCase(casePath, async (ctx) => {
      if (o.evidence !== undefined && !(await call(ctx, 'evidence.list')).some((e) => e.id === Number(o.evidence)))
        throw new UserError('NOT_FOUND', `no evidence file ${o.evidence} (sessionscope info lists them)`);
      return printList<RejectJson>(
        o,
        async (cursor, want) => {
          const page = Math.min(want, PAGE);
          const items = await call(ctx, 'evidence.rejects', {
            evidence_id: o.evidence === undefined ? undefined : Number(o.evidence),
            limit: page,
            ...(typeof cursor === 'number' ? { after: cursor } : {}),
          });
          return { items, next: items.length === page ? items[items.length - 1].id : null };
        },
        (r) => r,
        {
          columns: [
            { key: 'evidence_name', title: 'EVIDENCE', max: 36 },
            { key: 'ref', title: 'RECORD', keep: true },
            { key: 'reason', title: 'REASON', max: 70 },
            { key: 'preview', title: 'RECORD BEGINS', max: 60 },
          ],
          row: (r) => ({ ...r, ref: JSON.stringify(r.record_ref), preview: r.raw_preview.slice(0, 200) }),
          footer: (shown, cut) => `${n(shown)} rejected records${cut ? ' (cut at --limit; omit it for all)' : ''}`,
        },
        'rejected records',
      );
    });
  });
}
