import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export const EXPORT_METHODS: Record<string, string> = { csv: 'export.events', jsonl: 'export.events' };

export function registerExport(program: Command): void {
  program.command('export')
    .description('export events: csv (spreadsheet-safe), jsonl (with raw records)')
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${Object.keys(EXPORT_METHODS).join(', ')}`)
    .requiredOption('--out <file>', 'output file (must not exist)')
    .option('--identity <identity>', 'only this identity')
    .option('--search <query>', 'only events matching this search')
    .option('--from <time>', 'ISO-8601, inclusive')
    .option('--to <time>', 'ISO-8601, exclusive')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: Record<string, string | boolean | undefined>) => {
      const format = String(o.format);
      const method = EXPORT_METHODS[format];
      if (!method) throw new UserError('INVALID_PARAMS', `--format must be one of ${Object.keys(EXPORT_METHODS).join(', ')}`);
      const filter = Object.fromEntries(Object.entries({ identity: o.identity, search: o.search, from: o.from, to: o.to }).filter(([, v]) => v !== undefined));
      const r = await withCase(casePath, {}, async (ctx) => call(ctx, method, { format, out: o.out, filter }) as Promise<{ events: number; path: string }>);
      if (o.json) printJson(r);
      else process.stdout.write(`exported ${n(r.events)} events to ${r.path}\n`);
    });
}
