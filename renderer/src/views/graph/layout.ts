// Where the graph's nodes go: a layered, left-to-right layout (who reached whom, then whom they reached), every
// label given its own room. Pure and deterministic: the same graph is laid out the same on every visit (no random
// start, ties broken by time then id), and fast (a few sweeps over the edges; 500 nodes in milliseconds).
//
// Layers: a node sits one column right of the latest node that reaches it (longest path; cycles broken by time,
// so in a blast radius or a path the columns are the order of reach). Rows: ordered by the mean row of their
// neighbours (barycentre sweeps) to untangle edges. A column taller than the viewport wraps into sub-columns, the
// number of rows chosen so the drawing has the viewport's shape. Labels are sized at `fontPx` at zoom 1; columns
// are as wide as their widest label and rows as tall as a node with its label, so no two labels overlap.

export interface LayoutNode {
  id: string;
  /** The label as drawn (already shortened). */
  label: string;
  /** Node diameter in px at zoom 1. */
  size: number;
  /** When it was first seen or reached (ms or µs, only the order matters); null = unknown, placed last. */
  time: number | null;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  /** Nodes forced into the first column (a blast radius's start, a path's origin). */
  roots?: string[];
  /** Label font size in px at zoom 1. */
  fontPx?: number;
  /** The drawing area the layout should fit, in px (it picks the rows per column from its shape). */
  viewport?: { width: number; height: number };
  /** Extra horizontal room between columns, for edge labels. */
  edgeLabelGap?: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Layout {
  positions: Map<string, { x: number; y: number }>;
  /** Each node's label box (below the node), for checks and tests. */
  labels: Map<string, Box>;
  /** The drawing's bounds including labels. */
  bounds: Box;
  /** Column (layer) of each node before wrapping. */
  layer: Map<string, number>;
}

/**
 * Width of a label in px: a conservative estimate for the UI's sans-serif (most glyphs are narrower); a label of
 * several lines is as wide as its longest.
 */
export function labelWidth(label: string, fontPx: number): number {
  const longest = Math.max(...label.split('\n').map((l) => l.length));
  return Math.ceil(longest * fontPx * 0.62) + 6;
}

const byKey =
  (time: Map<string, number | null>) =>
  (a: string, b: string): number => {
    const ta = time.get(a) ?? null;
    const tb = time.get(b) ?? null;
    if (ta !== tb) {
      if (ta === null) return 1;
      if (tb === null) return -1;
      return ta - tb;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };

/** Layer of each node: longest path from the roots, edges that would close a cycle (against time) ignored. */
function layers(ids: string[], edges: LayoutEdge[], roots: Set<string>, cmp: (a: string, b: string) => number) {
  const out = new Map<string, string[]>();
  const indeg = new Map<string, number>(ids.map((i) => [i, 0]));
  for (const e of edges) {
    if (roots.has(e.target)) continue;
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  }
  // Kahn's order, always taking the earliest ready node; on a cycle, the earliest remaining node.
  const order: string[] = [];
  const done = new Set<string>();
  const remaining = ids.slice().sort(cmp);
  const ready = remaining.filter((i) => indeg.get(i) === 0 || roots.has(i));
  const readySet = new Set(ready);
  let cursor = 0;
  while (order.length < ids.length) {
    let next: string | undefined;
    if (ready.length > 0) {
      ready.sort(cmp);
      next = ready.shift()!;
    } else {
      while (done.has(remaining[cursor])) cursor++;
      next = remaining[cursor];
    }
    if (done.has(next)) continue;
    done.add(next);
    order.push(next);
    for (const t of out.get(next) ?? []) {
      if (done.has(t)) continue;
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0 && !readySet.has(t)) {
        readySet.add(t);
        ready.push(t);
      }
    }
  }
  const pos = new Map(order.map((id, i) => [id, i]));
  const layer = new Map<string, number>(order.map((id) => [id, 0]));
  for (const id of order)
    for (const t of out.get(id) ?? [])
      if (pos.get(t)! > pos.get(id)!) layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
  return layer;
}

/** Orders each layer by the mean position of its neighbours in the layers beside it (a few sweeps). */
function orderRows(
  cols: string[][],
  edges: LayoutEdge[],
  layer: Map<string, number>,
  cmp: (a: string, b: string) => number,
): void {
  const nbr = new Map<string, string[]>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    (nbr.get(e.source) ?? nbr.set(e.source, []).get(e.source)!).push(e.target);
    (nbr.get(e.target) ?? nbr.set(e.target, []).get(e.target)!).push(e.source);
  }
  const rank = new Map<string, number>();
  const setRanks = () =>
    cols.forEach((c) => c.forEach((id, i) => rank.set(id, c.length > 1 ? i / (c.length - 1) : 0.5)));
  cols.forEach((c) => c.sort(cmp));
  setRanks();
  for (let sweep = 0; sweep < 4; sweep++) {
    const forward = sweep % 2 === 0;
    const seq = forward
      ? cols.map((_, i) => i).slice(1)
      : cols
          .map((_, i) => i)
          .reverse()
          .slice(1);
    for (const li of seq) {
      const from = forward ? li - 1 : li + 1;
      const bary = new Map<string, number>();
      for (const id of cols[li]) {
        const ns = (nbr.get(id) ?? []).filter((x) => layer.get(x) === from);
        if (ns.length) bary.set(id, ns.reduce((a, x) => a + rank.get(x)!, 0) / ns.length);
      }
      const current = new Map(cols[li].map((id, i) => [id, cols[li].length > 1 ? i / (cols[li].length - 1) : 0.5]));
      cols[li].sort((a, b) => (bary.get(a) ?? current.get(a)!) - (bary.get(b) ?? current.get(b)!) || cmp(a, b));
      setRanks();
    }
  }
}

/** Lays out the nodes in columns (see the file comment). */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], o: LayoutOptions = {}): Layout {
  const fontPx = o.fontPx ?? 11;
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const ids = [...byId.keys()];
  const es = edges.filter((e) => byId.has(e.source) && byId.has(e.target));
  const time = new Map(nodes.map((x) => [x.id, x.time]));
  const cmp = byKey(time);
  const roots = new Set((o.roots ?? []).filter((r) => byId.has(r)));
  const connected = new Set<string>(roots);
  for (const e of es) if (e.source !== e.target) connected.add(e.source).add(e.target);
  const layer = layers(ids, es, roots, cmp);
  const nLayers = Math.max(0, ...[...connected].map((id) => layer.get(id)! + 1));
  const cols: string[][] = Array.from({ length: nLayers }, () => []);
  for (const id of ids) if (connected.has(id)) cols[layer.get(id)!].push(id);
  orderRows(cols, es, layer, cmp);
  // Nodes with no edge at all: a block of their own after the last column, in time order.
  const loose = ids.filter((id) => !connected.has(id)).sort(cmp);

  // A label may hold several lines (a name, and in time-ordered views when it was reached).
  const lines = Math.max(1, ...nodes.map((x) => x.label.split('\n').length));
  const labelH = Math.ceil(fontPx * 1.35) * lines + 2;
  const maxSize = Math.max(12, ...nodes.map((x) => x.size));
  const rowH = maxSize + 4 + labelH + 12;
  const gapX = 28 + (o.edgeLabelGap ?? 0);
  const colWidth = (c: string[]) =>
    Math.max(...c.map((id) => Math.max(byId.get(id)!.size, labelWidth(byId.get(id)!.label, fontPx)))) + gapX;

  const place = (maxRows: number) => {
    const positions = new Map<string, { x: number; y: number }>();
    const sub: string[][] = [];
    for (const c of cols) for (let i = 0; i < c.length; i += maxRows) sub.push(c.slice(i, i + maxRows));
    if (loose.length) {
      sub.push([]); // an empty column separates the connected graph from the loose nodes
      for (let i = 0; i < loose.length; i += maxRows) sub.push(loose.slice(i, i + maxRows));
    }
    let x = 0;
    let prevHalf = 0;
    for (const c of sub) {
      const w = c.length ? colWidth(c) : gapX * 2;
      x += prevHalf + w / 2;
      prevHalf = w / 2;
      const top = -((c.length - 1) * rowH) / 2;
      c.forEach((id, i) => positions.set(id, { x, y: top + i * rowH }));
    }
    return positions;
  };
  const boundsOf = (positions: Map<string, { x: number; y: number }>) => {
    const labels = new Map<string, Box>();
    const b: Box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    for (const [id, p] of positions) {
      const nd = byId.get(id)!;
      const w = labelWidth(nd.label, fontPx);
      const box = { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + nd.size / 2 + 4, y2: p.y + nd.size / 2 + 4 + labelH };
      labels.set(id, box);
      b.x1 = Math.min(b.x1, box.x1, p.x - nd.size / 2);
      b.x2 = Math.max(b.x2, box.x2, p.x + nd.size / 2);
      b.y1 = Math.min(b.y1, p.y - nd.size / 2);
      b.y2 = Math.max(b.y2, box.y2);
    }
    if (positions.size === 0) return { labels, bounds: { x1: 0, y1: 0, x2: 0, y2: 0 } };
    return { labels, bounds: b };
  };

  // Rows per column: the count that gives the drawing the viewport's shape (the largest zoom that shows it all).
  const tallest = Math.max(1, loose.length, ...cols.map((c) => c.length));
  let best = tallest;
  if (o.viewport && tallest > 1) {
    let bestZoom = -Infinity;
    const candidates = new Set<number>();
    for (let r = 1; r <= tallest; r = Math.max(r + 1, Math.ceil(r * 1.25))) candidates.add(r);
    candidates.add(tallest);
    for (const r of [...candidates].sort((a, b) => a - b)) {
      const { bounds } = boundsOf(place(r));
      const z = Math.min(o.viewport.width / (bounds.x2 - bounds.x1), o.viewport.height / (bounds.y2 - bounds.y1));
      if (z > bestZoom + 1e-9) {
        bestZoom = z;
        best = r;
      }
    }
  }
  const positions = place(best);
  const { labels, bounds } = boundsOf(positions);
  return { positions, labels, bounds, layer };
}

/** Pairs of boxes that overlap (for tests and the view's own checks). */
export function overlaps(boxes: Box[]): [number, number][] {
  const idx = boxes.map((b, i) => [b, i] as const).sort((a, b) => a[0].x1 - b[0].x1);
  const out: [number, number][] = [];
  for (let i = 0; i < idx.length; i++)
    for (let j = i + 1; j < idx.length && idx[j][0].x1 < idx[i][0].x2; j++) {
      const a = idx[i][0];
      const b = idx[j][0];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push([idx[i][1], idx[j][1]]);
    }
  return out;
}
