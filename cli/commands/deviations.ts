// `deviations CASE [--baseline-until T]`: identities ranked by departure from their baseline (DESIGN §7).
import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { n } from '../output.js';
import { write } from '../list.js';
import { UserError } from '../../core/errors.js';

export function registerDeviations(program: Command): void {
  program
    .command('deviations')
    .description('identities ranked by how far the investigation window departs from their baseline, with reasons')
    .argument('<case>', 'case file')
    .option(
      '--baseline-until <time>',
      'ISO-8601: end of the baseline (default: the case setting, else the middle of the case)',
    )
    .option('--identity <identity>', 'only this identity')
    .option('--min-score <n>', 'only scores at or above this (0–100)')
    .option(
      '--json',
      'print JSON: [{identity, identity_id, kind, nhi, score, reasons, details:[{code, values, count, weight, events}]}]',
    )
    .option('--jsonl', 'print one JSON object per identity per line')
    .action(
      async (
        casePath: string,
        o: { baselineUntil?: string; identity?: string; minScore?: string; json?: boolean; jsonl?: boolean },
      ) => {
        if (o.minScore !== undefined && !/^\d+(\.\d+)?$/.test(o.minScore))
          throw new UserError('INVALID_PARAMS', `--min-score must be a number: ${o.minScore}`);
        const r = await readCase(casePath, async (ctx) =>
          call(ctx, 'deviations.list', {
            ...(o.baselineUntil ? { baseline_until: o.baselineUntil } : {}),
            ...(o.identity ? { identity: o.identity } : {}),
            ...(o.minScore !== undefined ? { min_score: Number(o.minScore) } : {}),
          }),
        );
        // Reasons as data: code, every value (never cut to "(+2 more)"), count, weight and the events behind them.
        const row = (d: (typeof r.deviations)[number]) => ({
          identity: d.identity,
          identity_id: d.identity_id,
          kind: d.kind,
          nhi: d.nhi,
          score: d.score,
          reasons: d.reasons,
          details: d.details.map((x) => ({
            code: x.code,
            text: x.text,
            values: x.values,
            count: x.count,
            weight: x.weight,
            events: x.events,
          })),
        });
        if (o.json || o.jsonl) {
          let i = 0;
          if (o.json) await write('[\n');
          for (const d of r.deviations)
            await write(o.json ? (i++ > 0 ? ',\n' : '') + JSON.stringify(row(d)) : JSON.stringify(row(d)) + '\n');
          if (o.json) await write('\n]\n');
          return;
        }
        process.stdout.write(`Baseline until ${r.baseline_until ?? '—'} UTC; investigation window after it.\n\n`);
        if (r.deviations.length === 0) process.stdout.write('No deviations.\n');
        for (const d of r.deviations) {
          process.stdout.write(
            `${String(d.score).padStart(3)}  ${d.identity}  (${d.kind}${d.nhi ? ', non-human' : ''}, id ${d.identity_id})\n`,
          );
          for (const reason of d.reasons)
            process.stdout.write(`       · ${reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�')}\n`);
        }
        process.stdout.write(`\n${n(r.deviations.length)} identities deviate\n`);
      },
    );
}
