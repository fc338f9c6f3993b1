// Two layout rules of the workbench, pure: when the event pane lies over a view's side pane instead of squeezing
// the view (app/pane.ts), and where an overview too big for a legible fit opens (graph/centre.ts).
import { describe, expect, it } from 'vitest';
import { paneFloats } from '../../renderer/src/app/pane';
import { centreOfActivity } from '../../renderer/src/views/graph/centre';
import type { ViewGraph, ViewNode } from '../../renderer/src/views/graph/model';

describe('paneFloats', () => {
  it('lies over the side pane when pushing would leave the view under 55 % of the window', () => {
    // 1280: 1280 − 92 − 400 − 440 = 348 px (27 %); 1440: 508 px (35 %).
    expect(paneFloats(1280, 440)).toBe(true);
    expect(paneFloats(1440, 440)).toBe(true);
    // A 2560 px window keeps 1628 px (64 %): the pane goes beside.
    expect(paneFloats(2560, 440)).toBe(false);
    // A wider pane tips it back over.
    expect(paneFloats(2560, 800)).toBe(true);
  });
});

describe('centreOfActivity', () => {
  const node = (id: string, type: ViewNode['type'], events: number): ViewNode => ({ id, type, label: id, events });
  it('picks the identity nearest the events-weighted centre, not empty space between clusters', () => {
    const g: ViewGraph = {
      nodes: [
        node('a', 'identity', 10),
        node('b', 'identity', 10),
        node('c', 'identity', 1),
        node('r', 'resource', 500),
      ],
      edges: [],
    };
    const pos = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 1000, y: 0 }],
      ['c', { x: 400, y: 300 }],
      ['r', { x: 900, y: 20 }],
    ]);
    // The busy resource pulls the centre to x ≈ 870: identity b is nearest (a resource is never the answer).
    expect(centreOfActivity(g, pos)).toEqual({ x: 1000, y: 0 });
    // Without it, the centre (≈ 476, 14) lies between a and b; c (400, 300) is the nearest identity.
    const quiet = { ...g, nodes: g.nodes.filter((x) => x.id !== 'r') };
    expect(centreOfActivity(quiet, pos)).toEqual({ x: 400, y: 300 });
  });
  it('has no answer without an identity', () => {
    expect(
      centreOfActivity({ nodes: [node('r', 'resource', 3)], edges: [] }, new Map([['r', { x: 1, y: 1 }]])),
    ).toBeNull();
  });
});
