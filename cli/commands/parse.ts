import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { printJson, printTable, displayTime } from '../output.js';
import { formatMicros } from '../../core/model/time.js';
import type { FormatId } from '../../core/model/event.js';
import { UserError } from '../../core/errors.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('dry run: show how a file would be detected and normalized, without a case (for checking a --mapping)')
    .argument('<file>', 'evidence file')
    .option('--format <format>', 'importer to use instead of auto-detection')
    .option('--mapping <file>', 'field mapping for the generic importer')
    .option('--limit <n>', 'events to show', '20')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { format?: string; mapping?: string; limit: string; json?: boolean }) => {
      // Loaded here, not at start-up: the other commands need none of the importers.
      const [{ IMPORTERS }, { dryRun }] = await Promise.all([
        import('../../importers/registry.js'),
        import('../../importers/dry-run.js'),
      ]);
      if (o.format && !IMPORTERS.some((i) => i.id === o.format))
        throw new UserError('INVALID_PARAMS', `unknown format ${o.format}; see \`sessionscope formats\``);
      const mapping = o.mapping
        ? ((await import('yaml')).parse(readFileSync(o.mapping, 'utf8')) as Record<string, unknown>)
        : undefined;
      const r = await dryRun(file, {
        format: (o.format ?? (mapping ? 'generic' : undefined)) as FormatId | undefined,
        mapping,
      });
      const limit = Number(o.limit) || 20;
      if (o.json) {
        printJson({
          ...r,
          events: r.events.slice(0, limit).map((e) => ({ ...e, ts: formatMicros(e.ts) })),
          rejects: r.rejects.slice(0, 100),
        });
        return;
      }
      process.stdout.write(
        `format: ${r.format ?? 'not recognised'}  (candidates: ${r.detected.map((d) => `${d.format} ${d.confidence}`).join(', ') || 'none'})\n`,
      );
      process.stdout.write(
        `records ${r.records} = events ${r.events.length} + rejected ${r.rejects.length} + merged ${r.merged}\n`,
      );
      if (r.error) process.stdout.write(`error: ${r.error}\n`);
      printTable(
        r.events
          .slice(0, limit)
          .map((e) => ({ ...e, time: displayTime(formatMicros(e.ts)), ref: JSON.stringify(e.ref) })),
        [
          { key: 'time', title: 'TIME (UTC)' },
          { key: 'principal', title: 'PRINCIPAL', max: 40 },
          { key: 'principalType', title: 'KIND' },
          { key: 'sessionKey', title: 'SESSION KEY', max: 24 },
          { key: 'action', title: 'ACTION', max: 32 },
          { key: 'category', title: 'CATEGORY' },
          { key: 'resource', title: 'RESOURCE', max: 40 },
          { key: 'outcome', title: 'OUTCOME' },
          { key: 'ref', title: 'RECORD' },
        ],
      );
      for (const rej of r.rejects.slice(0, limit))
        process.stdout.write(`rejected ${JSON.stringify(rej.ref)}: ${rej.reason}\n`);
      if (!r.format) process.exitCode = 1;
    });
}
