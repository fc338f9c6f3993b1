// `scope CASE --identity I [--since T]`: the blast radius, forward in time from I (DESIGN §7).
import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printTable, displayTime, n } from '../output.js';
import {
  checkModes,
  listOptions,
  PAGE,
  parseLimit,
  printList,
  write,
  type ListFlags,
  type PageSource,
  type TableSpec,
} from '../list.js';
import { checkZone, typedTime, TZ_HELP } from '../times.js';
import type { Result } from '../../core/api/contract.js';

type ScopeResource = Result<'scope.run'>['resources'][number];

export function registerScope(program: Command): void {
  const cmd = program
    .command('scope')
    .description(
      'blast radius: identities and resources reachable forward in time from an identity, through the credentials it issued',
    )
    .argument('<case>', 'case file')
    .requiredOption('--identity <identity>', 'an identity: id (I12), name, alias or its last part')
    .option('--since <time>', 'ISO-8601: nothing reached before this time counts; without an offset, in --tz')
    .option('--tz <zone>', TZ_HELP, 'UTC');
  listOptions(cmd, 'resources').action(
    async (casePath: string, o: ListFlags & { identity: string; since?: string; tz: string }) => {
      checkModes(o);
      const tz = checkZone(o.tz);
      const limit = parseLimit(o.limit);
      const since = typedTime(o.since, '--since', tz);
      await readCase(casePath, async (ctx) => {
        const first = await call(ctx, 'scope.run', {
          identity: o.identity,
          ...(since ? { since } : {}),
          resources_limit: Math.min(PAGE, limit ?? PAGE),
        });
        // The resources come a page at a time (a heavy identity reaches tens of thousands).
        const resources: PageSource<ScopeResource> = async (cursor, want) => {
          if (cursor === undefined)
            return { items: first.resources, next: first.resources_next, total: first.resources_total };
          return call(ctx, 'scope.resources', {
            identity: o.identity,
            ...(since ? { since } : {}),
            cursor: String(cursor),
            limit: Math.min(want, PAGE),
          });
        };
        const resourceJson = (x: ScopeResource) => ({
          name: x.name,
          type: x.type,
          first_touch: x.first_touch,
          actions: x.actions,
          events: x.events,
          identities: x.identities,
          first_event: x.first_event,
        });
        const identities = first.identities.map((i) => ({
          id: i.id,
          name: i.name,
          kind: i.kind,
          first_seen: i.first_seen,
          via: i.via,
          from: i.from,
          path: i.path,
        }));
        if (o.json || o.jsonl) {
          if (o.json)
            await write(
              `{"start":${JSON.stringify(first.start)},"truncated":${first.truncated},"identities":${JSON.stringify(identities)},\n"paths":${JSON.stringify(first.paths)},\n"resources":`,
            );
          else {
            let lines = '';
            for (const i of identities) lines += JSON.stringify({ record: 'identity', ...i }) + '\n';
            for (const p of first.paths) lines += JSON.stringify({ record: 'path', path: p }) + '\n';
            await write(lines);
          }
          const r = await printList(
            o.json ? { json: true, limit: o.limit, inner: true } : { jsonl: true, limit: o.limit },
            resources,
            (x) => (o.json ? resourceJson(x) : { record: 'resource', ...resourceJson(x) }),
            NO_TABLE,
            'scope resources',
          );
          if (o.json)
            await write(
              `,"resources_total":${first.resources_total}${limit !== undefined ? `,"resources_truncated":${r.truncated},"limit":${limit}` : ''}}\n`,
            );
          return;
        }
        process.stdout.write(
          `Scope of ${first.start.names.join(', ')}${first.start.since ? ` since ${displayTime(first.start.since, tz)} (${tz})` : ''}\n\n`,
        );
        printTable(
          first.identities.map((i) => ({
            ...i,
            t: displayTime(i.first_seen, tz),
            how: i.via === 'start' ? 'start' : `${i.via}${i.from ? ` from ${i.from}` : ''}`,
            p: i.path.join(' → '),
          })),
          [
            { key: 't', title: `REACHED (${tz})`, keep: true },
            { key: 'name', title: 'IDENTITY', max: 60, keep: true },
            { key: 'kind', title: 'KIND' },
            { key: 'how', title: 'VIA', max: 60 },
            { key: 'p', title: 'PATH', max: 90 },
          ],
          `${n(first.identities.length)} identities`,
          { wide: o.wide },
        );
        process.stdout.write('\n');
        await printList(
          o,
          resources,
          (x) => x,
          {
            columns: [
              { key: 't', title: `FIRST TOUCH (${tz})`, keep: true },
              { key: 'name', title: 'RESOURCE', max: 70, keep: true },
              { key: 'type', title: 'TYPE', max: 24 },
              { key: 'events', title: 'EVENTS', align: 'right' },
              { key: 'acts', title: 'ACTIONS', max: 50 },
              { key: 'who', title: 'BY', max: 40 },
            ],
            row: (x) => ({
              ...x,
              t: displayTime(x.first_touch, tz),
              acts: x.actions.join(','),
              who: x.identities.join(','),
            }),
            footer: (shown, cut, total) =>
              `${n(total ?? shown)} resources${cut ? ` (first ${n(shown)} shown; omit --limit for all)` : ''}${first.truncated ? ' (walk truncated)' : ''}`,
          },
          'scope resources',
        );
      });
    },
  );
}

const NO_TABLE: TableSpec<ScopeResource> = { columns: [], row: () => ({}), footer: () => '' };
