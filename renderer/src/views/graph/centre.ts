// Where a graph too big to show whole at a legible zoom opens (GraphCanvas.tsx). Pure.
import type { ViewGraph } from './model';

/**
 * Where an overview too big to show whole opens: the identity nearest the centre of mass of the graph's activity
 * (nodes weighted by their events) — the busy middle of the case, on a node, not in the empty space between
 * clusters. Null when the graph has no identity.
 */
export function centreOfActivity(
  graph: ViewGraph,
  positions: Map<string, { x: number; y: number }>,
): { x: number; y: number } | null {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const x of graph.nodes) {
    const at = positions.get(x.id);
    if (!at) continue;
    const wt = Math.max(1, x.events ?? 0);
    sw += wt;
    sx += wt * at.x;
    sy += wt * at.y;
  }
  if (sw === 0) return null;
  const cx = sx / sw;
  const cy = sy / sw;
  let best: { x: number; y: number } | null = null;
  let bestD = Infinity;
  for (const x of graph.nodes) {
    const at = positions.get(x.id);
    if (!at || x.type !== 'identity') continue;
    const d = (at.x - cx) ** 2 + (at.y - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = at;
    }
  }
  return best;
}
