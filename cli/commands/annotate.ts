// `annotate CASE (--event ID | --session S | --identity I | --resource R | --from T --to T) …` (DESIGN §7):
// one audited call, one transaction, whatever mix of tags, note, bookmark, promotion and finding is asked for.
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson } from '../output.js';
import { UserError } from '../../core/errors.js';
import type { ApiContext } from '../../core/api/registry.js';
import type { Result, Target } from '../../core/api/contract.js';
import { FINDING_STATUSES, SEVERITIES } from '../../core/model/annotation.js';
import { optionalChoice } from '../args.js';

type AnnotateResult = Result<'annotations.add'> | Result<'annotations.bulk'>;

const collect = (v: string, prev: string[]) => [...prev, v];

interface Opts {
  event: string[];
  session?: string;
  identity?: string;
  resource?: string;
  from?: string;
  to?: string;
  each?: boolean;
  search?: string;
  layer?: string;
  tag: string[];
  note?: string;
  bookmark?: boolean;
  promote?: boolean;
  finding?: string;
  findingId?: string;
  severity?: string;
  status?: string;
  description?: string;
  ref: string[];
  caption?: string;
  analyst?: string;
  json?: boolean;
}

/** An event id as printed, or as a CSV export writes it (`E` + digits, so spreadsheets keep every digit). */
function eventId(v: string): number {
  const m = /^E?(\d+)$/.exec(v.trim());
  if (!m) throw new UserError('INVALID_PARAMS', `--event takes an event id (digits, or E and digits): ${v}`);
  return Number(m[1]);
}

export function registerAnnotate(program: Command): void {
  program
    .command('annotate')
    .description(
      'tag, note, bookmark, promote or cite events, sessions, identities, resources or time ranges (audited)',
    )
    .argument('<case>', 'case file')
    .option('--event <id>', 'an event id (repeatable)', collect, [])
    .option('--session <session>', "a session: the log's session/credential key, or a derived session id (S12)")
    .option('--identity <identity>', 'an identity: name, alias or principal as logged')
    .option('--resource <resource>', 'a resource, as the events name it')
    .option(
      '--from <time>',
      'a time range: ISO-8601, inclusive (with --to; with --identity it narrows to that identity)',
    )
    .option('--to <time>', 'ISO-8601, exclusive')
    .option(
      '--each',
      'annotate each event of the --identity / --session / --from/--to / --search selection instead of the selection as a whole',
    )
    .option('--search <query>', 'with --each: only events matching this search (see `sessionscope events --help`)')
    .option('--layer <layer>', 'annotation layer (created when new; default "triage")')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--note <text>', 'a note (markdown; shown as text)')
    .option('--bookmark', 'bookmark it')
    .option('--promote', 'promote the event(s) into the curated case timeline')
    .option('--finding <title>', 'cite it in this finding (created when no live finding has this title)')
    .option('--finding-id <id>', 'cite it in the finding with this id')
    .option('--severity <severity>', "a new finding's severity: info, low, medium, high, critical", 'medium')
    .option('--status <status>', "a new finding's status: draft, open, confirmed, dismissed, resolved")
    .option('--description <text>', "a new finding's description (markdown; shown as text)")
    .option('--ref <ref>', "a new finding's reference (OWASP NHI5, DE.AE-02, ASI03…; repeatable)", collect, [])
    .option('--caption <text>', 'why this is cited (with --finding)')
    .option('--analyst <name>', 'who is annotating (default: $SESSIONSCOPE_ANALYST, the case analyst, the OS user)')
    .option('--json', 'print JSON: {ids:[…]}')
    .action(async (casePath: string, o: Opts) => {
      const targets: Target[] = o.event.map((e) => ({ kind: 'event', id: eventId(e) }));
      const range = o.from !== undefined || o.to !== undefined;
      if (range && (o.from === undefined || o.to === undefined))
        throw new UserError('INVALID_PARAMS', '--from and --to go together');
      const items = {
        layer: o.layer,
        tags: o.tag.length ? o.tag : undefined,
        note: o.note,
        bookmark: o.bookmark,
        promote: o.promote,
        caption: o.caption,
        finding:
          o.findingId !== undefined
            ? { id: eventId(o.findingId) }
            : o.finding !== undefined
              ? {
                  title: o.finding,
                  severity: optionalChoice(SEVERITIES, o.severity, '--severity'),
                  status: optionalChoice(FINDING_STATUSES, o.status, '--status'),
                  body: o.description,
                  refs: o.ref.length ? o.ref : undefined,
                }
              : undefined,
      };
      let run: (ctx: ApiContext) => Promise<AnnotateResult>;
      if (o.each) {
        if (targets.length)
          throw new UserError(
            'INVALID_PARAMS',
            '--each selects events by --identity, --session, --from/--to or --search; not with --event',
          );
        const filter = {
          identity: o.identity,
          session: o.session,
          from: o.from,
          to: o.to,
          search: o.search,
          resource: o.resource,
        };
        if (Object.values(filter).every((v) => v === undefined))
          throw new UserError(
            'INVALID_PARAMS',
            '--each needs a selection: --identity, --session, --from/--to or --search',
          );
        run = (ctx) => call(ctx, 'annotations.bulk', { filter, ...items });
      } else {
        if (range)
          targets.push({
            kind: 'range',
            from: o.from!,
            to: o.to!,
            ...(o.identity !== undefined ? { identity: o.identity } : {}),
          });
        else if (o.identity !== undefined) targets.push({ kind: 'identity', name: o.identity });
        if (o.session !== undefined) targets.push({ kind: 'session', key: o.session });
        if (o.resource !== undefined) targets.push({ kind: 'resource', name: o.resource });
        if (targets.length === 0)
          throw new UserError(
            'INVALID_PARAMS',
            'say what to annotate: --event, --session, --identity, --resource or --from/--to',
          );
        run = (ctx) => call(ctx, 'annotations.add', { targets, ...items });
      }
      const r = await withCase(casePath, { analyst: o.analyst }, run);
      if (o.json) {
        printJson(r);
        return;
      }
      process.stdout.write(
        `${r.ids.length} annotation(s) in layer ${r.layer}${'events' in r ? ` on ${r.events} event(s)` : ''}: ${r.ids.join(', ')}${r.finding !== undefined ? ` · finding #${r.finding}` : ''}\n`,
      );
    });
}
