// `derive CASE [--rebuild]`: re-derive identities, sessions, edges, baselines, coverage and flags.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export function registerDerive(program: Command): void {
  program
    .command('derive')
    .description(
      're-derive identities, sessions, edges, baselines, coverage and flags from the events (runs after every import)',
    )
    .argument('<case>', 'case file')
    .option('--rebuild', "rewrite every event's derived fields, not only those that changed")
    .option('--session-gap <seconds>', 'inactivity that ends a session without a log session key (saved in the case)')
    .option(
      '--baseline-until <time>',
      'default end of the deviation baseline, ISO-8601 (saved in the case; "none" clears it)',
    )
    .option('--json', 'print JSON')
    .action(
      async (
        casePath: string,
        o: { rebuild?: boolean; sessionGap?: string; baselineUntil?: string; json?: boolean },
      ) => {
        if (o.sessionGap !== undefined && !/^\d+$/.test(o.sessionGap))
          throw new UserError('INVALID_PARAMS', `--session-gap must be whole seconds: ${o.sessionGap}`);
        const r = await withCase(casePath, {}, async (ctx) => {
          if (o.sessionGap !== undefined || o.baselineUntil !== undefined) {
            await call(ctx, 'derive.settings', {
              ...(o.sessionGap !== undefined ? { session_gap_seconds: Number(o.sessionGap) } : {}),
              ...(o.baselineUntil !== undefined
                ? { baseline_until: o.baselineUntil === 'none' ? null : o.baselineUntil }
                : {}),
            });
          }
          return call(ctx, 'derive.rebuild', { full: o.rebuild === true });
        });
        if (o.json) {
          printJson(r);
          return;
        }
        process.stdout.write(
          `${n(r.identities)} identities, ${n(r.sessions)} sessions from ${n(r.events)} events (${n(r.events_updated)} updated) in ${(r.ms / 1000).toFixed(2)} s\n`,
        );
      },
    );
}
