// `scope CASE --identity I [--since T]`: the blast radius, forward in time from I (DESIGN §7).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { UserError } from '../../core/errors.js';

export function registerScope(program: Command): void {
  program
    .command('scope')
    .description(
      'blast radius: identities and resources reachable forward in time from an identity, through the credentials it issued',
    )
    .argument('<case>', 'case file')
    .requiredOption('--identity <identity>', 'an identity id, name or alias')
    .option('--since <time>', 'ISO-8601: nothing reached before this time counts')
    .option('--tz <zone>', 'display time zone for the table (IANA name)', 'UTC')
    .option('--limit <n>', 'resources listed in the table, earliest first touch first (JSON lists them all)', '500')
    .option('--json', 'print JSON')
    .action(
      async (casePath: string, o: { identity: string; since?: string; tz: string; limit: string; json?: boolean }) => {
        if (!/^\d+$/.test(o.limit)) throw new UserError('INVALID_PARAMS', `--limit must be a whole number: ${o.limit}`);
        const r = await withCase(casePath, {}, async (ctx) =>
          call(ctx, 'scope.run', {
            identity: o.identity,
            ...(o.since ? { since: o.since } : {}),
          }),
        );
        if (o.json) {
          printJson({
            identities: r.identities.map((i) => ({ name: i.name, first_seen: i.first_seen, via: i.via })),
            resources: r.resources.map((x) => ({
              name: x.name,
              type: x.type,
              first_touch: x.first_touch,
              actions: x.actions,
            })),
            paths: r.paths,
          });
          return;
        }
        process.stdout.write(
          `Scope of ${r.start.names.join(', ')}${r.start.since ? ` since ${displayTime(r.start.since, o.tz)} (${o.tz})` : ''}\n\n`,
        );
        printTable(
          r.identities.map((i) => ({
            ...i,
            t: displayTime(i.first_seen, o.tz),
            how: i.via === 'start' ? 'start' : `${i.via}${i.from ? ` from ${i.from}` : ''}`,
            p: i.path.join(' → '),
          })),
          [
            { key: 't', title: `REACHED (${o.tz})` },
            { key: 'name', title: 'IDENTITY', max: 60 },
            { key: 'kind', title: 'KIND' },
            { key: 'how', title: 'VIA', max: 60 },
            { key: 'p', title: 'PATH', max: 90 },
          ],
          `${n(r.identities.length)} identities`,
        );
        process.stdout.write('\n');
        const shown = r.resources.slice(0, Number(o.limit));
        const more = r.resources.length - shown.length;
        printTable(
          shown.map((x) => ({
            ...x,
            t: displayTime(x.first_touch, o.tz),
            acts: x.actions.join(','),
            who: x.identities.join(','),
          })),
          [
            { key: 't', title: `FIRST TOUCH (${o.tz})` },
            { key: 'name', title: 'RESOURCE', max: 70 },
            { key: 'type', title: 'TYPE', max: 24 },
            { key: 'events', title: 'EVENTS', align: 'right' },
            { key: 'acts', title: 'ACTIONS', max: 50 },
            { key: 'who', title: 'BY', max: 40 },
          ],
          `${n(r.resources.length)} resources${more > 0 ? ` (first ${n(shown.length)} shown; --limit or --json for all)` : ''}${r.truncated ? ' (walk truncated)' : ''}`,
        );
      },
    );
}
