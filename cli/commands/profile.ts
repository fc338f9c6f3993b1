// `profile CASE [--set FILE.yaml]`: shows or replaces the intended-behaviour profile (audited) (DESIGN §7).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description('show or replace the intended-behaviour profile (YAML); events outside it are flagged out_of_scope')
    .argument('<case>', 'case file')
    .option('--set <file>', 'replace the profile with this YAML file (audited)')
    .option('--analyst <analyst>', 'who changes it')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { set?: string; analyst?: string; json?: boolean }) => {
      let yaml: string | undefined;
      if (o.set) {
        try {
          yaml = readFileSync(o.set, 'utf8');
        } catch {
          throw new UserError('NOT_FOUND', `no such profile file: ${o.set}`);
        }
      }
      const r = await withCase(casePath, { analyst: o.analyst }, async (ctx) =>
        yaml !== undefined
          ? { set: true as const, ...(await call(ctx, 'profile.set', { yaml })) }
          : { set: false as const, ...(await call(ctx, 'profile.get')) },
      );
      if (o.json) {
        printJson({ profile: r.profile, out_of_scope: r.out_of_scope });
        return;
      }
      if (!r.set)
        process.stdout.write(
          r.yaml.trim() === ''
            ? '(no profile: no identity is judged)\n'
            : r.yaml.endsWith('\n')
              ? r.yaml
              : r.yaml + '\n',
        );
      else
        for (const i of r.identities)
          process.stdout.write(`${i.identity}: ${n(i.out_of_scope)} of ${n(i.events)} events out of scope\n`);
      process.stdout.write(`${n(r.out_of_scope)} events out of scope\n`);
    });
}
