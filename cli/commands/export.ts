import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { UserError } from '../../core/errors.js';

// Every format goes through export.case, which adds the analyst's tags, notes and findings to each event.
export const EXPORT_METHODS: Record<string, string> = {
  csv: 'export.case',
  jsonl: 'export.case',
  timesketch: 'export.case',
  ecs: 'export.case',
};

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export events with their annotations: csv (spreadsheet-safe), jsonl (with raw records), timesketch (JSONL), ecs (NDJSON)',
    )
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${Object.keys(EXPORT_METHODS).join(', ')}`)
    .requiredOption('--out <file>', 'output file (must not exist)')
    .option('--identity <identity>', 'only this identity')
    .option('--search <query>', 'only events matching this search (see `sessionscope events --help`)')
    .option('--from <time>', 'ISO-8601, inclusive')
    .option('--to <time>', 'ISO-8601, exclusive')
    .option('--annotations-only', 'only the events the analysts annotated (and the analyst events)')
    .option('--layer <layer>', 'annotations of this layer (repeatable; default: every visible layer)', collect, [])
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: Record<string, string | boolean | string[] | undefined>) => {
      const format = String(o.format);
      const method = EXPORT_METHODS[format];
      if (!method)
        throw new UserError('INVALID_PARAMS', `--format must be one of ${Object.keys(EXPORT_METHODS).join(', ')}`);
      const filter = Object.fromEntries(
        Object.entries({ identity: o.identity, search: o.search, from: o.from, to: o.to }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      const layers = o.layer as string[];
      const params = {
        format,
        out: o.out,
        filter,
        ...(o.annotationsOnly ? { annotationsOnly: true } : {}),
        ...(layers.length ? { layers } : {}),
      };
      const r = await withCase(
        casePath,
        {},
        async (ctx) => call(ctx, method, params) as Promise<{ events: number; manual?: number; path: string }>,
      );
      if (o.json) printJson(r);
      else
        process.stdout.write(
          `exported ${n(r.events)} events${r.manual ? ` and ${n(r.manual)} analyst events` : ''} to ${r.path}\n`,
        );
    });
}
