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

/** The hand-off formats: the whole case into a folder for DuckDB, Athena, Spark (docs/export.md). */
const HANDOFF_FORMATS = ['parquet', 'ocsf'] as const;

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
  raw?: boolean;
  json?: boolean;
  tz: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export events with their annotations: csv (spreadsheet-safe), jsonl (with raw records), timesketch (JSONL), ecs (NDJSON); ' +
        'or hand the case to DuckDB/Athena/Spark: parquet (events by day, identities, sessions, edges) or ocsf (OCSF 1.1 ' +
        'API Activity and Authentication), into a new folder (docs/export.md)',
    )
    .argument('<case>', 'case file')
    .requiredOption('--format <format>', `one of ${[...EXPORT_FORMATS, ...HANDOFF_FORMATS].join(', ')}`)
    .requiredOption(
      '--out <path>',
      'output file (must not exist), or - for stdout; for parquet and ocsf a folder (new or empty)',
    )
    .option('--bom', 'csv: start with a UTF-8 byte order mark, so Excel reads names and notes right')
    .option('--raw', "parquet: add each event's raw record as a column")
    .option('--identity <identity>', 'only this identity')
    .option('--search <query>', 'only events matching this search (see `sessionscope events --help`)')
    .option('--from <time>', 'ISO-8601, inclusive; without an offset, in --tz')
    .option('--to <time>', 'ISO-8601, exclusive; without an offset, in --tz')
    .option('--tz <zone>', 'time zone (IANA name) of --from/--to times typed without an offset', 'UTC')
    .option('--annotations-only', 'only the events the analysts annotated (and the analyst events)')
    .option('--layer <layer>', 'annotations of this layer (repeatable; default: every visible layer)', collect, [])
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: ExportOptions) => {
      choice([...EXPORT_FORMATS, ...HANDOFF_FORMATS], o.format, '--format');
      if ((HANDOFF_FORMATS as readonly string[]).includes(o.format)) return handoff(casePath, o);
      if (o.raw) throw new UserError('INVALID_PARAMS', '--raw goes with --format parquet');
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

async function handoff(casePath: string, o: ExportOptions): Promise<void> {
  const format = choice(HANDOFF_FORMATS, o.format, '--format');
  const filters = {
    '--identity': o.identity,
    '--search': o.search,
    '--from': o.from,
    '--to': o.to,
    '--annotations-only': o.annotationsOnly,
    '--layer': o.layer.length ? o.layer : undefined,
    '--bom': o.bom,
  };
  if (o.out === '-')
    throw new UserError('INVALID_PARAMS', `--format ${format} writes a folder: --out - is for one file`);
  for (const [flag, set] of Object.entries(filters))
    if (set !== undefined)
      throw new UserError('INVALID_PARAMS', `${flag} does not apply to --format ${format}: it exports the whole case`);
  const r = await withCase(casePath, {}, async (ctx) =>
    call(ctx, 'export.parquet', { format, out: o.out, ...(o.raw ? { raw: true } : {}) }),
  );
  if (o.json) printJson(r);
  else
    process.stdout.write(
      `exported ${n(r.events)} events to ${r.path}: ${Object.entries(r.tables)
        .map(([t, v]) => `${t} ${n(v.rows)} rows in ${n(v.files)} files`)
        .join(', ')}; manifest.json lists every file with its SHA-256, athena.sql creates the tables\n`,
    );
}
