// `identity show|merge|split|decisions|undo|reclassify CASE …`: one identity in full, and the analyst's manual identity
// decisions (audited; they survive re-derivation and win over the rules).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable } from '../output.js';
import { exposureBrief } from '../../core/model/exposure.js';
import { UserError } from '../../core/errors.js';
import { IDENTITY_KINDS, type IdentityKind } from '../../core/model/identity.js';

const clean = (s: string) => s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '�');

export function registerIdentity(program: Command): void {
  const cmd = program
    .command('identity')
    .description('one identity in full; merge and split identities by hand (audited)');
  cmd
    .command('show')
    .description('an identity with all its aliases (method, confidence, proof), candidates, edges and sources')
    .argument('<case>', 'case file')
    .argument('<identity>', 'an identity id, name or alias')
    .option('--json', 'print JSON')
    .action(async (casePath: string, identity: string, o: { json?: boolean }) => {
      const d = await withCase(casePath, {}, async (ctx) => call(ctx, 'identities.get', { identity }));
      if (o.json) {
        printJson(d);
        return;
      }
      process.stdout.write(
        clean(
          `${d.name}  (id ${d.id}, ${d.kind}${d.nhi ? ', non-human' : ''}${d.kind_rule ? ` by ${d.kind_rule}` : ''})\n${d.events} events, ${d.sessions} sessions, ${d.first_seen ?? '—'} – ${d.last_seen ?? '—'}, sources ${d.sources.join(', ')}\n${d.exposure ? `read: ${exposureBrief(d.exposure)} (${d.exposure.events} events stating it)\n` : ''}\n`,
        ),
      );
      printTable(
        d.aliases.map((a) => ({ ...a, proofs: a.proof.slice(0, 3).join(',') })),
        [
          { key: 'system', title: 'SYSTEM' },
          { key: 'value', title: 'ALIAS', max: 70 },
          { key: 'method', title: 'METHOD' },
          { key: 'confidence', title: 'CONF', align: 'right' },
          { key: 'events', title: 'EVENTS', align: 'right' },
          { key: 'proofs', title: 'PROOF EVENTS', max: 60 },
        ],
      );
      for (const e of d.edges_in)
        process.stdout.write(clean(`← ${e.kind} by ${e.identity} (${e.events} events, ${e.first} – ${e.last})\n`));
      for (const e of d.edges_out)
        process.stdout.write(clean(`→ ${e.kind} ${e.identity} (${e.events} events, ${e.first} – ${e.last})\n`));
      for (const c of d.candidates)
        process.stdout.write(clean(`? ${c.alias} ~ ${c.other} (${c.method}, ${c.confidence}): ${c.reason}\n`));
    });
  cmd
    .command('merge')
    .description('merge identities: they are one from now on, whatever the rules say (audited)')
    .argument('<case>', 'case file')
    .argument('<identities...>', 'two or more identity ids, names or aliases')
    .option('--note <text>', 'why')
    .option('--analyst <analyst>', 'who decides')
    .option('--json', 'print JSON')
    .action(async (casePath: string, identities: string[], o: { note?: string; analyst?: string; json?: boolean }) => {
      if (identities.length < 2) throw new UserError('INVALID_PARAMS', 'merge needs at least two identities');
      const r = await withCase(casePath, { analyst: o.analyst }, async (ctx) =>
        call(ctx, 'identities.merge', { identities, ...(o.note ? { note: o.note } : {}) }),
      );
      if (o.json) printJson(r);
      else
        process.stdout.write(clean(`decision ${r.decision}: merged into ${r.identity.name} (id ${r.identity.id})\n`));
    });
  cmd
    .command('split')
    .description('split aliases off an identity: they never join it again (audited)')
    .argument('<case>', 'case file')
    .argument('<identity>', 'the identity to split')
    .requiredOption('--alias <alias...>', 'the aliases (value or system|value) to move out')
    .option('--note <text>', 'why')
    .option('--analyst <analyst>', 'who decides')
    .option('--json', 'print JSON')
    .action(
      async (
        casePath: string,
        identity: string,
        o: { alias: string[]; note?: string; analyst?: string; json?: boolean },
      ) => {
        const r = await withCase(casePath, { analyst: o.analyst }, async (ctx) =>
          call(ctx, 'identities.split', {
            identity,
            aliases: o.alias,
            ...(o.note ? { note: o.note } : {}),
          }),
        );
        if (o.json) printJson(r);
        else
          process.stdout.write(
            clean(
              `decision ${r.decision}: now ${r.identities.map((i) => `${i.name} (id ${i.id})`).join(' and ')}${r.revoked.length ? `; revoked merge ${r.revoked.join(', ')}` : ''}\n`,
            ),
          );
      },
    );
  cmd
    .command('decisions')
    .description('the manual merge/split decisions, revoked ones included')
    .argument('<case>', 'case file')
    .option('--json', 'print JSON')
    .action(async (casePath: string, o: { json?: boolean }) => {
      const r = await withCase(casePath, {}, async (ctx) => call(ctx, 'identities.decisions', {}));
      if (o.json) {
        printJson(r);
        return;
      }
      printTable(
        r.map((d) => ({
          ...d,
          aa: d.a.join(' '),
          bb: d.b.join(' '),
          state: d.revoked_at ? `revoked ${d.revoked_at}` : 'active',
        })),
        [
          { key: 'id', title: 'ID', align: 'right' },
          { key: 'action', title: 'ACTION' },
          { key: 'aa', title: 'A', max: 50 },
          { key: 'bb', title: 'B', max: 50 },
          { key: 'analyst', title: 'ANALYST' },
          { key: 'at', title: 'AT' },
          { key: 'state', title: 'STATE', max: 40 },
          { key: 'note', title: 'NOTE', max: 40 },
        ],
      );
    });
  cmd
    .command('undo')
    .description('revoke a merge or split decision (audited)')
    .argument('<case>', 'case file')
    .argument('<decision>', 'decision id')
    .option('--analyst <analyst>', 'who decides')
    .option('--json', 'print JSON')
    .action(async (casePath: string, decision: string, o: { analyst?: string; json?: boolean }) => {
      if (!/^\d+$/.test(decision))
        throw new UserError('INVALID_PARAMS', `decision must be a whole number: ${decision}`);
      const r = await withCase(casePath, { analyst: o.analyst }, async (ctx) =>
        call(ctx, 'identities.undo', { decision: Number(decision) }),
      );
      if (o.json) printJson(r);
      else process.stdout.write(`decision ${decision} revoked\n`);
    });
  cmd
    .command('reclassify')
    .description(
      "set an identity's kind by hand (audited): it wins over the rules and survives re-derivation; --kind auto gives it back to the rules",
    )
    .argument('<case>', 'case file')
    .argument('<identity>', 'an identity id, name or alias')
    .requiredOption('--kind <kind>', `one of ${[...IDENTITY_KINDS, 'auto'].join(', ')}`)
    .option('--note <text>', 'why')
    .option('--analyst <analyst>', 'who decides')
    .option('--json', 'print JSON')
    .action(
      async (
        casePath: string,
        identity: string,
        o: { kind: string; note?: string; analyst?: string; json?: boolean },
      ) => {
        if (!(IDENTITY_KINDS as readonly string[]).includes(o.kind) && o.kind !== 'auto')
          throw new UserError(
            'INVALID_PARAMS',
            `unknown kind ${JSON.stringify(o.kind)}: use one of ${[...IDENTITY_KINDS, 'auto'].join(', ')}`,
          );
        const r = await withCase(
          casePath,
          { analyst: o.analyst },
          async (ctx) =>
            call(ctx, 'identities.reclassify', {
              identity,
              kind: o.kind as IdentityKind | 'auto',
              ...(o.note ? { note: o.note } : {}),
            }) as Promise<{
              identity: { id: number; name: string; kind: string; nhi: boolean; kind_rule: string | null };
              override: number | null;
              revoked: number[];
            }>,
        );
        if (o.json) printJson(r);
        else
          process.stdout.write(
            clean(
              `${r.identity.name} (id ${r.identity.id}) is ${r.identity.kind}${r.identity.nhi ? ', non-human' : ''} (${r.identity.kind_rule ?? 'rules'})\n`,
            ),
          );
      },
    );
}
