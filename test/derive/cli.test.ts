// The derivation commands through the CLI, in-process: DESIGN §7's --json shapes, tables, exit codes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit.js';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import { cli, type Run } from './cli-run.js';

const json = (r: Run) => JSON.parse(r.out) as unknown;
const keys = (o: unknown) => Object.keys(o as object).sort();

describe('CLI: identities, sessions, scope, deviations, coverage, profile, derive', () => {
  let c: TestCase;
  let file: string;
  beforeAll(async () => {
    c = await caseFrom([
      fixture('derive', 'gha-oidc-chain.json'),
      fixture('derive', 'gha-backup-key-use.jsonl'),
      fixture('derive', 'batch-job.jsonl'),
    ]);
    file = c.handle.path;
    c.handle.close();
  });
  afterAll(() => c?.close());

  it('identities --json', async () => {
    const r = await cli('identities', file, '--json');
    expect(r.code).toBe(0);
    const rows = json(r) as Record<string, unknown>[];
    expect(keys(rows[0])).toEqual([
      'aliases',
      'events',
      'exposure',
      'first_seen',
      'id',
      'kind',
      'last_seen',
      'name',
      'nhi',
      'sessions',
      'sources',
    ]);
    expect(keys((rows[0].aliases as unknown[])[0])).toEqual(['method', 'system', 'value']);
    expect(rows.find((i) => i.name === 'acme/deploy-infra')).toMatchObject({ kind: 'workload', nhi: true });
    const table = await cli('identities', file);
    expect(table.out).toMatch(/IDENTITY +KIND/);
    expect(table.out).toMatch(/identities \(\d+ non-human\)/);
  });

  it('sessions --json [--identity]', async () => {
    const r = await cli('sessions', file, '--identity', 'arn:aws:iam::111122223333:role/prod-admin', '--json');
    const rows = json(r) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(keys(rows[0])).toEqual(['end', 'events', 'exposure', 'id', 'identity', 'key', 'parent', 'sources', 'start']);
    expect(rows[0]).toMatchObject({
      key: 'ASIAPRODADMIN0000001',
      identity: 'arn:aws:iam::111122223333:role/prod-admin',
      sources: ['cloudtrail'],
    });
    expect(rows[0].parent).toMatchObject({
      identity: 'arn:aws:iam::111122223333:role/gha-deploy',
      action: 'sts:AssumeRole',
    });
  });

  it('scope --json; usage error without --identity; error for an unknown identity', async () => {
    const r = await cli('scope', file, '--identity', 'acme/deploy-infra', '--since', '2026-03-10T00:00:00Z', '--json');
    expect(r.code).toBe(0);
    const s = json(r) as {
      identities: Record<string, unknown>[];
      resources: Record<string, unknown>[];
      paths: string[][];
      resources_total: number;
    };
    expect(keys(s)).toEqual(['identities', 'paths', 'resources', 'resources_total', 'start', 'truncated']);
    expect(keys(s.identities[0])).toEqual(['first_seen', 'from', 'id', 'kind', 'name', 'path', 'via']);
    expect(keys(s.resources[0])).toEqual([
      'actions',
      'events',
      'first_event',
      'first_touch',
      'identities',
      'name',
      'type',
    ]);
    expect(s.resources).toHaveLength(s.resources_total);
    expect(s.paths).toContainEqual([
      'acme/deploy-infra',
      'arn:aws:iam::111122223333:role/gha-deploy',
      'arn:aws:iam::111122223333:role/prod-admin',
      'arn:aws:iam::111122223333:user/backup-svc',
    ]);
    expect((await cli('scope', file)).code).toBe(EXIT.usage);
    const missing = await cli('scope', file, '--identity', 'nobody-at-all');
    expect(missing.code).toBe(EXIT.error);
    expect(missing.err).toMatch(/no identity matches "nobody-at-all"/);
    // A typo names what it was close to.
    const typo = await cli('scope', file, '--identity', 'acme/deploy-infr');
    expect(typo.code).toBe(EXIT.error);
    expect(typo.err).toMatch(/closest: .*acme\/deploy-infra/);
    expect((await cli('scope', file, '--identity', 'acme/deploy-infra', '--since', 'yesterday')).code).toBe(EXIT.usage);
    // The table lists as many resources as asked, and says how many there are (and so does stderr).
    const table = await cli(
      'scope',
      file,
      '--identity',
      'acme/deploy-infra',
      '--since',
      '2026-03-10T00:00:00Z',
      '--limit',
      '1',
    );
    expect(table.out).toMatch(new RegExp(`${s.resources.length} resources \\(first 1 shown; omit --limit for all\\)`));
    expect(table.err).toMatch(new RegExp(`cut at --limit 1 of ${s.resources.length}`));
    expect((await cli('scope', file, '--identity', 'acme/deploy-infra', '--limit', 'many')).code).toBe(EXIT.usage);
  });

  it('deviations --json [--baseline-until]', async () => {
    const r = await cli('deviations', file, '--baseline-until', '2026-03-08T00:00:00Z', '--json');
    const rows = json(r) as Record<string, unknown>[];
    expect(keys(rows[0])).toEqual(['details', 'identity', 'identity_id', 'kind', 'nhi', 'reasons', 'score']);
    // Reasons as data: every value, uncut.
    const details = rows.flatMap((r) => r.details as { code: string; values: string[]; count: number }[]);
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) {
      expect(typeof d.code).toBe('string');
      expect(Array.isArray(d.values)).toBe(true);
      expect(d.values.join(' ')).not.toMatch(/more\)/);
    }
    expect(rows[0].identity).toBe('arn:aws:iam::111122223333:user/nightly-etl');
    const table = await cli('deviations', file, '--baseline-until', '2026-03-08T00:00:00Z');
    expect(table.out).toMatch(/Baseline until 2026-03-08T00:00:00.000Z/);
  });

  it('coverage --json', async () => {
    const doc = json(await cli('coverage', file, '--json')) as {
      identities: Record<string, unknown>[];
      sources: { format: string; gaps: unknown[] }[];
      tamper: unknown[];
    };
    expect(keys(doc)).toEqual(['identities', 'sources', 'tamper']);
    const rows = doc.identities;
    expect(keys(rows[0])).toEqual([
      'action_sources',
      'auth_sources',
      'details',
      'flags',
      'identity',
      'identity_id',
      'kind',
      'nhi',
    ]);
    // The gaps the table prints are in the JSON, per source.
    const table = await cli('coverage', file);
    for (const s of doc.sources)
      for (const g of s.gaps as { from: string }[])
        expect(table.out).toContain(g.from.replace('T', ' ').replace('Z', ''));
    expect(rows.find((x) => x.identity === 'arn:aws:iam::111122223333:user/svc-maint')!.flags).toEqual([
      'credential_issued_no_actions',
    ]);
  });

  it('profile [--set FILE] --json (audited)', async () => {
    const yaml = path.join(c.dir, 'p.yaml');
    writeFileSync(yaml, 'identities:\n  - match: "*nightly-etl"\n    allow:\n      actions: ["s3:*"]\n');
    const set = json(await cli('profile', file, '--set', yaml, '--json')) as { profile: unknown; out_of_scope: number };
    expect(keys(set)).toEqual(['out_of_scope', 'profile']);
    expect(set.out_of_scope).toBe(16);
    const shown = await cli('profile', file);
    expect(shown.out).toMatch(/match: "\*nightly-etl"/);
    expect(shown.out).toMatch(/16 events out of scope/);
    const ev = json(await cli('events', file, '--out-of-scope', '--json')) as { action: string; flags: string[] }[];
    expect(ev).toHaveLength(16);
    expect(ev.every((e) => e.action.startsWith('iam:') && e.flags.includes('out_of_scope'))).toBe(true);
    expect((await cli('profile', file, '--set', path.join(c.dir, 'missing.yaml'))).code).toBe(EXIT.error);
  });

  it('derive [--rebuild] --json, and events --identity / --session by resolved identity and session', async () => {
    const d = json(await cli('derive', file, '--rebuild', '--json')) as {
      identities: number;
      sessions: number;
      events_updated: number;
      events: number;
    };
    expect(d.events_updated).toBe(d.events);
    const again = json(await cli('derive', file, '--json')) as { events_updated: number };
    expect(again.events_updated).toBe(0);
    const ev = json(
      await cli('events', file, '--identity', 'repo:acme/deploy-infra:ref:refs/heads/main', '--json'),
    ) as { identity: string; session: string }[];
    expect(ev).toHaveLength(1);
    expect(ev[0].identity).toBe('acme/deploy-infra');
    const bySession = json(await cli('events', file, '--session', 'AKIABACKUPSVC0000001', '--json')) as unknown[];
    expect(bySession).toHaveLength(3);
    const info = json(await cli('info', file, '--json')) as { identities: number; sessions: number };
    expect(info.identities).toBe(d.identities);
    expect(info.sessions).toBe(d.sessions);
  });
});
