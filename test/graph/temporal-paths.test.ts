// The pathfinding engine: time order respected, several paths, none, pruning and limits.
import { describe, expect, it } from 'vitest';
import { temporalPaths, type TimedEdge } from '../../core/model/temporal-paths.js';

let next = 1;
const edge = (source: string, target: string, times: number[], kind = 'assumed'): TimedEdge => ({
  id: `e:${source}-${target}-${kind}`,
  source,
  target,
  kind,
  times,
  events: times.map(() => next++),
});
const route = (p: { hops: { source: string; target: string }[] }) =>
  [p.hops[0].source, ...p.hops.map((h) => h.target)].join('>');

describe('temporalPaths', () => {
  it('follows a chain whose hops happen in time order', () => {
    const r = temporalPaths([edge('A', 'B', [10]), edge('B', 'C', [20]), edge('C', 'D', [30])], ['A'], 'D');
    expect(r.paths.map(route)).toEqual(['A>B>C>D']);
    expect(r.paths[0].arrival).toBe(30);
    expect(r.paths[0].hops.map((h) => h.at)).toEqual([10, 20, 30]);
    expect(r.truncated).toBe(false);
  });

  it('refuses a hop that happened before its source was reached', () => {
    // B minted C at 5, but A only reached B at 10: no path.
    const r = temporalPaths([edge('A', 'B', [10]), edge('B', 'C', [5])], ['A'], 'C');
    expect(r.paths).toEqual([]);
  });

  it('takes the first usable instant of a hop, not its first ever', () => {
    const r = temporalPaths([edge('A', 'B', [10]), edge('B', 'C', [5, 12, 40])], ['A'], 'C');
    expect(r.paths).toHaveLength(1);
    expect(r.paths[0].hops[1]).toMatchObject({ at: 12, usable: 2, reachable: 10 });
    // The first hop: reachable from the start (no `since`), or from `since`.
    expect(r.paths[0].hops[0].reachable).toBeNull();
    const s = temporalPaths([edge('A', 'B', [3, 10]), edge('B', 'C', [5, 12, 40])], ['A'], 'C', { since: 8 });
    expect(s.paths[0].hops[0]).toMatchObject({ at: 10, usable: 1, reachable: 8 });
  });

  it('counts a hop at the same instant as usable (≥, not >)', () => {
    const r = temporalPaths([edge('A', 'B', [10]), edge('B', 'C', [10])], ['A'], 'C');
    expect(r.paths.map(route)).toEqual(['A>B>C']);
  });

  it('lists every path, earliest arrival first, then fewest hops', () => {
    const edges = [
      edge('A', 'B', [10]),
      edge('B', 'D', [50]),
      edge('A', 'C', [11]),
      edge('C', 'D', [20]),
      edge('A', 'D', [20], 'minted'),
      edge('C', 'B', [12]),
    ];
    const r = temporalPaths(edges, ['A'], 'D');
    expect(r.paths.map(route)).toEqual(['A>D', 'A>C>D', 'A>B>D', 'A>C>B>D']);
    expect(r.paths.map((p) => p.arrival)).toEqual([20, 20, 50, 50]);
  });

  it('never repeats a node and ends at the target', () => {
    const r = temporalPaths([edge('A', 'B', [1, 5]), edge('B', 'A', [2]), edge('B', 'C', [3])], ['A'], 'C');
    expect(r.paths.map(route)).toEqual(['A>B>C']);
  });

  it('honours since: no hop before it', () => {
    const edges = [edge('A', 'B', [10, 100]), edge('B', 'C', [20])];
    expect(temporalPaths(edges, ['A'], 'C', { since: 50 }).paths).toEqual([]);
    expect(temporalPaths(edges, ['A'], 'C', { since: 5 }).paths).toHaveLength(1);
  });

  it('says truncated when it stops at max paths or its budget', () => {
    const edges = [];
    for (let i = 0; i < 10; i++) edges.push(edge('A', `M${i}`, [i]), edge(`M${i}`, 'Z', [100]));
    const r = temporalPaths(edges, ['A'], 'Z', { maxPaths: 3 });
    expect(r.paths).toHaveLength(3);
    expect(r.truncated).toBe(true);
    const all = temporalPaths(edges, ['A'], 'Z');
    expect(all.paths).toHaveLength(10);
    expect(all.truncated).toBe(false);
    expect(temporalPaths(edges, ['A'], 'Z', { budget: 4 }).truncated).toBe(true);
  });

  it('respects max hops', () => {
    const r = temporalPaths([edge('A', 'B', [1]), edge('B', 'C', [2]), edge('C', 'D', [3])], ['A'], 'D', {
      maxHops: 2,
    });
    expect(r.paths).toEqual([]);
  });

  it('finds nothing where no edge leads and from an unconnected start', () => {
    expect(temporalPaths([edge('A', 'B', [1])], ['A'], 'Q').paths).toEqual([]);
    expect(temporalPaths([edge('A', 'B', [1])], ['X'], 'B').paths).toEqual([]);
  });

  it('stays quick on a dense graph (the budget bounds the work)', () => {
    const edges: TimedEdge[] = [];
    for (let i = 0; i < 60; i++)
      for (let j = 0; j < 60; j++) if (i !== j) edges.push(edge(`N${i}`, `N${j}`, [i * 100 + j, 10_000 + j]));
    const t0 = performance.now();
    const r = temporalPaths(edges, ['N0'], 'N59', { maxPaths: 1000 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.paths.length).toBeGreaterThan(0);
    for (const p of r.paths)
      for (let k = 1; k < p.hops.length; k++) expect(p.hops[k].at).toBeGreaterThanOrEqual(p.hops[k - 1].at);
  });
});
