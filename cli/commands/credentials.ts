// `credentials CASE [--identity I]`: each credential's lifecycle and what is wrong with it (DESIGN §7).
import type { Command } from 'commander';
import { withCase } from '../context.js';
import { call } from '../../core/api/dispatch.js';
import { printJson, printTable, displayTime, n } from '../output.js';
import { CREDENTIAL_FLAGS, isCredentialFlag, type CredentialJson } from '../../core/model/credential.js';
import { UserError } from '../../core/errors.js';

export function registerCredentials(program: Command): void {
  program
    .command('credentials')
    .description(
      'each credential: issued, first/last use, rotated, revoked/deleted, expiry, exposed as data — and its flags',
    )
    .argument('<case>', 'case file')
    .option('--identity <identity>', 'only credentials this identity holds or issued')
    .option('--flag <flag>', `only credentials with this flag (${CREDENTIAL_FLAGS.join(', ')})`)
    .option('--kind <kind>', 'only this kind (aws_access_key, aws_sts_credentials, github_token, vault_token…)')
    .option('--max-age <days>', 'age past which an unrotated long-lived credential is flagged never_rotated', '90')
    .option('--tz <zone>', 'time zone of the table (IANA name)', 'UTC')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Flags: used_after_revoke / used_after_delete / used_after_expiry (a use after the log says it was revoked, deleted,
or expired), two_networks (used from two networks within 10 minutes: cloud region, autonomous system, else /24),
issued_never_used, never_rotated (long-lived, older than --max-age at the case's last event, never rotated, revoked
or deleted), exposed (found in evidence as data: parameters, command lines, SQL, tool calls, object names),
exposed_then_used (someone used it after it was exposed). docs/derivation.md "Credentials" has the rules.`,
    )
    .action(
      async (
        casePath: string,
        o: { identity?: string; flag?: string; kind?: string; maxAge: string; tz: string; json?: boolean },
      ) => {
        if (!/^\d+$/.test(o.maxAge) || Number(o.maxAge) < 1)
          throw new UserError('INVALID_PARAMS', `--max-age must be a whole number of days: ${o.maxAge}`);
        const flag = o.flag;
        if (flag !== undefined && !isCredentialFlag(flag))
          throw new UserError('INVALID_PARAMS', `unknown --flag ${flag}: one of ${CREDENTIAL_FLAGS.join(', ')}`);
        const rows: CredentialJson[] = await withCase(casePath, {}, async (ctx) =>
          call(ctx, 'credentials.list', {
            ...(o.identity ? { identity: o.identity } : {}),
            ...(flag !== undefined ? { flag } : {}),
            ...(o.kind ? { kind: o.kind } : {}),
            max_age_days: Number(o.maxAge),
          }),
        );
        if (o.json) {
          printJson(rows);
          return;
        }
        printTable(
          rows.map((r) => ({
            ...r,
            issued: displayTime(r.issued, o.tz),
            first_use: displayTime(r.first_use, o.tz),
            last_use: displayTime(r.last_use, o.tz),
            ended: r.deleted
              ? `deleted ${displayTime(r.deleted, o.tz)}`
              : r.revoked
                ? `revoked ${displayTime(r.revoked, o.tz)}`
                : '',
            flags: r.flags.join(','),
          })),
          [
            { key: 'credential', title: 'CREDENTIAL', max: 44 },
            { key: 'kind', title: 'KIND' },
            { key: 'identity', title: 'IDENTITY', max: 40 },
            { key: 'issued', title: `ISSUED (${o.tz})` },
            { key: 'first_use', title: 'FIRST USE' },
            { key: 'last_use', title: 'LAST USE' },
            { key: 'uses', title: 'EVENTS', align: 'right' },
            { key: 'ended', title: 'REVOKED / DELETED' },
            { key: 'flags', title: 'FLAGS' },
          ],
          `${n(rows.length)} credentials`,
        );
      },
    );
}
