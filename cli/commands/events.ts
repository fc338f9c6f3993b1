import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import type { EventJson } from '../../core/api/contract.js';
import { displayTime, n } from '../output.js';
import { SEARCH_HELP } from '../search-help.js';
import { listOptions, printList, type ListFlags } from '../list.js';
import { checkZone, timeRange, TZ_HELP } from '../times.js';
import { choice } from '../args.js';
import { FORMAT_IDS } from '../../importers/formats.js';
import { FLAG_NAMES as FLAG_BITS } from '../../core/model/flags.js';
import { cloudText } from '../../core/model/ip-intel.js';
import { GROUP_BY_HELP, GROUP_BY_NOTES, groupField, printGroups } from '../group-by.js';
import { UserError } from '../../core/errors.js';

const FLAG_NAMES = FLAG_BITS.map(([, name]) => name);

export interface EventsOptions extends ListFlags {
  identity?: string;
  session?: string;
  search?: string;
  from?: string;
  to?: string;
  outOfScope?: boolean;
  flag?: string[];
  format?: string[];
  desc?: boolean;
  groupBy?: string;
  tz: string;
}

const PAGE = 5000;

export function registerEvents(program: Command): void {
  const cmd = program
    .command('events')
    .description('events in time order, filtered and searched; every match unless --limit')
    .argument('<case>', 'case file')
    .option('--search <query>', 'a search: words, "phrases", field:value with * wildcards, OR, -exclude (below)');
  eventListOptions(cmd)
    .addHelpText('after', SEARCH_HELP + GROUP_BY_NOTES)
    .action((casePath: string, o: EventsOptions) => listEvents(casePath, o));
}

/** The filters and output flags `events` and `search` share. */
export function eventListOptions(cmd: Command): Command {
  cmd
    .option('--identity <identity>', 'an identity: id (I12), name, alias or its last part (backup-svc)')
    .option('--session <session>', "a session id (S12) or the log's session key")
    .option('--from <time>', 'ISO-8601, inclusive; without an offset, in --tz')
    .option('--to <time>', 'ISO-8601, exclusive; without an offset, in --tz')
    .option('--out-of-scope', 'only events outside the intended-behaviour profile')
    .option('--flag <flag...>', `only events with these flags (${FLAG_NAMES.join(', ')})`)
    .option('--format <format...>', 'only these sources (see `sessionscope formats`)')
    .option('--desc', 'newest first')
    .option('--group-by <field>', GROUP_BY_HELP)
    .option('--tz <zone>', `${TZ_HELP}, and of times typed in the search`, 'UTC');
  return listOptions(cmd, 'events (or values, with --group-by)');
}

/** Lists (or, with --group-by, counts) the events the options select. */
export async function listEvents(casePath: string, o: EventsOptions): Promise<void> {
  const tz = checkZone(o.tz);
  const range = timeRange(o.from, o.to, tz);
  const formats = o.format?.map((f) => choice(FORMAT_IDS, f, '--format'));
  const flags = o.flag?.map((f) => choice(FLAG_NAMES, f, '--flag'));
  const groupBy = o.groupBy === undefined ? undefined : groupField(o.groupBy);
  if (groupBy && o.desc)
    throw new UserError('INVALID_PARAMS', '--desc orders events; --group-by lists values, most frequent first');
  await readCase(casePath, async (ctx) => {
    const filter = {
      identity: o.identity,
      session: o.session,
      search: o.search,
      tz: o.search !== undefined ? tz : undefined,
      ...range,
      out_of_scope: o.outOfScope === true ? true : undefined,
      flags,
      formats,
    };
    // What the search could not resolve (a name this case does not hold) explains an empty or short result.
    if (o.search !== undefined) {
      const ex = await call(ctx, 'search.parse', { query: o.search, tz });
      if (ex.ok) for (const note of ex.notes) process.stderr.write(`note: ${note.message}\n`);
    }
    if (groupBy) return printGroups(ctx, filter, groupBy, o);
    await printList<EventJson>(
      o,
      async (cursor, want) => {
        const items = await call(ctx, 'events.list', {
          filter,
          limit: Math.min(want, PAGE),
          order: o.desc ? 'desc' : 'asc',
          ...(typeof cursor === 'number' ? { after: cursor } : {}),
        });
        return { items, next: items.length === Math.min(want, PAGE) ? items[items.length - 1].id : null };
      },
      (r) => r,
      {
        columns: [
          { key: 'time', title: `TIME (${tz})`, keep: true },
          { key: 'format', title: 'SOURCE' },
          { key: 'identity', title: 'IDENTITY', max: 48 },
          { key: 'action', title: 'ACTION', max: 36 },
          { key: 'resource', title: 'RESOURCE', max: 48 },
          { key: 'outcome', title: 'OUTCOME' },
          { key: 'src_ip', title: 'SOURCE IP', keep: true },
          { key: 'net', title: 'NETWORK', max: 28 },
          { key: 'flags', title: 'FLAGS' },
          { key: 'id', title: 'EVENT', align: 'right', keep: true },
        ],
        row: (r) => ({
          ...r,
          time: displayTime(r.ts, tz),
          who: r.identity ?? r.principal,
          net: r.src_tor
            ? 'Tor exit'
            : r.src_cloud
              ? cloudText(r.src_cloud)
              : r.src_asn !== null
                ? `AS${r.src_asn}${r.src_country ? ` ${r.src_country}` : ''}`
                : '',
          flags: r.flags.join(','),
        }),
        footer: (shown, cut) => `${n(shown)} events${cut ? ` (cut at --limit ${n(shown)}; omit it for all)` : ''}`,
      },
      'events',
    );
  });
}
