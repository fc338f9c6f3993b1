import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { choice } from '../args.js';
import { EXPORT_FORMATS } from '../../core/model/export-formats.js';
import { UserError } from '../../core/errors.js';
import { checkZone, timeRange } from '../times.js';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const collect = (v: string, prev: string[]) => [...prev, v];

interface ExportOptions {
  format: string;
  out: string;
  identity?: string;
  search?: string;
  from?: string;
  to?: string;
  annotationsOnly?: boolean;
  bom?: boolean;
  layer: string[];
  json?: boolean;
  tz: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export events with their annotations: csv (spreadsheet-safe), jsonl (with raw records), timesketch (JSONL), ecs (NDJSON)',
    )
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'output file (must not exist), or - for stdout')
    .option('--bom', 'csv: start with a UTF-8 byte order mark, so Excel reads names and notes right')
    .option('--identity <identity>', 'only this identity')
    .option('--search <query>', 'only events matching this search (see `sessionscope events --help`)')
    .option('--from <time>', 'ISO-8601, inclusive; without an offset, in --tz')
    .option('--to <time>', 'ISO-8601, exclusive; without an offset, in --tz')
    .option('--tz <zone>', 'time zone (IANA name) of --from/--to times typed without an offset', 'UTC')
    .option('--annotations-only', 'only the events the analysts annotated (and the analyst events)')
    .option('--layer <layer>', 'annotations of this layer (repeatable; default: every visible layer)', collect, [])
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: ExportOptions) => {
      // Every format goes through export.case, which adds the analyst's tags, notes and findings to each event.
      const format = choice(EXPORT_FORMATS, o.format, '--format');
      if (o.bom && format !== 'csv') throw new UserError('INVALID_PARAMS', '--bom is for --format csv');
      const tz = checkZone(o.tz);
      const range = timeRange(o.from, o.to, tz);
      const toStdout = o.out === '-';
      if (toStdout && o.json) throw new UserError('INVALID_PARAMS', '--json reports on stdout: not with --out -');
      // stdout: written to a private temporary file first (the exporter streams to files), then copied out.
      const tmp = toStdout ? mkdtempSync(path.join(tmpdir(), 'sessionscope-export-')) : null;
      const out = tmp ? path.join(tmp, `export.${format}`) : o.out;
      try {
        const r = await withCase(casePath, {}, async (ctx) =>
          call(ctx, 'export.case', {
            format,
            out,
            filter: { identity: o.identity, search: o.search, ...range },
            ...(o.annotationsOnly ? { annotations_only: true } : {}),
            ...(o.layer.length ? { layers: o.layer } : {}),
            ...(o.bom ? { bom: true } : {}),
          }),
        );
        if (tmp) {
          await pipeline(createReadStream(out), process.stdout, { end: false });
          process.stderr.write(
            `exported ${n(r.events)} events${r.manual ? ` and ${n(r.manual)} analyst events` : ''}\n`,
          );
          return;
        }
        report(r, o.json);
      } finally {
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      }
    });
}

function report(r: { events: number; manual: number; path: string }, json?: boolean): void {
  if (json) printJson(r);
  else
    process.stdout.write(
      `exported ${n(r.events)} events${r.manual ? ` and ${n(r.manual)} analyst events` : ''} to ${r.path}\n`,
    );
}
