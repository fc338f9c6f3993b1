// `detections CASE`: Sigma matches (DESIGN §7), `--rules DIR` to add the analyst's own rules, `--rules-list`
// for every rule and whether it can run here (docs/detections.md).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { optionalChoice } from '../args.js';
import { UserError } from '../../core/errors.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface DetectionsOptions {
  rule?: string;
  identity?: string;
  level?: string;
  kind?: string;
  from?: string;
  to?: string;
  rules?: string[];
  run?: boolean;
  rulesList?: boolean;
  limit: string;
  tz: string;
  json?: boolean;
}

export function registerDetections(program: Command): void {
  program
    .command('detections')
    .description(
      "Sigma rule matches (SigmaHQ's cloud, identity, Kubernetes and auditd rules, and your own), with each rule's author and link",
    )
    .argument('<case>', 'case file')
    .option('--rule <id>', 'only this rule (its id or exact title)')
    .option('--identity <identity>', 'only matches of this identity (id, name or alias)')
    .option('--level <level>', 'only these levels: high, high+ (high and above), medium,high')
    .option('--kind <kind>', 'detection or correlation')
    .option('--from <time>', 'ISO-8601, inclusive')
    .option('--to <time>', 'ISO-8601, exclusive')
    .option(
      '--rules <dir>',
      'add a folder of your own Sigma rules (repeatable; the case remembers it) and run now',
      collect,
    )
    .option('--run', 'run the rules again now (derivation runs them after every import)')
    .option('--rules-list', 'every rule and what becomes of it here: runs, no source, not applicable, invalid')
    .option('--limit <n>', 'at most this many matches in the table', '500')
    .option('--tz <zone>', 'display time zone for the table (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: DetectionsOptions) => {
      if (!/^\d+$/.test(o.limit)) throw new UserError('INVALID_PARAMS', `--limit must be a whole number: ${o.limit}`);
      const limit = Number(o.limit);
      const dirs = o.rules ?? [];
      const result = await withCase(casePath, {}, async (ctx) => {
        const ran = dirs.length > 0 || o.run ? await call(ctx, 'detections.run', { rules_dirs: dirs }) : null;
        if (o.rulesList) return { kind: 'rules' as const, ran, cat: await call(ctx, 'detections.rules') };
        const r = await call(ctx, 'detections.list', {
          rule: o.rule,
          identity: o.identity,
          level: o.level,
          kind: optionalChoice(['detection', 'correlation'] as const, o.kind, '--kind'),
          from: o.from,
          to: o.to,
        });
        return { kind: 'list' as const, ran, list: r };
      });
      if (result.ran && !o.json) {
        const s = result.ran;
        process.stderr.write(
          `detections: ran ${n(s.rules)} rules over ${n(s.events)} events (${n(s.candidates)} read) in ${n(s.ms)} ms: ${n(s.hits + s.correlation_hits)} matches\n`,
        );
        if (s.missing_dirs.length > 0)
          process.stderr.write(`detections: rule folders not found now: ${s.missing_dirs.join(', ')}\n`);
      }
      if (result.kind === 'rules') {
        const cat = result.cat;
        if (o.json) {
          printJson(cat);
          return;
        }
        printTable(
          cat.rules.map((r) => ({ ...r, where: r.formats.join(',') || r.reasons[0] || '' })),
          [
            { key: 'status', title: 'STATUS' },
            { key: 'level', title: 'LEVEL' },
            { key: 'title', title: 'RULE', max: 56 },
            { key: 'logsource', title: 'LOG SOURCE', max: 28 },
            { key: 'where', title: 'RUNS ON / WHY NOT', max: 80 },
            { key: 'matches', title: 'MATCHES', align: 'right' },
          ],
          `${n(cat.counts.total)} rules: ${n(cat.counts.runs)} run here, ${n(cat.counts.not_in_case)} need a source this case lacks, ${n(cat.counts.no_source)} have no importer for their log source, ${n(cat.counts.not_applicable)} not applicable, ${n(cat.counts.invalid)} invalid\n` +
            `SigmaHQ snapshot ${cat.snapshot.commit.slice(0, 12)} (${cat.snapshot.date.slice(0, 10)}), ${cat.snapshot.license}${cat.rules_dirs.length ? `; your folders: ${cat.rules_dirs.join(', ')}` : ''}`,
        );
        return;
      }
      const { matches, total } = result.list;
      if (o.json) {
        printJson(matches);
        return;
      }
      const tz = String(o.tz);
      const shown = matches.slice(0, limit);
      printTable(
        shown.map((m) => ({
          time: displayTime(m.ts, tz),
          level: m.rule.level ?? '',
          rule: m.rule.title,
          author: m.rule.author ?? '',
          who: m.identity ?? '',
          session: m.session ?? '',
          ev: m.kind === 'correlation' ? `${m.events!.length} events` : String(m.event),
        })),
        [
          { key: 'time', title: `TIME (${tz})` },
          { key: 'level', title: 'LEVEL' },
          { key: 'rule', title: 'RULE', max: 56 },
          { key: 'author', title: 'AUTHOR', max: 32 },
          { key: 'who', title: 'IDENTITY', max: 40 },
          { key: 'session', title: 'SESSION' },
          { key: 'ev', title: 'EVENT', align: 'right' },
        ],
        `${n(total)} matches${shown.length < total ? ` (first ${n(shown.length)}; --limit for more, --json for all)` : ''}`,
      );
      // The Detection Rule License: author and a link to each rule beside its matches.
      const rules = new Map(shown.map((m) => [m.rule.id, m.rule]));
      if (rules.size > 0) {
        process.stdout.write('\nRules:\n');
        for (const r of rules.values())
          process.stdout.write(
            `  ${r.title} — ${r.author ?? 'author not stated'} — ${r.license ?? 'licence not stated'} — ${r.url}\n`,
          );
      }
    });
}
