// `coverage CASE`: visibility coverage per identity, source gaps, log tampering (DESIGN §7).
import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { write } from '../list.js';
import type { CoverageRow } from '../../core/api/contract.js';

/** `coverage --rules`: the rules that cannot run on this case (lack of a source, a missing field, invalid). */
async function printRuleCoverage(casePath: string, json: boolean): Promise<void> {
  const cat = await readCase(casePath, async (ctx) =>
    call(ctx, 'detections.rules', {
      status: ['no_source', 'not_in_case', 'not_applicable', 'invalid'],
    }),
  );
  if (json) {
    printJson(
      cat.rules.map((x) => ({
        id: x.id,
        title: x.title,
        source: x.source,
        file: x.file,
        logsource: x.logsource,
        status: x.status,
        reasons: x.reasons,
      })),
    );
    return;
  }
  printTable(
    cat.rules.map((x) => ({ ...x, why: x.reasons.join('; ') })),
    [
      { key: 'status', title: 'STATUS' },
      { key: 'title', title: 'RULE', max: 56 },
      { key: 'logsource', title: 'LOG SOURCE', max: 28 },
      { key: 'why', title: 'WHY IT CANNOT RUN', max: 100 },
    ],
    `${n(cat.rules.length)} of ${n(cat.counts.total)} Sigma rules cannot run on this case`,
  );
}

export function registerCoverage(program: Command): void {
  program
    .command('coverage')
    .description(
      'which sources show each identity authenticating and acting; what is unseen; source gaps; log tampering',
    )
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'only this identity')
    .option('--flagged', 'only identities with a coverage flag')
    .option(
      '--rules',
      'instead: the Sigma rules that cannot run on this case, and why (no source, missing field, invalid)',
    )
    .option('--json', 'print JSON: {identities:[…], sources:[{format, from, to, gaps}], tamper:[…]}')
    .option('--jsonl', 'print one JSON object per line: {record: identity|source|tamper, …}')
    .action(
      async (
        casePath: string,
        o: { identity?: string; flagged?: boolean; json?: boolean; jsonl?: boolean; rules?: boolean },
      ) => {
        if (o.rules) return printRuleCoverage(casePath, o.json === true);
        const { r, rules } = await readCase(casePath, async (ctx) => ({
          r: await call(ctx, 'coverage.list', {
            ...(o.identity ? { identity: o.identity } : {}),
            ...(o.flagged ? { flagged: true } : {}),
          }),
          rules: o.json || o.jsonl ? null : await call(ctx, 'detections.rules'),
        }));
        // Every reason as data (flag, values, counts, gaps), and the source spans and gaps the table shows.
        const identity = (c: CoverageRow) => ({
          identity: c.identity,
          identity_id: c.identity_id,
          kind: c.kind,
          nhi: c.nhi,
          auth_sources: c.auth_sources,
          action_sources: c.action_sources,
          flags: c.flags,
          details: c.details,
        });
        if (o.jsonl) {
          let out = '';
          for (const c of r.identities) out += JSON.stringify({ record: 'identity', ...identity(c) }) + '\n';
          for (const x of r.sources) out += JSON.stringify({ record: 'source', ...x }) + '\n';
          for (const t of r.tamper) out += JSON.stringify({ record: 'tamper', ...t }) + '\n';
          await write(out);
          return;
        }
        if (o.json || !rules) {
          await write('{"identities":[\n');
          let i = 0;
          for (const c of r.identities) await write((i++ > 0 ? ',\n' : '') + JSON.stringify(identity(c)));
          await write(`\n],\n"sources":${JSON.stringify(r.sources)},\n"tamper":${JSON.stringify(r.tamper)}}\n`);
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
        if (notes.length > 0) process.stdout.write('\n' + notes.map((x) => `· ${x}`).join('\n') + '\n');
        const gaps = r.sources.flatMap((s) =>
          s.gaps.map((g) => `${s.format}: silent ${displayTime(g.from)} – ${displayTime(g.to)} (${g.hours} h)`),
        );
        process.stdout.write(
          `\nSources: ${r.sources.map((s) => `${s.format} ${displayTime(s.from)} – ${displayTime(s.to)}`).join('; ') || 'none'}\n`,
        );
        if (gaps.length > 0) process.stdout.write(`Gaps:\n${gaps.map((g) => `  ${g}`).join('\n')}\n`);
        const idle = rules.rules.filter((x) => x.status !== 'runs');
        if (idle.length > 0) {
          const why = new Map<string, number>();
          for (const x of idle) why.set(x.reasons[0] ?? x.status, (why.get(x.reasons[0] ?? x.status) ?? 0) + 1);
          const top = [...why].sort((a, b) => b[1] - a[1]).slice(0, 6);
          process.stdout.write(
            `Sigma rules that cannot run here: ${n(idle.length)} of ${n(rules.counts.total)} (coverage --rules lists them)\n` +
              top.map(([w, c]) => `  ${n(c)} × ${w}`).join('\n') +
              '\n',
          );
        }
        if (r.tamper.length > 0)
          process.stdout.write(
            `Log tampering:\n${r.tamper.map((t) => `  ${displayTime(t.ts)}  ${t.identity ?? '?'}  ${t.action} (${t.outcome})  event ${t.event}`).join('\n')}\n`,
          );
      },
    );
}
