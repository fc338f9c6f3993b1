// The graph view's layout (renderer/src/views/graph/layout.ts): deterministic, left to right in reach order,
// no two labels overlapping, the viewport's shape, and 500 nodes well inside the 1 s target.
import { describe, expect, it } from 'vitest';
import {
  edgeCrossings,
  layeredLayout,
  labelWidth,
  overlaps,
  type LayoutEdge,
  type LayoutNode,
} from '../../renderer/src/views/graph/layout.js';

/** A seeded generator, so the big graph is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function bigGraph(n: number, seed = 7): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const r = rng(seed);
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < n; i++) {
    const identity = i < n / 5;
    nodes.push({
      id: `${identity ? 'i' : 'r'}:${i}`,
      label: identity ? `role/service-${i}` : `arn:…/bucket-${i}/object-${Math.floor(r() * 1e6)}`.slice(0, 30),
      size: 14 + Math.floor(r() * 20),
      time: Math.floor(r() * 1e6),
    });
  }
  for (let i = 1; i < n; i++) {
    const src = Math.floor(r() * Math.min(i, n / 5));
    edges.push({ source: nodes[src].id, target: nodes[i].id });
    if (r() < 0.3) edges.push({ source: nodes[Math.floor(r() * (n / 5))].id, target: nodes[i].id });
  }
  return { nodes, edges };
}

describe('layeredLayout', () => {
  it('is deterministic: the same graph gives the same positions, whatever the input order', () => {
    const g = bigGraph(120);
    const a = layeredLayout(g.nodes, g.edges, { viewport: { width: 1200, height: 700 } });
    const b = layeredLayout(g.nodes.slice().reverse(), g.edges.slice().reverse(), {
      viewport: { width: 1200, height: 700 },
    });
    expect([...b.positions].sort()).toEqual([...a.positions].sort());
  });

  it('puts each node right of whoever reached it, roots first, in time order', () => {
    const nodes: LayoutNode[] = [
      { id: 'bot', label: 'acme-release-bot', size: 20, time: 1 },
      { id: 'run', label: 'acme/payments', size: 20, time: 2 },
      { id: 'role', label: 'role/gha-deploy', size: 20, time: 3 },
      { id: 'admin', label: 'role/prod-admin', size: 20, time: 4 },
      { id: 'user', label: 'user/backup-svc', size: 20, time: 5 },
      { id: 'bucket', label: 'acme-customer-exports', size: 20, time: 6 },
    ];
    const edges = [
      { source: 'bot', target: 'run' },
      { source: 'run', target: 'role' },
      { source: 'role', target: 'admin' },
      { source: 'admin', target: 'user' },
      { source: 'user', target: 'bucket' },
      // A later link back (admin touched the run's identity): never pulls the run right of the admin.
      { source: 'admin', target: 'run' },
    ];
    const l = layeredLayout(nodes, edges, { roots: ['bot'] });
    const xs = ['bot', 'run', 'role', 'admin', 'user', 'bucket'].map((id) => l.positions.get(id)!.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(l.layer.get('bot')).toBe(0);
  });

  it('never overlaps two labels, or a label and a node', () => {
    for (const n of [10, 80, 300, 500]) {
      const g = bigGraph(n, n);
      const l = layeredLayout(g.nodes, g.edges, { viewport: { width: 1300, height: 700 } });
      const boxes = [...l.labels.values()];
      for (const nd of g.nodes) {
        const p = l.positions.get(nd.id)!;
        boxes.push({ x1: p.x - nd.size / 2, x2: p.x + nd.size / 2, y1: p.y - nd.size / 2, y2: p.y + nd.size / 2 });
      }
      expect(overlaps(boxes), `${n} nodes`).toEqual([]);
      expect(l.positions.size).toBe(n);
    }
  });

  it('gives the drawing about the viewport shape (columns wrap)', () => {
    const nodes: LayoutNode[] = Array.from({ length: 60 }, (_, i) => ({
      id: `n${i}`,
      label: `identity-${i}`,
      size: 20,
      time: i,
    }));
    const edges = nodes.slice(1).map((x) => ({ source: 'n0', target: x.id }));
    const l = layeredLayout(nodes, edges, { viewport: { width: 1300, height: 700 } });
    const w = l.bounds.x2 - l.bounds.x1;
    const h = l.bounds.y2 - l.bounds.y1;
    expect(w / h).toBeGreaterThan(0.8);
    expect(w / h).toBeLessThan(4);
  });

  it('estimates label widths generously', () => {
    expect(labelWidth('role/prod-admin', 11)).toBeGreaterThanOrEqual(15 * 6);
  });

  it('lays out 500 nodes well under a second', () => {
    const g = bigGraph(500, 3);
    const t0 = performance.now();
    layeredLayout(g.nodes, g.edges, { viewport: { width: 1300, height: 700 } });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('counts crossing edges, never two that share a node', () => {
    const at = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 0, y: 1 }],
      ['c', { x: 1, y: 0 }],
      ['d', { x: 1, y: 1 }],
    ]);
    expect(
      edgeCrossings(at, [
        { source: 'a', target: 'd' },
        { source: 'b', target: 'c' },
      ]),
    ).toBe(1);
    expect(
      edgeCrossings(at, [
        { source: 'a', target: 'c' },
        { source: 'b', target: 'd' },
      ]),
    ).toBe(0);
    expect(
      edgeCrossings(at, [
        { source: 'a', target: 'd' },
        { source: 'a', target: 'c' },
      ]),
    ).toBe(0);
    // The same pair twice, or both directions, is one edge.
    expect(
      edgeCrossings(at, [
        { source: 'a', target: 'd' },
        { source: 'd', target: 'a' },
        { source: 'b', target: 'c' },
      ]),
    ).toBe(1);
  });

  it('untangles what time order would cross: a ladder drawn without crossings', () => {
    // Sources in time order s0…s5, each reaching one target; targets' times are reversed, so time order alone
    // would cross every pair (15 crossings).
    const nodes: LayoutNode[] = [];
    const edges: LayoutEdge[] = [];
    for (let i = 0; i < 6; i++) {
      nodes.push({ id: `s${i}`, label: `s${i}`, size: 20, time: i });
      nodes.push({ id: `t${i}`, label: `t${i}`, size: 20, time: 100 - i });
      edges.push({ source: `s${i}`, target: `t${i}` });
    }
    const l = layeredLayout(nodes, edges, { viewport: { width: 1200, height: 800 } });
    expect(edgeCrossings(l.positions, edges)).toBe(0);
  });
});
