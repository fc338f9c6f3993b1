// `sessions CASE [--identity I]`: reconstructed sessions with their parents (DESIGN §7).
import type { Command } from 'commander';
import { readCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { displayTime, n } from '../output.js';
import { listOptions, PAGE, printList, type ListFlags } from '../list.js';
import { checkZone, timeRange, TZ_HELP } from '../times.js';
import type { SessionJson } from '../../core/api/contract.js';

import { exposureBrief } from '../../core/model/exposure.js';

export function registerSessions(program: Command): void {
  const cmd = program
    .command('sessions')
    .description("sessions: one per credential run (the log's key), else principal + source + inactivity gap")
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'an identity: id (I12), name, alias or its last part')
    .option('--from <time>', 'ISO-8601: sessions active at or after; without an offset, in --tz')
    .option('--to <time>', 'ISO-8601: sessions starting before; without an offset, in --tz')
    .option('--linked', 'only sessions opened with a credential another event issued')
    .option('--tz <zone>', TZ_HELP, 'UTC');
  listOptions(cmd, 'sessions').action(
    async (
      casePath: string,
      o: ListFlags & { identity?: string; from?: string; to?: string; linked?: boolean; tz: string },
    ) => {
      const tz = checkZone(o.tz);
      const range = timeRange(o.from, o.to, tz);
      await readCase(casePath, async (ctx) =>
        printList<SessionJson>(
          o,
          async (cursor, want) =>
            call(ctx, 'sessions.page', {
              ...(o.identity ? { identity: o.identity } : {}),
              ...range,
              ...(o.linked ? { linked: true } : {}),
              ...(typeof cursor === 'string' ? { cursor } : {}),
              limit: Math.min(want, PAGE),
            }),
          (r) => ({
            id: r.id,
            identity: r.identity,
            key: r.key,
            start: r.start,
            end: r.end,
            events: r.events,
            sources: r.sources,
            exposure: r.exposure,
            parent: r.parent
              ? {
                  session: r.parent.session,
                  identity: r.parent.identity,
                  event: r.parent.event,
                  action: r.parent.action,
                  ts: r.parent.ts,
                  method: r.parent.method,
                  confidence: r.parent.confidence,
                }
              : null,
          }),
          {
            columns: [
              { key: 'sid', title: 'SESSION', keep: true },
              { key: 'identity', title: 'IDENTITY', max: 50 },
              { key: 'key', title: 'KEY', max: 24, keep: true },
              { key: 'start', title: `START (${tz})`, keep: true },
              { key: 'end', title: 'END', keep: true },
              { key: 'events', title: 'EVENTS', align: 'right' },
              { key: 'sources', title: 'SOURCES', max: 24 },
              { key: 'ips', title: 'SOURCE IPS', max: 32 },
              { key: 'from', title: 'OPENED BY', max: 60 },
              { key: 'read', title: 'READ', max: 48 },
            ],
            row: (r) => ({
              ...r,
              sid: r.name,
              start: displayTime(r.start, tz),
              end: displayTime(r.end, tz),
              ips: r.src_ips.join(',') + (r.ip_count > r.src_ips.length ? '…' : ''),
              from: r.parent
                ? `${r.parent.action ?? 'issued'} by ${r.parent.identity ?? '?'}${r.parent.session !== null ? ` (S${r.parent.session})` : ''}`
                : '',
              read: exposureBrief(r.exposure),
            }),
            footer: (shown, cut, total) =>
              `${n(shown)} sessions${cut ? ` of ${n(total ?? shown)} (cut at --limit; omit it for all)` : ''}`,
          },
          'sessions',
        ),
      );
    },
  );
}
