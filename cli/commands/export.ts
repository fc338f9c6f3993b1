import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { choice } from '../args.js';
import { EXPORT_FORMATS } from '../../core/model/export-formats.js';

const collect = (v: string, prev: string[]) => [...prev, v];

interface ExportOptions {
  format: string;
  out: string;
  identity?: string;
  search?: string;
  from?: string;
  to?: string;
  annotationsOnly?: boolean;
  layer: string[];
  json?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export events with their annotations: csv (spreadsheet-safe), jsonl (with raw records), timesketch (JSONL), ecs (NDJSON)',
    )
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'output file (must not exist)')
    .option('--identity <identity>', 'only this identity')
    .option('--search <query>', 'only events matching this search (see `sessionscope events --help`)')
    .option('--from <time>', 'ISO-8601, inclusive')
    .option('--to <time>', 'ISO-8601, exclusive')
    .option('--annotations-only', 'only the events the analysts annotated (and the analyst events)')
    .option('--layer <layer>', 'annotations of this layer (repeatable; default: every visible layer)', collect, [])
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: ExportOptions) => {
      // Every format goes through export.case, which adds the analyst's tags, notes and findings to each event.
      const format = choice(EXPORT_FORMATS, o.format, '--format');
      const r = await withCase(casePath, {}, async (ctx) =>
        call(ctx, 'export.case', {
          format,
          out: o.out,
          filter: { identity: o.identity, search: o.search, from: o.from, to: o.to },
          ...(o.annotationsOnly ? { annotations_only: true } : {}),
          ...(o.layer.length ? { layers: o.layer } : {}),
        }),
      );
      if (o.json) printJson(r);
      else
        process.stdout.write(
          `exported ${n(r.events)} events${r.manual ? ` and ${n(r.manual)} analyst events` : ''} to ${r.path}\n`,
        );
    });
}
