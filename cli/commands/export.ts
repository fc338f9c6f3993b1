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
  parquet: 'export.parquet',
  ocsf: 'export.parquet',
};

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export events with their annotations: csv (spreadsheet-safe), jsonl (with raw records), timesketch (JSONL), ecs (NDJSON); ' +
        'or hand the case to DuckDB/Athena/Spark: parquet (events by day, identities, sessions, edges) or ocsf (OCSF 1.1 ' +
        'API Activity and Authentication), into a new folder',
    )
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${Object.keys(EXPORT_METHODS).join(', ')}`)
    .requiredOption('--out <path>', 'output file (must not exist); for parquet and ocsf a folder (new or empty)')
    .option('--raw', "parquet: add each event's raw record as a column")
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
      if (method === 'export.parquet') {
        for (const [flag, set] of Object.entries({
          '--identity': o.identity,
          '--search': o.search,
          '--from': o.from,
          '--to': o.to,
          '--annotations-only': o.annotationsOnly,
          '--layer': layers.length ? layers : undefined,
        }))
          if (set !== undefined)
            throw new UserError(
              'INVALID_PARAMS',
              `${flag} does not apply to --format ${format}: it exports the whole case`,
            );
        const r = await withCase(
          casePath,
          {},
          async (ctx) =>
            call(ctx, method, { format, out: o.out, ...(o.raw ? { raw: true } : {}) }) as Promise<{
              events: number;
              path: string;
              tables: Record<string, { rows: number; files: number }>;
            }>,
        );
        if (o.json) printJson(r);
        else
          process.stdout.write(
            `exported ${n(r.events)} events to ${r.path}: ${Object.entries(r.tables)
              .map(([t, v]) => `${t} ${n(v.rows)} rows in ${n(v.files)} files`)
              .join(', ')}; manifest.json lists every file with its SHA-256, athena.sql creates the tables\n`,
          );
        return;
      }
      if (o.raw) throw new UserError('INVALID_PARAMS', '--raw goes with --format parquet');
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
