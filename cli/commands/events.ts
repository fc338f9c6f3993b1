import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { UserError } from '../../core/errors.js';
import { SEARCH_HELP } from '../search-help.js';
import { FLAG_NAMES } from '../../core/model/flags.js';
import { cloudText } from '../../core/model/ip-intel.js';

function intArg(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new UserError('INVALID_PARAMS', `${name} must be a whole number: ${v}`);
  return Number(v);
}

interface EventsOptions {
  identity?: string;
  session?: string;
  search?: string;
  from?: string;
  to?: string;
  outOfScope?: boolean;
  flag?: string[];
  format?: string[];
  limit: string;
  desc?: boolean;
  tz: string;
  json?: boolean;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('events in time order, filtered and searched')
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'an identity id, name or alias')
    .option('--session <session>', "a session id or the log's session key")
    .option('--search <query>', 'a search: words, "phrases", field:value with * wildcards, OR, -exclude (below)')
    .option('--from <time>', 'ISO-8601, inclusive')
    .option('--to <time>', 'ISO-8601, exclusive')
    .option('--out-of-scope', 'only events outside the intended-behaviour profile')
    .option('--flag <flag...>', `only events with these flags (${FLAG_NAMES.map(([, f]) => f).join(', ')})`)
    .option('--format <format...>', 'only these sources')
    .option('--limit <n>', 'at most this many rows', '1000')
    .option('--desc', 'newest first')
    .option('--tz <zone>', 'time zone of the table and of times typed in --search (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .addHelpText('after', SEARCH_HELP)
    .action(async (casePath: string, o: EventsOptions) => {
      const limit = intArg(o.limit, '--limit');
      const rows = await withCase(casePath, {}, async (ctx) => {
        const found = await call(ctx, 'events.list', {
          filter: {
            identity: o.identity,
            session: o.session,
            search: o.search,
            tz: o.search !== undefined ? o.tz : undefined,
            from: o.from,
            to: o.to,
            out_of_scope: o.outOfScope === true ? true : undefined,
            flags: o.flag,
            formats: o.format,
          },
          limit: Math.max(1, limit),
          order: o.desc ? 'desc' : 'asc',
        });
        // What the search could not resolve (a name this case does not hold) explains an empty or short result.
        if (o.search !== undefined) {
          const ex = await call(ctx, 'search.parse', { query: o.search, tz: o.tz });
          if (ex.ok) for (const note of ex.notes) process.stderr.write(`note: ${note.message}\n`);
        }
        return found;
      });
      if (o.json) {
        printJson(rows);
        return;
      }
      const tz = String(o.tz);
      printTable(
        rows.map((r) => ({
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
        })),
        [
          { key: 'time', title: `TIME (${tz})` },
          { key: 'format', title: 'SOURCE' },
          { key: 'who', title: 'IDENTITY', max: 48 },
          { key: 'action', title: 'ACTION', max: 36 },
          { key: 'resource', title: 'RESOURCE', max: 48 },
          { key: 'outcome', title: 'OUTCOME' },
          { key: 'src_ip', title: 'SOURCE IP' },
          { key: 'net', title: 'NETWORK', max: 28 },
          { key: 'flags', title: 'FLAGS' },
          { key: 'id', title: 'EVENT', align: 'right' },
        ],
        `${n(rows.length)} events${rows.length === limit ? ` (limit ${n(limit)}; use --limit for more)` : ''}`,
      );
    });
}
