// `verify CASE [--deep] [--seal FILE]`: what the case proves about itself (README "What verify proves"). A case whose
// schema is not this build's opens read-only for inspection here — and only here — so verify can name each
// difference instead of refusing.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, n } from '../output.js';
import type { Result } from '../../core/api/contract.js';
import { EXIT } from '../exit.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'check the schema, SQLite integrity, the custody and audit hash chains, every evidence digest and raw record, the search index, analyst work against the audit log and the seals; re-hash evidence files still at their path',
    )
    .argument('<case>', 'case file')
    .option(
      '--deep',
      're-read every evidence file at hand and compare each event, the search index term by term, and the derived tables with a fresh derivation',
    )
    .option(
      '--seal <file>',
      'check the case against a seal kept outside it (`sessionscope seal CASE --out FILE`): not rewritten, not cut back since',
    )
    .option('--no-rehash', 'do not re-hash evidence files')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { rehash: boolean; deep?: boolean; seal?: string; json?: boolean }) => {
      const r = await withCase(
        casePath,
        {},
        async (ctx) => call(ctx, 'case.verify', { rehash: o.rehash, deep: o.deep, seal: o.seal }),
        undefined,
        { schema: 'inspect', searchIndex: 'skip' },
      );
      if (o.json) printJson(r);
      else process.stdout.write(describe(r));
      if (!r.ok) process.exitCode = EXIT.error;
    });
}

function describe(r: Result<'case.verify'>): string {
  const c = r.checked;
  const lines = [
    `${r.ok ? 'OK' : 'PROBLEMS FOUND'}: ${n(c.evidence)} evidence files, ${n(c.events)} events, ${n(c.custody_rows)} custody and ${n(c.audit_rows)} audit log rows, ${n(c.work_rows)} rows of analyst work, ${n(c.seals)} seals checked; ${n(c.files_rehashed)} evidence files re-hashed${c.files_absent ? `, ${n(c.files_absent)} not at their path` : ''}`,
    `schema ${r.schema.version}: ${r.schema.canonical ? "exactly this build's" : 'NOT this build’s (opened read-only for inspection)'}`,
    r.work_bound_since === null
      ? 'analyst work: not bound to the audit log'
      : `analyst work: bound to the audit log since audit row ${r.work_bound_since}`,
    r.seal
      ? `latest seal: ${r.seal.sealed_at} by ${r.seal.analyst} (key ${r.seal.key}); ${r.seal.audit_after || r.seal.custody_after ? `${n(r.seal.audit_after)} audit and ${n(r.seal.custody_after)} custody rows since` : 'nothing written since'}`
      : 'latest seal: none (never sealed)',
  ];
  if (r.seal_file)
    lines.push(
      `seal file: ${r.seal_file.ok ? 'the case contains it unchanged — not rewritten, not cut back since' : 'CONTRADICTED'} (sealed ${r.seal_file.sealed_at} by ${r.seal_file.analyst}, key ${r.seal_file.key}; ${n(r.seal_file.audit_rows)} audit and ${n(r.seal_file.custody_rows)} custody rows)`,
    );
  if (r.deep)
    lines.push(
      `deep: ${n(r.deep.files_reread)} evidence files re-read (${n(r.deep.events_compared)} events compared)${r.deep.files_not_at_hand ? `, ${n(r.deep.files_not_at_hand)} not at hand` : ''}; search index compared for ${n(r.deep.index_events_compared)} events; ${r.deep.derived_compared ? `${r.deep.derived_tables} derived tables compared with a fresh derivation` : 'derived tables not compared'}`,
    );
  lines.push(`custody chain head ${r.heads.custody}`, `audit chain head   ${r.heads.audit}`);
  for (const p of r.problems) lines.push(`  ✗ [${p.check}] ${p.message}`);
  return lines.join('\n') + '\n';
}
