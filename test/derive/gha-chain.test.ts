// GitHub Actions OIDC → AWS role → role chaining → a minted access key used two days later from elsewhere
// (CloudTrail only; the delivery file is out of order: the chained session's calls precede their AssumeRole).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type {
  DeviationResult,
  EventJson,
  Graph,
  IdentityDetail,
  IdentityJson,
  ScopeResult,
  SessionJson,
} from './types.js';

const A = '111122223333';
const WORKLOAD = 'acme/deploy-infra';
const DEPLOY = `arn:aws:iam::${A}:role/gha-deploy`;
const ADMIN = `arn:aws:iam::${A}:role/prod-admin`;
const BACKUP = `arn:aws:iam::${A}:user/backup-svc`;
const SUB = 'repo:acme/deploy-infra:ref:refs/heads/main';

describe('GitHub Actions OIDC → role → role chaining → access key', () => {
  let c: TestCase;
  let backupIdBefore: number;
  beforeAll(async () => {
    // The key's later use arrives first, in its own import: linking must not depend on import or file order.
    c = await caseFrom([fixture('derive', 'gha-backup-key-use.jsonl')]);
    backupIdBefore = (await c.api<IdentityJson[]>('identities.list', {})).find((i) => i.name === BACKUP)!.id;
    await c.add([fixture('derive', 'gha-oidc-chain.json')]);
  });
  afterAll(() => c?.close());

  it('resolves the federated workload from the web-identity subject', async () => {
    const w = await c.api<IdentityDetail>('identities.get', { identity: WORKLOAD });
    expect(w).toMatchObject({ key: `github-actions|${WORKLOAD}`, kind: 'workload', nhi: true });
    const alias = w.aliases.find((a) => a.value === SUB)!;
    expect(alias).toMatchObject({ system: 'aws', method: 'github-oidc-subject' });
    expect(alias.confidence).toBeGreaterThanOrEqual(0.9);
    expect(alias.proof).toHaveLength(1);
    // The subject itself names the same identity.
    expect((await c.api<IdentityDetail>('identities.get', { identity: SUB })).id).toBe(w.id);
  });

  it('links each session to the one whose credential opened it, despite out-of-order delivery', async () => {
    const [deploy] = await c.api<SessionJson[]>('sessions.list', { identity: DEPLOY });
    expect(deploy).toMatchObject({ key: 'ASIAGHADEPLOY0000001', kind: 'credential' });
    expect(deploy.parent).toMatchObject({
      identity: WORKLOAD,
      action: 'sts:AssumeRoleWithWebIdentity',
      ts: '2026-03-10T14:00:05.000Z',
    });
    const [admin] = await c.api<SessionJson[]>('sessions.list', { identity: ADMIN });
    expect(admin).toMatchObject({ key: 'ASIAPRODADMIN0000001', events: 4 });
    expect(admin.parent).toMatchObject({ session: deploy.id, identity: DEPLOY, action: 'sts:AssumeRole' });
    const [backup] = await c.api<SessionJson[]>('sessions.list', { identity: BACKUP });
    expect(backup).toMatchObject({ key: 'AKIABACKUPSVC0000001', events: 3, src_ips: ['203.0.113.50'] });
    expect(backup.parent).toMatchObject({ session: admin.id, identity: ADMIN, action: 'iam:CreateAccessKey' });
    const unrelated = await c.api<SessionJson[]>('sessions.list', { identity: `arn:aws:iam::${A}:role/reporting` });
    expect(unrelated[0].parent).toBeNull();
  });

  it('keeps identity ids stable across re-derivation after a new import', async () => {
    const backup = (await c.api<IdentityJson[]>('identities.list', {})).find((i) => i.name === BACKUP)!;
    expect(backup.id).toBe(backupIdBefore);
    expect(backup.kind).toBe('service_account');
  });

  it('records identity → identity edges with the events behind them', async () => {
    const w = await c.api<IdentityDetail>('identities.get', { identity: WORKLOAD });
    expect(w.edges_out).toEqual([expect.objectContaining({ kind: 'federated', identity: DEPLOY, events: 1 })]);
    const d = await c.api<IdentityDetail>('identities.get', { identity: DEPLOY });
    expect(d.edges_out).toEqual([expect.objectContaining({ kind: 'assumed', identity: ADMIN })]);
    const a = await c.api<IdentityDetail>('identities.get', { identity: ADMIN });
    expect(a.edges_out).toEqual([expect.objectContaining({ kind: 'minted', identity: BACKUP })]);
    const g = await c.api<Graph>('graph.overview', {});
    const minted = g.edges.find((e) => e.kind === 'minted')!;
    const behind = await c.api<{ total: number; ids: number[] }>('graph.edgeEvents', { edge: minted.id });
    expect(behind.total).toBe(1);
    const [ev] = await c.api<EventJson[]>('events.list', { filter: { ids: behind.ids } });
    expect(ev.action).toBe('iam:CreateAccessKey');
    const touched = g.edges.find(
      (e) =>
        e.kind === 'touched' &&
        e.target.startsWith('r:') &&
        g.nodes.find((n) => n.id === e.target)!.label.endsWith('customers.csv'),
    )!;
    expect(touched.source).toBe(`i:${(await c.api<IdentityDetail>('identities.get', { identity: BACKUP })).id}`);
    const rows = await c.api<{ ids: number[] }>('graph.edgeEvents', { edge: touched.id });
    expect(rows.ids).toHaveLength(1);
  });

  it('aggregates resources by service when the graph would be too big to draw', async () => {
    const g = await c.api<Graph>('graph.overview', { max_nodes: 10 });
    expect(g.aggregated).toBe(true);
    expect(g.nodes.filter((n) => n.type === 'resource')).toEqual([]);
    const s3 = g.nodes.find((n) => n.id === 'g:aws:s3')!;
    expect(s3).toMatchObject({ type: 'resource_group', members: 6 });
    const backup = (await c.api<IdentityDetail>('identities.get', { identity: BACKUP })).id;
    const edge = g.edges.find((e) => e.id === `ig:${backup}:aws:s3`)!;
    expect(edge).toMatchObject({ kind: 'touched', events: 2, actions: ['s3:GetObject'] });
    const behind = await c.api<{ total: number; ids: number[] }>('graph.edgeEvents', { edge: edge.id });
    expect(behind.total).toBe(2);
    expect(behind.ids).toHaveLength(2);
  });

  it('scope: everything reachable forward in time, through the minted key, and nothing unrelated', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: WORKLOAD, since: '2026-03-10T13:00:00Z' });
    expect(s.identities.map((i) => [i.name, i.via])).toEqual([
      [WORKLOAD, 'start'],
      [DEPLOY, 'federated'],
      [ADMIN, 'assumed'],
      [BACKUP, 'minted'],
    ]);
    expect(s.paths).toContainEqual([WORKLOAD, DEPLOY, ADMIN, BACKUP]);
    const names = s.resources.map((r) => r.name);
    expect(names).toContain('arn:aws:s3:::acme-customer-data/exports/customers.csv');
    expect(names).toContain('arn:aws:s3:::acme-artifacts/build/app.zip');
    expect(names.some((n) => n.includes('acme-reports'))).toBe(false);
    const csv = s.resources.find((r) => r.name.endsWith('customers.csv'))!;
    expect(csv).toMatchObject({
      first_touch: '2026-03-12T03:10:30.000Z',
      actions: ['s3:GetObject'],
      identities: [BACKUP],
    });
  });

  it('scope starts at the given time: links issued before it are not followed', async () => {
    const mid = await c.api<ScopeResult>('scope.run', { identity: DEPLOY, since: '2026-03-10T14:00:30Z' });
    expect(mid.identities.map((i) => i.name)).toEqual([DEPLOY, ADMIN, BACKUP]);
    expect(mid.resources.map((r) => r.name)).not.toContain('arn:aws:s3:::acme-artifacts/build/app.zip');
    const late = await c.api<ScopeResult>('scope.run', { identity: DEPLOY, since: '2026-03-10T14:00:45Z' });
    expect(late.identities.map((i) => i.name)).toEqual([DEPLOY]);
    expect(late.resources).toEqual([]);
    const g = await c.api<Graph>('graph.scope', { identity: WORKLOAD, since: '2026-03-10T13:00:00Z' });
    expect(g.nodes.filter((n) => n.type === 'identity').every((n) => typeof n.first_reach === 'string')).toBe(true);
    expect(g.edges.filter((e) => e.kind !== 'touched').map((e) => e.kind)).toEqual(['federated', 'assumed', 'minted']);
  });

  it('flags the minted key used from where its issuer never was', async () => {
    const dev = await c.api<DeviationResult>('deviations.list', { identity: BACKUP });
    expect(dev.deviations[0].reasons[0]).toMatch(
      /AKIABACKUPSVC0000001 issued to .*backup-svc by .*prod-admin .* used from 203\.0\.113\.50, where its issuer never was/,
    );
  });

  it('selects events by resolved identity (id, name or alias) and by session (id or log key)', async () => {
    const w = await c.api<IdentityDetail>('identities.get', { identity: WORKLOAD });
    for (const ref of [WORKLOAD, SUB, String(w.id), `github-actions|${WORKLOAD}`]) {
      const rows = await c.api<EventJson[]>('events.list', { filter: { identity: ref } });
      expect(
        rows.map((e) => e.action),
        ref,
      ).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(rows[0].identity).toBe(WORKLOAD);
    }
    const byRole = await c.api<EventJson[]>('events.list', {
      filter: { identity: `arn:aws:sts::${A}:assumed-role/prod-admin/deploy-chain` },
    });
    expect(byRole).toHaveLength(4);
    const [admin] = await c.api<SessionJson[]>('sessions.list', { identity: ADMIN });
    const byKey = await c.api<EventJson[]>('events.list', { filter: { session: 'ASIAPRODADMIN0000001' } });
    const byId = await c.api<EventJson[]>('events.list', { filter: { session: `S${admin.id}` } });
    expect(byKey.map((e) => e.id)).toEqual(byId.map((e) => e.id));
    expect(byKey).toHaveLength(4);
    expect(byKey.every((e) => e.session === `S${admin.id}`)).toBe(true);
    expect(await c.api<{ count: number }>('events.count', { filter: { identity: ADMIN } })).toEqual({ count: 4 });
    // A bare last segment names the identity too, when nothing matches exactly.
    expect((await c.api<IdentityDetail>('identities.get', { identity: 'backup-svc' })).name).toBe(BACKUP);
    expect(await c.api<{ count: number }>('events.count', { filter: { identity: 'prod-admin' } })).toEqual({
      count: 4,
    });
    // So does the trailing part the workbench shows ("role/prod-admin"), but never a fragment inside a segment.
    expect(await c.api<{ count: number }>('events.count', { filter: { identity: 'role/prod-admin' } })).toEqual({
      count: 4,
    });
    expect((await c.api<IdentityDetail>('identities.get', { identity: 'user/backup-svc' })).name).toBe(BACKUP);
    await expect(c.api('identities.get', { identity: 'ole/prod-admin' })).rejects.toThrow(/no identity matches/);
  });
});
