// `path CASE --from A --to B [--since T] [--json]`: how A could have reached B — the chains of identity edges
// (assumed, federated, impersonated, minted, triggered) in time order, each hop after the one before it, and for
// a resource a last hop where an identity on the way touched it. No path is an answer (exit 0), not an error.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, displayTime, n } from '../output.js';
import { UserError } from '../../core/errors.js';
import type { PathHopJson } from '../../core/api/contract.js';

/** The one rule every view says a hop's count by: how many of the edge's events the hop could use, and from when. */
function hopCount(h: PathHopJson, tz: string): string {
  if (h.reachable === null) return `${n(h.events)} of ${n(h.edge_events)} event${h.edge_events === 1 ? '' : 's'}`;
  return `${n(h.events)} of ${n(h.edge_events)} event${h.edge_events === 1 ? '' : 's'} at or after ${displayTime(h.reachable, tz)}, when this hop became reachable`;
}

export function registerPath(program: Command): void {
  program
    .command('path')
    .description(
      'paths from identity A to identity or resource B through identity edges in time order (each hop after the previous one)',
    )
    .argument('<case>', 'case file')
    .requiredOption('--from <identity>', 'where the paths start: an identity id, name or alias (as `identities` shows)')
    .requiredOption('--to <identity-or-resource>', 'where they end: an identity (id, name, alias) or a resource name')
    .option('--since <time>', 'ISO-8601: only hops at or after this time')
    .option('--max <n>', 'at most this many paths, earliest arrival first', '25')
    .option('--tz <zone>', 'display time zone (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
A hop is usable only at or after the moment its source was reached: a role assumed at 14:00 cannot have minted a
key at 13:50. Each hop names its edge (e:N, ir:I:R), its first usable event (events --ids E shows it) and how many
of the edge's events it could use: "3 of 11 events at or after T" — T is when the hop became reachable (its source
was reached); the other 8 happened before and could not have been this path's.

Examples:
  sessionscope path case.sscase --from acme-release-bot --to user/backup-svc
  sessionscope path case.sscase --from acme-release-bot --to arn:aws:s3:::acme-customer-exports --json
  sessionscope path case.sscase --from 11 --to role/prod-admin --since 2026-03-10T13:00:00Z`,
    )
    .action(
      async (
        casePath: string,
        o: { from: string; to: string; since?: string; max: string; tz: string; json?: boolean },
      ) => {
        if (!/^\d+$/.test(o.max) || Number(o.max) < 1 || Number(o.max) > 500)
          throw new UserError('INVALID_PARAMS', `--max must be a whole number from 1 to 500: ${o.max}`);
        const r = await withCase(casePath, {}, async (ctx) =>
          call(ctx, 'graph.path', {
            from: o.from,
            to: o.to,
            max_paths: Number(o.max),
            ...(o.since ? { since: o.since } : {}),
          }),
        );
        if (o.json) {
          printJson(r);
          return;
        }
        const head = `${r.from.names.join(', ')} → ${r.to.name}${r.since ? ` since ${displayTime(r.since, o.tz)} (${o.tz})` : ''}`;
        if (r.paths.length === 0) {
          process.stdout.write(
            `No time-ordered path from ${head}.\nNo chain of identity edges leads there with each hop after the one before it${r.since ? ' (try an earlier --since)' : ''}.\n`,
          );
          return;
        }
        process.stdout.write(
          `${n(r.paths.length)} path${r.paths.length === 1 ? '' : 's'} from ${head}${r.truncated ? ' (more exist: raise --max)' : ''}\n`,
        );
        r.paths.forEach((p, i) => {
          process.stdout.write(
            `\n${i + 1}. ${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}, arrives ${displayTime(p.arrival, o.tz)}\n`,
          );
          for (const h of p.hops)
            process.stdout.write(
              `   ${displayTime(h.at, o.tz)}  ${h.from} —${h.kind}→ ${h.to}  (edge ${h.edge}, event ${h.event}; ${hopCount(h, o.tz)})\n`,
            );
        });
      },
    );
}
