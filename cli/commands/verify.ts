import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import { EXIT } from '../exit.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'check SQLite integrity, the custody and audit hash chains, every evidence digest and raw record, and re-hash evidence files still at their path',
    )
    .argument('<case>', 'case file')
    .option('--no-rehash', 'do not re-hash evidence files')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { rehash: boolean; json?: boolean }) => {
      const r = await withCase(casePath, {}, async (ctx) => call(ctx, 'case.verify', { rehash: o.rehash }));
      if (o.json) printJson(r);
      else {
        const c = r.checked;
        process.stdout.write(
          `${r.ok ? 'OK' : 'PROBLEMS FOUND'}: ${n(c.evidence)} evidence files, ${n(c.events)} events, ${n(c.custody_rows)} custody and ${n(c.audit_rows)} audit log rows checked; ${n(c.files_rehashed)} evidence files re-hashed${c.files_absent ? `, ${n(c.files_absent)} not at their path` : ''}\n`,
        );
        process.stdout.write(`custody chain head ${r.heads.custody}\naudit chain head   ${r.heads.audit}\n`);
        for (const p of r.problems) process.stdout.write(`  ✗ [${p.check}] ${p.message}\n`);
      }
      if (!r.ok) process.exitCode = EXIT.error;
    });
}
