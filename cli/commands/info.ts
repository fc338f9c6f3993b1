import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, n, displayTime } from '../output.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('case summary: events, identities, sessions, time range, evidence with hashes')
    .argument('<case>', 'case file')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { json?: boolean }) => {
      const info = await readCase(casePath, async (ctx) => call(ctx, 'case.info', {}));
      if (o.json) {
        printJson({
          name: info.name,
          events: info.events,
          identities: info.identities,
          sessions: info.sessions,
          time_range: info.time_range,
          analyst: info.analyst,
          rejected: info.rejected,
          sources: info.sources,
          evidence: info.evidence.map((e) => ({
            id: e.id,
            path: e.path,
            sha256: e.sha256,
            format: e.format,
            status: e.status,
            records: e.records,
            events: e.events,
            rejected: e.rejected,
            merged: e.merged,
            ...(e.provenance ? { provenance: e.provenance } : {}),
          })),
          enrichment: info.enrichment.map((d) => ({
            name: d.name,
            version: d.version,
            date: d.date,
            sha256: d.sha256,
            ...(d.status !== 'used' ? { status: d.status } : {}),
          })),
          incomplete: info.incomplete,
        });
        return;
      }
      process.stdout.write(`Case:        ${info.name}${info.analyst ? `  (analyst: ${info.analyst})` : ''}\n`);
      process.stdout.write(
        `Events:      ${n(info.events)}  ·  ${n(info.identities)} identities  ·  ${n(info.sessions)} sessions  ·  ${n(info.rejected)} rejected records\n`,
      );
      for (const e of info.incomplete)
        process.stdout.write(
          `Incomplete:  #${e.id} ${e.path}: ${n(e.events)} events so far, counted above (${e.status === 'failed' ? 'failed' : 'importing now, or interrupted'}; import it again to complete it)\n`,
        );
      process.stdout.write(
        `Time range:  ${displayTime(info.time_range.from)} – ${displayTime(info.time_range.to)} UTC\n`,
      );
      process.stdout.write(
        `Sources:     ${info.sources.map((s) => `${s.format} (${n(s.events)})`).join(', ') || 'none yet'}\n\n`,
      );
      printTable(
        info.evidence.map((e) => ({ ...e })),
        [
          { key: 'id', title: 'ID', align: 'right' },
          { key: 'name', title: 'EVIDENCE', max: 44 },
          { key: 'format', title: 'FORMAT' },
          { key: 'status', title: 'STATUS' },
          { key: 'events', title: 'EVENTS', align: 'right' },
          { key: 'rejected', title: 'REJECTED', align: 'right' },
          { key: 'sha256', title: 'SHA-256', max: 64 },
        ],
      );
      // Slices say which query produced them (stated at import, recorded in the custody log).
      for (const e of info.evidence)
        if (e.provenance)
          process.stdout.write(
            `\n#${e.id} is a slice: ${e.provenance.engine} query${e.provenance.query_id ? ` ${e.provenance.query_id}` : ''} run ${e.provenance.executed_at}${e.provenance.source ? ` on ${e.provenance.source}` : ''}:\n  ${e.provenance.query.split('\n').join('\n  ')}\n`,
          );
      if (info.enrichment.length > 0) {
        process.stdout.write('\nIP intelligence (addresses explained with):\n');
        printTable(
          info.enrichment.map((d) => ({ ...d, sha256: d.sha256 ?? '—', status: d.status })),
          [
            { key: 'name', title: 'DATASET', max: 40 },
            { key: 'version', title: 'VERSION', max: 40 },
            { key: 'date', title: 'DATE' },
            { key: 'status', title: 'STATUS' },
            { key: 'sha256', title: 'SHA-256', max: 64 },
          ],
        );
      }
    });
}
