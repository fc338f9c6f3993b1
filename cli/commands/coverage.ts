// `coverage CASE`: visibility coverage per identity, source gaps, log tampering (DESIGN §7).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description(
      'which sources show each identity authenticating and acting; what is unseen; source gaps; log tampering',
    )
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'only this identity')
    .option('--flagged', 'only identities with a coverage flag')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { identity?: string; flagged?: boolean; json?: boolean }) => {
      const r = await withCase(casePath, {}, async (ctx) =>
        call(ctx, 'coverage.list', {
          ...(o.identity ? { identity: o.identity } : {}),
          ...(o.flagged ? { flagged: true } : {}),
        }),
      );
      if (o.json) {
        printJson(
          r.identities.map((c) => ({
            identity: c.identity,
            auth_sources: c.auth_sources,
            action_sources: c.action_sources,
            flags: c.flags,
          })),
        );
        return;
      }
      printTable(
        r.identities.map((c) => ({ ...c, flagText: c.flags.join(', ') })),
        [
          { key: 'identity', title: 'IDENTITY', max: 60 },
          { key: 'kind', title: 'KIND' },
          { key: 'auth_sources', title: 'AUTH SEEN IN', max: 30 },
          { key: 'action_sources', title: 'ACTIONS SEEN IN', max: 30 },
          { key: 'flagText', title: 'FLAGS', max: 70 },
        ],
        `${n(r.identities.length)} identities, ${n(r.identities.filter((c) => c.flags.length > 0).length)} flagged`,
      );
      const notes = r.identities.flatMap((c) => c.details.map((d) => `${c.identity}: ${d.text}`));
      if (notes.length > 0)
        process.stdout.write(
          '\n' +
            notes
              .slice(0, 200)
              .map((x) => `· ${x}`)
              .join('\n') +
            '\n',
        );
      const gaps = r.sources.flatMap((s) =>
        s.gaps.map((g) => `${s.format}: silent ${displayTime(g.from)} – ${displayTime(g.to)} (${g.hours} h)`),
      );
      process.stdout.write(
        `\nSources: ${r.sources.map((s) => `${s.format} ${displayTime(s.from)} – ${displayTime(s.to)}`).join('; ') || 'none'}\n`,
      );
      if (gaps.length > 0) process.stdout.write(`Gaps:\n${gaps.map((g) => `  ${g}`).join('\n')}\n`);
      if (r.tamper.length > 0)
        process.stdout.write(
          `Log tampering:\n${r.tamper.map((t) => `  ${displayTime(t.ts)}  ${t.identity ?? '?'}  ${t.action} (${t.outcome})  event ${t.event}`).join('\n')}\n`,
        );
    });
}
