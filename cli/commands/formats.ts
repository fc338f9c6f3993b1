// `formats`: the log formats this build imports, from formats.list (the descriptors in importers/<id>/format.ts).
import type { Command } from 'commander';
import { createApiContext } from '../../core/api/context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable } from '../output.js';

export function registerFormats(program: Command): void {
  program
    .command('formats')
    .description('the log formats SessionScope imports, what each states and where its page is')
    .option('--json', 'print JSON: every field of every format (session keys, what it cannot represent, how to export)')
    .action(async (o: { json?: boolean }) => {
      const rows = await call(createApiContext(), 'formats.list');
      if (o.json) printJson(rows);
      else
        printTable(
          rows.map((f) => ({
            ...f,
            states: [f.states.auth ? 'auth' : '', f.states.actions ? 'actions' : ''].filter(Boolean).join(', '),
          })),
          [
            { key: 'id', title: 'FORMAT' },
            { key: 'title', title: 'WHAT', max: 60 },
            { key: 'input', title: 'SHAPE' },
            { key: 'version', title: 'VERSION' },
            { key: 'states', title: 'STATES' },
            { key: 'docs', title: 'PAGE', max: 40 },
          ],
        );
    });
}
