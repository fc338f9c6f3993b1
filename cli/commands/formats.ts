import type { Command } from 'commander';
import { printJson, printTable } from '../output.js';

export function registerFormats(program: Command): void {
  program
    .command('formats')
    .description('the log formats SessionScope imports')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { IMPORTERS } = await import('../../importers/registry.js');
      const rows = IMPORTERS.map((i) => ({ id: i.id, title: i.title, version: i.version, input: i.input }));
      if (o.json) printJson(rows);
      else
        printTable(rows, [
          { key: 'id', title: 'FORMAT' },
          { key: 'title', title: 'WHAT', max: 60 },
          { key: 'input', title: 'SHAPE' },
          { key: 'version', title: 'VERSION' },
        ]);
    });
}
