// `repair CASE --search-index`: rebuild a damaged search index from the evidence files (docs/security.md "A damaged
// case"). The case opens without the search index check that would refuse it — that check is what sent you here.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export function registerRepair(program: Command): void {
  program
    .command('repair')
    .description(
      'rebuild what can be rebuilt of a damaged case, leaving the evidence untouched and recording it in the custody log',
    )
    .argument('<case>', 'case file')
    .option(
      '--search-index',
      'rebuild the full-text search index by parsing every evidence file again (each must be at its path with its recorded SHA-256)',
    )
    .option('--analyst <analyst>', 'who repairs')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { searchIndex?: boolean; analyst?: string; json?: boolean }) => {
      if (!o.searchIndex)
        throw new UserError('INVALID_PARAMS', 'say what to repair: `sessionscope repair CASE --search-index`');
      const r = await withCase(
        casePath,
        { analyst: o.analyst },
        async (ctx) => call(ctx, 'case.repair', { search_index: true }),
        undefined,
        { searchIndex: 'skip' },
      );
      if (o.json) printJson(r);
      else
        process.stdout.write(
          `search index rebuilt: ${n(r.events_indexed)} events from ${n(r.evidence_files)} evidence files; recorded in the custody log\n${r.found.length > 0 ? r.found.map((f) => `  was: ${f}\n`).join('') : '  (it was whole before)\n'}`,
        );
    });
}
