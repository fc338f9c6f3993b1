// `enrich CASE [--mmdb FILE]… [--no-mmdb]`: which IP intelligence explains the case's addresses — the shipped
// datasets, plus the analyst's own MaxMind databases (audited as a case setting; derivation re-runs).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable } from '../output.js';
import type { EnrichmentDataset } from '../../core/model/ip-intel.js';

export function registerEnrich(program: Command): void {
  program
    .command('enrich')
    .description(
      'the IP intelligence datasets a case uses; --mmdb adds your MaxMind .mmdb databases (they win where they answer)',
    )
    .argument('<case>', 'case file')
    .option(
      '--mmdb <file...>',
      'GeoLite2/GeoIP2 ASN, Country, City or Anonymous IP databases (or DB-IP / IPinfo .mmdb)',
    )
    .option('--no-mmdb', "stop using the analyst's databases")
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { mmdb?: string[] | false; json?: boolean }) => {
      const r: { datasets: EnrichmentDataset[]; mmdb: string[] } = await withCase(casePath, {}, async (ctx) =>
        o.mmdb === undefined
          ? call(ctx, 'enrichment.list', {})
          : call(ctx, 'enrichment.settings', { mmdb: o.mmdb === false ? [] : o.mmdb }),
      );
      if (o.json) {
        printJson(r);
        return;
      }
      if (r.datasets.length === 0) process.stdout.write('No addresses looked up yet (derivation has not met any).\n');
      else
        printTable(
          r.datasets.map((d) => ({ ...d, sha256: d.sha256 ?? '—' })),
          [
            { key: 'name', title: 'DATASET', max: 40 },
            { key: 'version', title: 'VERSION', max: 40 },
            { key: 'date', title: 'DATE' },
            { key: 'status', title: 'STATUS' },
            { key: 'license', title: 'LICENCE', max: 30 },
            { key: 'sha256', title: 'SHA-256', max: 64 },
          ],
        );
      if (r.mmdb.length > 0) process.stdout.write(`\nAnalyst databases: ${r.mmdb.join(', ')}\n`);
    });
}
