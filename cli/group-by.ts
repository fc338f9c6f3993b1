// `--group-by FIELD` of `events` and `search`: the grid's group-by on the command line — every value of one column
// over the events the filter matches, with its count, most frequent first (events.groups, the grid's own call, so
// the CLI and the grid count alike). A list like any other: complete unless --limit, --json/--jsonl/--tsv.
import type { ApiContext } from '../core/api/registry.js';
import { call } from '../core/api/dispatch.js';
import type { Params, Result } from '../core/api/contract.js';
import { GROUP_COLUMNS } from '../core/api/params.js';
import { choice } from './args.js';
import { printList, type ListFlags } from './list.js';
import { n } from './output.js';

export type GroupField = (typeof GROUP_COLUMNS)[number];
type Group = Result<'events.groups'>['groups'][number];

/** Groups asked per call (the API's page maximum for events.groups). */
const GROUP_PAGE = 1000;

export const GROUP_BY_HELP = `count events per value of this field instead of listing them, most frequent first: ${GROUP_COLUMNS.join(', ')}`;

export const GROUP_BY_NOTES = `
Group-by (--group-by FIELD): one row per value of FIELD over every event the filters and search match, with its
count, most frequent first; the same fields and counts as the Events grid's group-by. "(none)" counts events without
a value. identity groups by resolved identity (--json also gives its id as key); flags counts an event once per flag
it has, so those counts may add up to more than the events matched.`;

/** The field --group-by names, or a usage error listing the fields it may name. */
export function groupField(v: string): GroupField {
  return choice(GROUP_COLUMNS, v, '--group-by');
}

/** Prints the groups of `column` over the events `filter` matches. */
export async function printGroups(
  ctx: ApiContext,
  filter: Params<'events.groups'>['filter'],
  column: GroupField,
  o: ListFlags,
): Promise<void> {
  let events = 0;
  await printList<Group>(
    o,
    async (cursor, want) => {
      const offset = typeof cursor === 'number' ? cursor : 0;
      const page = await call(ctx, 'events.groups', { filter, column, offset, limit: Math.min(want, GROUP_PAGE) });
      events = page.events;
      const end = offset + page.groups.length;
      return { items: page.groups, next: end < page.distinct ? end : null, total: page.distinct };
    },
    (g) => ({ value: g.value, key: g.key, count: g.count }),
    {
      columns: [
        { key: 'value', title: column.toUpperCase(), max: 80 },
        { key: 'count', title: 'EVENTS', align: 'right', keep: true },
        ...(column === 'identity' ? [{ key: 'key', title: 'ID', align: 'right' as const, keep: true }] : []),
      ],
      row: (g) => ({ value: g.value ?? '(none)', count: g.count, key: g.key === null ? '' : `I${g.key}` }),
      footer: (shown, cut, total) =>
        `${n(total ?? shown)} ${column} values over ${n(events)} events` +
        (cut ? ` (${n(shown)} shown: cut at --limit; omit it for all)` : '') +
        (column === 'flags' ? '; an event counts once per flag' : ''),
    },
    `${column} values`,
  );
}
