// `identities CASE`: resolved identities, non-human first (DESIGN §7).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';

export function registerIdentities(program: Command): void {
  program
    .command('identities')
    .description('resolved identities (non-human first) with their aliases across systems')
    .argument('<case>', 'case file')
    .option('--nhi', 'only non-human identities')
    .option('--search <text>', 'only identities whose name or an alias contains this')
    .option('--tz <zone>', 'display time zone for the table (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { nhi?: boolean; search?: string; tz: string; json?: boolean }) => {
      const rows = await withCase(casePath, {}, async (ctx) =>
        call(ctx, 'identities.list', {
          ...(o.nhi ? { nhi: true } : {}),
          ...(o.search ? { search: o.search } : {}),
          aliases: o.json ? -1 : 3,
        }),
      );
      if (o.json) {
        printJson(
          rows.map((r) => ({
            id: r.id,
            name: r.name,
            kind: r.kind,
            nhi: r.nhi,
            aliases: r.aliases.map((a) => ({ system: a.system, value: a.value, method: a.method })),
            events: r.events,
            sessions: r.sessions,
            first_seen: r.first_seen,
            last_seen: r.last_seen,
            sources: r.sources,
            exposure: r.exposure,
          })),
        );
        return;
      }
      printTable(
        rows.map((r) => ({
          ...r,
          nhi: r.nhi ? 'yes' : 'no',
          first: displayTime(r.first_seen, o.tz),
          last: displayTime(r.last_seen, o.tz),
          also:
            r.aliases
              .filter((a) => a.value !== r.name)
              .slice(0, 2)
              .map((a) => `${a.system}|${a.value} (${a.method})`)
              .join('; ') + (r.alias_count > 3 ? ` +${r.alias_count - 3}` : ''),
        })),
        [
          { key: 'id', title: 'ID', align: 'right' },
          { key: 'name', title: 'IDENTITY', max: 60 },
          { key: 'kind', title: 'KIND' },
          { key: 'nhi', title: 'NHI' },
          { key: 'events', title: 'EVENTS', align: 'right' },
          { key: 'sessions', title: 'SESSIONS', align: 'right' },
          { key: 'first', title: `FIRST (${o.tz})` },
          { key: 'last', title: `LAST (${o.tz})` },
          { key: 'sources', title: 'SOURCES', max: 30 },
          { key: 'also', title: 'ALSO KNOWN AS', max: 70 },
        ],
        `${n(rows.length)} identities (${n(rows.filter((r) => r.nhi).length)} non-human)`,
      );
    });
}
