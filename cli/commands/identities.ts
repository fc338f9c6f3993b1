// `identities CASE`: resolved identities, non-human first (DESIGN §7).
import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { displayTime, n } from '../output.js';
import { listOptions, PAGE, printList, type ListFlags } from '../list.js';
import { checkZone } from '../times.js';
import type { IdentityJson } from '../../core/api/contract.js';

export function registerIdentities(program: Command): void {
  const cmd = program
    .command('identities')
    .description('resolved identities (non-human first) with their aliases across systems')
    .argument('<case>', 'case file')
    .option('--nhi', 'only non-human identities')
    .option('--search <text>', 'only identities whose name or an alias contains this')
    .option('--tz <zone>', 'display time zone for the table (IANA name)', 'UTC');
  listOptions(cmd, 'identities').action(
    async (casePath: string, o: ListFlags & { nhi?: boolean; search?: string; tz: string }) => {
      const tz = checkZone(o.tz);
      const machine = o.json === true || o.jsonl === true;
      let nhi = 0;
      await readCase(casePath, async (ctx) =>
        printList<IdentityJson>(
          o,
          async (cursor, want) =>
            call(ctx, 'identities.page', {
              ...(o.nhi ? { nhi: true } : {}),
              ...(o.search ? { search: o.search } : {}),
              aliases: machine ? -1 : 3,
              ...(typeof cursor === 'string' ? { cursor } : {}),
              limit: Math.min(want, PAGE),
            }),
          (r) => ({
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
          }),
          {
            columns: [
              { key: 'id', title: 'ID', align: 'right', keep: true },
              { key: 'name', title: 'IDENTITY', max: 60, keep: true },
              { key: 'kind', title: 'KIND' },
              { key: 'nhi', title: 'NHI' },
              { key: 'events', title: 'EVENTS', align: 'right' },
              { key: 'sessions', title: 'SESSIONS', align: 'right' },
              { key: 'first', title: `FIRST (${tz})`, keep: true },
              { key: 'last', title: `LAST (${tz})`, keep: true },
              { key: 'sources', title: 'SOURCES', max: 30 },
              { key: 'also', title: 'ALSO KNOWN AS', max: 70 },
            ],
            row: (r) => {
              if (r.nhi) nhi++;
              return {
                ...r,
                nhi: r.nhi ? 'yes' : 'no',
                first: displayTime(r.first_seen, tz),
                last: displayTime(r.last_seen, tz),
                also:
                  r.aliases
                    .filter((a) => a.value !== r.name)
                    .slice(0, 2)
                    .map((a) => `${a.system}|${a.value} (${a.method})`)
                    .join('; ') + (r.alias_count > 3 ? ` +${r.alias_count - 3}` : ''),
              };
            },
            footer: (shown, cut, total) =>
              `${n(shown)} identities (${n(nhi)} non-human)${cut ? `; ${n(total ?? shown)} in all (cut at --limit)` : ''}`,
          },
          'identities',
        ),
      );
    },
  );
}
