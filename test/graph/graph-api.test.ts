// The graph API on the bundled sample: pathfinding from the release bot to backup-svc, every edge of the
// overview and of the blast radius lists its events, no identity drawn twice, a focused resource gets its node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { caseFrom, type TestCase } from '../derive/case.js';
import { ROOT } from '../helpers.js';
import type { EdgeEvents, Graph, PathResult, ScopeGraph } from '../../core/api/contract.js';

const BOT = 'acme-release-bot';
const BACKUP = 'arn:aws:iam::111122223333:user/backup-svc';
const EXPORTS = 'arn:aws:s3:::acme-customer-exports';

let c: TestCase;
beforeAll(async () => {
  c = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
}, 120_000);
afterAll(() => c?.close());

describe('graph.path', () => {
  it('finds the chain from the bot to user/backup-svc in time order', async () => {
    const r = await c.api<PathResult>('graph.path', { from: BOT, to: 'user/backup-svc' });
    expect(r.to).toMatchObject({ name: BACKUP, type: 'identity' });
    expect(r.paths.length).toBeGreaterThanOrEqual(1);
    const p = r.paths[0];
    expect(p.hops.map((h) => h.kind)).toEqual(['triggered', 'federated', 'assumed', 'minted']);
    expect(p.hops.map((h) => h.to)).toEqual([
      'acme/payments',
      'arn:aws:iam::111122223333:role/gha-deploy',
      'arn:aws:iam::111122223333:role/prod-admin',
      BACKUP,
    ]);
    for (let k = 1; k < p.hops.length; k++) expect(p.hops[k].at >= p.hops[k - 1].at).toBe(true);
    // The federation hop is run 408's, on the 10th, not the first deploy of the week.
    expect(p.hops[1].at.startsWith('2026-03-10T13:59')).toBe(true);
    expect(p.arrival).toBe(p.hops[3].at);
    // Each hop's edge lists its events, the hop's own among them.
    for (const h of p.hops) {
      const ev = await c.api<EdgeEvents>('graph.edgeEvents', { edge: h.edge });
      expect(ev.ids).toContain(h.event);
    }
  });

  it("says a hop's count by one rule: `events` of `edge_events` fall at or after `reachable`", async () => {
    const r = await c.api<PathResult>('graph.path', { from: BOT, to: EXPORTS });
    const hops = r.paths[0].hops;
    // The first hop has no start time: every event of its edge counts; each later one from the previous hop on.
    expect(hops[0].reachable).toBeNull();
    for (let k = 1; k < hops.length; k++) expect(hops[k].reachable).toBe(hops[k - 1].at);
    let fewer = 0;
    for (const h of hops) {
      const ev = await c.api<EdgeEvents>('graph.edgeEvents', { edge: h.edge, limit: 100000 });
      expect(h.edge_events).toBe(ev.total);
      const rows = await c.api<{ id: number; ts: string }[]>('events.list', {
        filter: { ids: ev.ids },
        limit: 100000,
      });
      expect(rows).toHaveLength(ev.total);
      // ISO times to the microsecond, so they compare as text.
      const key = (t: string) =>
        t.replace(/(?:\.(\d+))?Z$/, (_, f: string | undefined) => `.${(f ?? '').padEnd(6, '0')}Z`);
      const after = rows.filter((x) => h.reachable === null || key(x.ts) >= key(h.reachable)).length;
      expect(h.events, h.edge).toBe(after);
      if (h.events < h.edge_events) fewer++;
    }
    // The sample's last hop (backup-svc touching the exports bucket) has touches before the chain reached it.
    expect(fewer).toBeGreaterThan(0);
  });

  it('ends at a resource through the identity that touched it', async () => {
    const r = await c.api<PathResult>('graph.path', { from: BOT, to: EXPORTS });
    expect(r.to.type).toBe('resource');
    const last = r.paths[0].hops.at(-1)!;
    expect(last).toMatchObject({ kind: 'touched', from: BACKUP, to: EXPORTS });
    expect(last.edge).toMatch(/^ir:\d+:\d+$/);
  });

  it('answers no path with an empty list (backwards in the chain, or after it happened)', async () => {
    expect((await c.api<PathResult>('graph.path', { from: 'user/backup-svc', to: BOT })).paths).toEqual([]);
    const late = await c.api<PathResult>('graph.path', {
      from: BOT,
      to: 'user/backup-svc',
      since: '2026-03-10T14:00:00Z',
    });
    expect(late.paths).toEqual([]);
    expect(late.since).toBe('2026-03-10T14:00:00.000Z');
  });

  it('refuses unknown and ambiguous names with the closest ones', async () => {
    await expect(c.api('graph.path', { from: 'j.park', to: BACKUP })).rejects.toThrow(
      /no identity by that name; closest: .*j\.park@acme\.example/,
    );
    await expect(c.api('graph.path', { from: 'main', to: BACKUP })).rejects.toThrow(/matches 2 identities/);
    await expect(c.api('graph.path', { from: BOT, to: 'acme-customer-exprts' })).rejects.toThrow(/closest/);
  });
});

describe('graph edges and nodes', () => {
  const allEdgesList = async (g: Graph) => {
    for (const e of g.edges) {
      const ev = await c.api<EdgeEvents>('graph.edgeEvents', { edge: e.id, limit: 5 });
      expect(ev.total, e.id).toBeGreaterThan(0);
      expect(ev.ids.length, e.id).toBeGreaterThan(0);
    }
  };
  const noTwins = (g: Graph) => {
    const ids = g.nodes.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const labels = g.nodes.map((x) => x.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const e of g.edges) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
    }
  };

  it('overview: unique nodes (a role that is also a resource is one node), every edge lists events', async () => {
    const g = await c.api<Graph>('graph.overview', {});
    noTwins(g);
    expect(g.nodes.filter((x) => x.label === 'arn:aws:iam::111122223333:role/prod-admin')).toHaveLength(1);
    await allEdgesList(g);
  });

  it('blast radius: every edge (identity and resource) lists its events; the period is the scope', async () => {
    const g = await c.api<ScopeGraph>('graph.scope', { identity: BOT, since: '2026-03-10T13:40:00Z' });
    noTwins(g);
    expect(g.edges.some((e) => e.kind !== 'touched')).toBe(true);
    expect(g.edges.some((e) => e.kind === 'touched')).toBe(true);
    await allEdgesList(g);
    expect(g.start_nodes).toHaveLength(1);
    expect(g.period!.from >= '2026-03-10T13:40').toBe(true);
    expect(g.period!.to.startsWith('2026-03-10')).toBe(true);
  });

  it('a focused resource is drawn on its own even when resources are grouped', async () => {
    const grouped = await c.api<Graph>('graph.overview', { max_nodes: 40 });
    expect(grouped.aggregated).toBe(true);
    expect(grouped.nodes.some((x) => x.label === `${EXPORTS}`)).toBe(false);
    const focused = await c.api<Graph>('graph.overview', { max_nodes: 40, focus: EXPORTS });
    expect(focused.nodes.filter((x) => x.label === EXPORTS)).toHaveLength(1);
    noTwins(focused);
    await expect(c.api('graph.overview', { focus: 'no-such-thing' })).rejects.toThrow(/no resource named/);
  });

  it('an expanded group shows its resources one by one', async () => {
    const g = await c.api<Graph>('graph.overview', { max_nodes: 40, expand: ['aws:s3'] });
    expect(g.nodes.some((x) => x.id === 'g:aws:s3')).toBe(false);
    expect(g.nodes.filter((x) => x.type === 'resource' && x.service === 'aws:s3').length).toBeGreaterThan(10);
    expect(g.nodes.some((x) => x.type === 'resource_group')).toBe(true);
  });
});
