import type { Command } from 'commander';
import { closeContext, createApiContext } from '../../core/api/context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson } from '../output.js';

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('create a case file')
    .argument('<case>', 'path of the new case file (*.sscase)')
    .option('--name <name>', 'case name (default: the file name)')
    .option('--analyst <analyst>', 'who works the case')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { name?: string; analyst?: string; json?: boolean }) => {
      const ctx = createApiContext({ analyst: o.analyst });
      try {
        const r = await call(ctx, 'case.create', { path: casePath, name: o.name, analyst: o.analyst });
        if (o.json) printJson(r);
        else process.stdout.write(`created case "${r.name}" at ${r.case}\n`);
      } finally {
        closeContext(ctx);
      }
    });
}
