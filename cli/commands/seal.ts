// `seal CASE [--out FILE]`: seal the case now with the analyst's key, and export the seal to keep outside the case
// (`verify CASE --seal FILE` later proves the case was neither rewritten nor cut back since).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson } from '../output.js';

interface SealOut {
  sealed_at: string;
  analyst: string;
  key: string;
  custody: { seq: number; head: string };
  audit: { seq: number; head: string };
  evidence: { files: number; digest: string };
  file: string | null;
}

export function registerSeal(program: Command): void {
  program
    .command('seal')
    .description(
      "seal the case's chain heads and evidence digest with your Ed25519 key (kept in your config folder); --out exports the seal to keep outside the case",
    )
    .argument('<case>', 'case file')
    .option('--out <file>', 'write the seal to this file (refuses to overwrite)')
    .option('--analyst <analyst>', 'whose key signs')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { out?: string; analyst?: string; json?: boolean }) => {
      const r = await withCase(
        casePath,
        { analyst: o.analyst },
        async (ctx) => (await call(ctx, 'case.seal', { out: o.out })) as SealOut,
      );
      if (o.json) printJson(r);
      else
        process.stdout.write(
          `sealed ${r.sealed_at} by ${r.analyst} (key ${r.key})\n  custody log ${r.custody.seq} rows, head ${r.custody.head}\n  audit log   ${r.audit.seq} rows, head ${r.audit.head}\n  evidence    ${r.evidence.files} complete files, digest ${r.evidence.digest}\n${r.file ? `written to ${r.file}: keep it outside the case; \`sessionscope verify CASE --seal ${r.file}\` checks the case against it\n` : ''}`,
        );
    });
}
