// `sessions CASE [--identity I]`: reconstructed sessions with their parents (DESIGN §7).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { exposureBrief } from '../../core/model/exposure.js';
import { UserError } from '../../core/errors.js';

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description("sessions: one per credential run (the log's key), else principal + source + inactivity gap")
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'an identity id, name or alias')
    .option('--from <time>', 'ISO-8601: sessions active at or after')
    .option('--to <time>', 'ISO-8601: sessions starting before')
    .option('--linked', 'only sessions opened with a credential another event issued')
    .option('--limit <n>', 'at most this many rows', '1000')
    .option('--tz <zone>', 'display time zone for the table (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .action(
      async (
        casePath: string,
        o: {
          identity?: string;
          from?: string;
          to?: string;
          linked?: boolean;
          limit: string;
          tz: string;
          json?: boolean;
        },
      ) => {
        if (!/^\d+$/.test(o.limit)) throw new UserError('INVALID_PARAMS', `--limit must be a whole number: ${o.limit}`);
        const limit = Math.max(1, Number(o.limit));
        const rows = await withCase(casePath, {}, async (ctx) =>
          call(ctx, 'sessions.list', {
            ...(o.identity ? { identity: o.identity } : {}),
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
            ...(o.linked ? { linked: true } : {}),
            limit,
          }),
        );
        if (o.json) {
          printJson(
            rows.map((r) => ({
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
            })),
          );
          return;
        }
        printTable(
          rows.map((r) => ({
            ...r,
            sid: r.name,
            start: displayTime(r.start, o.tz),
            end: displayTime(r.end, o.tz),
            ips: r.src_ips.join(',') + (r.ip_count > r.src_ips.length ? '…' : ''),
            from: r.parent
              ? `${r.parent.action ?? 'issued'} by ${r.parent.identity ?? '?'}${r.parent.session !== null ? ` (S${r.parent.session})` : ''}`
              : '',
            read: exposureBrief(r.exposure),
          })),
          [
            { key: 'sid', title: 'SESSION' },
            { key: 'identity', title: 'IDENTITY', max: 50 },
            { key: 'key', title: 'KEY', max: 24 },
            { key: 'start', title: `START (${o.tz})` },
            { key: 'end', title: 'END' },
            { key: 'events', title: 'EVENTS', align: 'right' },
            { key: 'sources', title: 'SOURCES', max: 24 },
            { key: 'ips', title: 'SOURCE IPS', max: 32 },
            { key: 'from', title: 'OPENED BY', max: 60 },
            { key: 'read', title: 'READ', max: 48 },
          ],
          `${n(rows.length)} sessions${rows.length === limit ? ` (limit ${n(limit)}; use --limit for more)` : ''}`,
        );
      },
    );
}
