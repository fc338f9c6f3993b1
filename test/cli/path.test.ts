// `sessionscope path`: the time-ordered chain from the sample's release bot to backup-svc, JSON, no path (exit 0,
// empty list), unknown and ambiguous names (exit 1 with the closest names), bad --max (usage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cli } from './run.js';
import { ROOT, tempDir } from '../helpers.js';

const t = tempDir('ss-path-');
const casePath = path.join(t.dir, 'case.sscase');

beforeAll(() => {
  expect(cli(['new', casePath]).code).toBe(0);
  expect(cli(['import', casePath, path.join(ROOT, 'samples', 'evidence')]).code).toBe(3);
}, 180_000);
afterAll(() => t.cleanup());

describe('sessionscope path', () => {
  it('prints the chain hop by hop', () => {
    const r = cli(['path', casePath, '--from', 'acme-release-bot', '--to', 'user/backup-svc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 path from acme-release-bot → arn:aws:iam::111122223333:user/backup-svc');
    expect(r.stdout).toMatch(/acme-release-bot —triggered→ acme\/payments/);
    expect(r.stdout).toMatch(/role\/prod-admin —minted→ arn:aws:iam::111122223333:user\/backup-svc/);
    // Each hop's count by the one rule: of the edge's events, those at or after the moment it became reachable.
    expect(r.stdout).toMatch(/—triggered→ acme\/payments {2}\(edge e:\d+, event \d+; \d+ of \d+ events?\)/);
    expect(r.stdout).toMatch(
      /—federated→ .*; 2 of 11 events at or after 2026-03-10 13:58:44\.502, when this hop became reachable\)/,
    );
  });

  it('--json: paths with hops, each with its edge and event', () => {
    const r = cli(['path', casePath, '--from', 'acme-release-bot', '--to', 'user/backup-svc', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { paths: { hops: { edge: string; event: number; at: string }[] }[] };
    expect(j.paths[0].hops).toHaveLength(4);
    for (const h of j.paths[0].hops) expect(h.edge).toMatch(/^e:\d+$/);
  });

  it("a hop's events count each event once (the minted key's one CreateAccessKey links two of its sessions)", () => {
    const r = cli(['path', casePath, '--from', 'acme-release-bot', '--to', 'user/backup-svc', '--json']);
    const j = JSON.parse(r.stdout) as { paths: { hops: { kind: string; events: number }[] }[] };
    const minted = j.paths[0].hops.find((h) => h.kind === 'minted')!;
    const created = JSON.parse(
      cli(['events', casePath, '--search', 'action:iam:CreateAccessKey identity:role/prod-admin', '--json']).stdout,
    ) as unknown[];
    expect(minted.events).toBe(created.length);
  });

  it('no path: a clear statement, exit 0, and an empty list in JSON', () => {
    const r = cli(['path', casePath, '--from', 'user/backup-svc', '--to', 'acme-release-bot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No time-ordered path from/);
    const j = cli(['path', casePath, '--from', 'user/backup-svc', '--to', 'acme-release-bot', '--json']);
    expect(j.code).toBe(0);
    expect((JSON.parse(j.stdout) as { paths: unknown[] }).paths).toEqual([]);
    const late = cli([
      'path',
      casePath,
      '--from',
      'acme-release-bot',
      '--to',
      'user/backup-svc',
      '--since',
      '2026-03-10T14:00:00Z',
    ]);
    expect(late.stdout).toContain('try an earlier --since');
  });

  it('unknown or ambiguous names: exit 1 with the closest matches', () => {
    const u = cli(['path', casePath, '--from', 'release-bot', '--to', 'user/backup-svc']);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/--from "release-bot": no identity by that name; closest: acme-release-bot/);
    const a = cli(['path', casePath, '--from', 'acme-release-bot', '--to', 'main']);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--to "main" matches 2 identities: .*acme\/payments/);
    const b = cli(['path', casePath, '--from', 'acme-release-bot', '--to', 'user/backup-svc', '--max', 'x']);
    expect(b.code).toBe(2);
  });
});
