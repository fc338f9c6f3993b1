import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, n } from '../output.js';
import { progressReporter } from '../progress.js';
import { UserError } from '../../core/errors.js';
import { onEvents } from '../../core/api/events.js';
import { optionalChoice } from '../args.js';
import { EXIT } from '../exit.js';

// yaml is loaded only when a mapping is given: every command's start-up pays for what its module imports.
async function loadMapping(file: string, what = 'mapping'): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('NOT_FOUND', `no such ${what} file: ${file}`);
  }
  try {
    const v = file.endsWith('.json') ? JSON.parse(text) : (await import('yaml')).parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a mapping of field names');
    return v as Record<string, unknown>;
  } catch (e) {
    throw new UserError('INVALID_PARAMS', `${what} file ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

interface ImportFlags {
  format?: string;
  mapping?: string;
  provenance?: string;
  queryEngine?: string;
  query?: string;
  queryTime?: string;
  queryId?: string;
  querySource?: string;
  analyst?: string;
  quiet?: boolean;
  json?: boolean;
}

/**
 * The slice's query, from --provenance FILE (JSON or YAML: engine, query, executed_at, query_id, source, run_by)
 * and/or the --query-* flags (a flag wins over the file). `--query @file.sql` reads the text from a file.
 */
async function loadProvenance(o: ImportFlags): Promise<Record<string, unknown> | undefined> {
  const p: Record<string, unknown> = o.provenance ? await loadMapping(o.provenance, 'provenance') : {};
  const readText = (v: string) => {
    if (!v.startsWith('@')) return v;
    try {
      return readFileSync(v.slice(1), 'utf8');
    } catch {
      throw new UserError('NOT_FOUND', `no such query file: ${v.slice(1)}`);
    }
  };
  if (o.queryEngine !== undefined) p.engine = o.queryEngine;
  if (o.query !== undefined) p.query = readText(o.query);
  if (o.queryTime !== undefined) p.executed_at = o.queryTime;
  if (o.queryId !== undefined) p.query_id = o.queryId;
  if (o.querySource !== undefined) p.source = o.querySource;
  return Object.keys(p).length > 0 ? p : undefined;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import evidence files and folders (.gz too); each file is hashed and recorded before parsing')
    .argument('<case>', 'case file')
    .argument('<paths...>', 'files or folders')
    .option('--format <format>', 'importer to use instead of auto-detection (see `sessionscope formats`)')
    .option('--mapping <file>', 'field mapping (YAML or JSON) for the generic importer')
    .option(
      '--provenance <file>',
      'slice import: the query that produced these files (YAML or JSON: engine, query, executed_at, query_id, source, run_by), recorded in the custody log',
    )
    .option('--query-engine <engine>', 'slice import: athena, bigquery, cloudtrail-lake, opensearch, timesketch, …')
    .option('--query <text>', 'slice import: the query text, or @file to read it from a file')
    .option('--query-time <time>', 'slice import: when the query ran, ISO-8601 with a zone')
    .option('--query-id <id>', "slice import: the engine's id of the run (Athena query execution id, BigQuery job id)")
    .option('--query-source <source>', 'slice import: the table, index or event data store it ran against')
    .option('--analyst <analyst>', 'who imports')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print JSON')
    .action(async (casePath: string, paths: string[], o: ImportFlags) => {
      const mapping = o.mapping ? await loadMapping(o.mapping) : undefined;
      const provenance = await loadProvenance(o);
      // The registry loads here, not at start-up: every command's start pays for what its module imports.
      const { FORMAT_IDS } = await import('../../importers/formats.js');
      const format = optionalChoice(FORMAT_IDS, o.format ?? (mapping ? 'generic' : undefined), '--format');
      const progress = progressReporter(o.quiet ?? false);
      const summary = await withCase(
        casePath,
        o,
        async (ctx) => {
          try {
            return await call(ctx, 'evidence.import', {
              paths,
              format,
              mapping,
              ...(provenance ? { provenance } : {}),
            });
          } finally {
            progress.done();
          }
        },
        onEvents({ 'import.progress': (p) => progress.update(p) }),
      );
      const evidence = summary.evidence.map((e) => ({
        id: e.id,
        path: e.path,
        sha256: e.sha256,
        format: e.format,
        records: e.records,
        events: e.events,
        rejected: e.rejected,
        merged: e.merged,
        skipped_duplicate: e.skipped_duplicate,
        status: e.status,
        ...(e.error ? { error: e.error } : {}),
        rejects: e.rejects,
      }));
      if (o.json) {
        printJson({ evidence, skipped: summary.skipped, derived: summary.derived });
      } else {
        printTable(
          evidence.map((e) => ({
            ...e,
            note: e.skipped_duplicate ? 'already imported (same SHA-256): nothing added' : (e.error ?? ''),
          })),
          [
            { key: 'id', title: 'ID', align: 'right' },
            { key: 'path', title: 'FILE', max: 50 },
            { key: 'format', title: 'FORMAT' },
            { key: 'records', title: 'RECORDS', align: 'right' },
            { key: 'events', title: 'EVENTS', align: 'right' },
            { key: 'rejected', title: 'REJECTED', align: 'right' },
            { key: 'merged', title: 'MERGED', align: 'right' },
            { key: 'sha256', title: 'SHA-256', max: 20 },
            { key: 'note', title: 'NOTE', max: 60 },
          ],
        );
        for (const e of evidence) {
          for (const r of e.rejects.slice(0, 10))
            process.stderr.write(`rejected ${e.path} ${JSON.stringify(r.record_ref)}: ${r.reason}\n`);
          if (e.rejected > 10)
            process.stderr.write(
              `… ${n(e.rejected - 10)} more rejected records in ${e.path} (see \`sessionscope rejects\`)\n`,
            );
        }
      }
      if (!o.json) for (const s of summary.skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
      const failed = evidence.filter((e) => e.status === 'failed');
      for (const f of failed) process.stderr.write(`sessionscope: ${f.path}: ${f.error}\n`);
      if (failed.length > 0) process.exitCode = EXIT.error;
      else if (
        evidence.some((e) => e.rejected > 0 && !e.skipped_duplicate) ||
        summary.skipped.some((s) => s.unreadable)
      )
        process.exitCode = EXIT.rejected;
    });
}
