// Where the graph's nodes go: a layered, left-to-right layout (who reached whom, then whom they reached), every
// label given its own room. Pure and deterministic: the same graph is laid out the same on every visit (no random
// start, ties broken by time then id), and fast (a few sweeps over the edges; 500 nodes in milliseconds).
//
// Layers: a node sits one column right of the latest node that reaches it (longest path; cycles broken by time,
// so in a blast radius or a path the columns are the order of reach). Rows: ordered by the median row of their
// neighbours in any layer on the sweep's side (so long edges pull too), sweeping both ways and keeping the
// ordering whose drawing crosses the fewest edges (edgeCrossings). A column taller than the viewport wraps row by
// row into sub-columns (a node's height still follows its rank), the number of rows chosen for the viewport's
// shape — or, within 88 % of that zoom, for the fewest crossings — and the sweeps run again on the wrapped drawing.
// On the sample's overview this took crossings from 380 to 247, and with S3's 459 objects opened at 1440×900 from
// 7,593 to 4,177 (at 1280×720 it stays about as it was: 7,739; test/graph/layout-sample.test.ts). Labels are sized
// at `fontPx` at zoom 1; columns are as wide as their widest label and rows as tall as a node with its label, so no
// two labels overlap.

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

/** Sweeps at most per pass; a pass stops earlier once this many sweeps in a row found nothing better. */
const MAX_SWEEPS = 12;
const PATIENCE = 3;

type Positions = Map<string, { x: number; y: number }>;

/** How much of the best-fitting zoom the layout gives up, at most, for fewer crossings (wrapping differently). */
const ZOOM_SLACK = 0.88;

/** Each node's neighbours across edges (each pair once, no loops). */
function neighbours(edges: LayoutEdge[]): Map<string, string[]> {
  const nbr = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    const key = e.source < e.target ? `${e.source}\0${e.target}` : `${e.target}\0${e.source}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (nbr.get(e.source) ?? nbr.set(e.source, []).get(e.source)!).push(e.target);
    (nbr.get(e.target) ?? nbr.set(e.target, []).get(e.target)!).push(e.source);
  }
  return nbr;
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/**
 * Orders each layer to untangle the edges: median sweeps (each node at the median height of its neighbours on
 * the side the sweep comes from — in any layer, so long edges pull too), alternating left→right and right→left,
 * keeping the ordering whose drawing has the fewest crossings. `measure` draws the current ordering (positions),
 * so the same sweeps run first on plain columns and then on the wrapped drawing itself.
 */
function orderRows(
  cols: string[][],
  edges: LayoutEdge[],
  nbr: Map<string, string[]>,
  layer: Map<string, number>,
  cmp: (a: string, b: string) => number,
  measure: () => Positions,
): number {
  const sortLayer = (c: string[], value: Map<string, number>) =>
    c.sort((a, b) => value.get(a)! - value.get(b)! || cmp(a, b));

  let at = measure();
  let best = cols.map((c) => c.slice());
  let bestCrossings = edgeCrossings(at, edges);
  let stale = 0;
  for (let sweep = 0; sweep < MAX_SWEEPS && bestCrossings > 0 && stale < PATIENCE; sweep++) {
    const forward = sweep % 2 === 0;
    const seq = cols.map((_, i) => i);
    if (!forward) seq.reverse();
    for (const li of seq.slice(1)) {
      const value = new Map<string, number>();
      for (const id of cols[li]) {
        const all = nbr.get(id) ?? [];
        let ns = all.filter((x) => (forward ? layer.get(x)! < li : layer.get(x)! > li));
        if (ns.length === 0) ns = all.filter((x) => layer.get(x) !== li);
        value.set(id, ns.length ? median(ns.map((x) => at.get(x)!.y)) : at.get(id)!.y);
      }
      sortLayer(cols[li], value);
      at = measure();
    }
    const n = edgeCrossings(at, edges);
    if (n < bestCrossings) {
      bestCrossings = n;
      best = cols.map((c) => c.slice());
      stale = 0;
    } else stale++;
  }
  best.forEach((c, i) => (cols[i] = c));
  return bestCrossings;
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
  const nbr = neighbours(es);
  // First pass on plain columns (x = layer, y = row centred on 0, as an unwrapped column is drawn).
  cols.forEach((c) => c.sort(cmp));
  const plain = () => {
    const at: Positions = new Map();
    cols.forEach((c, li) => c.forEach((id, i) => at.set(id, { x: li, y: i - (c.length - 1) / 2 })));
    return at;
  };
  orderRows(cols, es, nbr, layer, cmp, plain);
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
    // A column of more than maxRows wraps row by row into sub-columns side by side: the i-th node goes to row
    // ⌊i / k⌋ of sub-column i mod k, so a node's height still follows its place in the ordering and the edges
    // the ordering untangled stay untangled (wrapping column by column would stack the order's ends side by side).
    // Sub-column j sits j/k of a row lower, so an edge leaving a sub-column passes between the next one's nodes
    // (and the ordering stays monotone in height), not through them.
    const sub: { ids: string[]; rows: number; shift: number }[] = [];
    const wrap = (c: string[]) => {
      const k = Math.ceil(c.length / maxRows);
      const rows = Math.ceil(c.length / k);
      for (let j = 0; j < k; j++) {
        const ids: string[] = [];
        for (let i = j; i < c.length; i += k) ids.push(c[i]);
        sub.push({ ids, rows, shift: (j / k) * rowH });
      }
    };
    for (const c of cols) wrap(c);
    if (loose.length) {
      sub.push({ ids: [], rows: 0, shift: 0 }); // an empty column separates the connected graph from the loose nodes
      wrap(loose);
    }
    let x = 0;
    let prevHalf = 0;
    for (const { ids, rows, shift } of sub) {
      const w = ids.length ? colWidth(ids) : gapX * 2;
      x += prevHalf + w / 2;
      prevHalf = w / 2;
      const top = -((rows - 1) * rowH) / 2 + shift;
      ids.forEach((id, i) => positions.set(id, { x, y: top + i * rowH }));
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

  // Rows per column: the count that gives the drawing the viewport's shape (the largest zoom that shows it all) —
  // or, within ZOOM_SLACK of that zoom, the count whose wrapped columns cross the fewest edges.
  const tallest = Math.max(1, loose.length, ...cols.map((c) => c.length));
  let best = tallest;
  if (o.viewport && tallest > 1) {
    const candidates = new Set<number>();
    for (let r = 1; r <= tallest; r = Math.max(r + 1, Math.ceil(r * 1.25))) candidates.add(r);
    candidates.add(tallest);
    const scored = [...candidates]
      .sort((a, b) => a - b)
      .map((r) => {
        const at = place(r);
        const { bounds } = boundsOf(at);
        const zoom = Math.min(
          o.viewport!.width / (bounds.x2 - bounds.x1),
          o.viewport!.height / (bounds.y2 - bounds.y1),
        );
        return { r, zoom, at };
      });
    const maxZoom = Math.max(...scored.map((x) => x.zoom));
    let bestCrossings = Infinity;
    for (const x of scored) {
      if (x.zoom < maxZoom * ZOOM_SLACK) continue;
      const n = edgeCrossings(x.at, es);
      if (n < bestCrossings || (n === bestCrossings && x.zoom > scored.find((y) => y.r === best)!.zoom)) {
        bestCrossings = n;
        best = x.r;
      }
    }
  }
  // Second pass on the drawing itself: wrapped columns change which edges cross.
  if (best < tallest) orderRows(cols, es, nbr, layer, cmp, () => place(best));
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

/**
 * How many pairs of edges cross, drawn as straight segments between the positions (edges sharing a node never
 * count; parallel duplicates and loops neither). For tests and the benchmark: how tangled a layout is.
 */
export function edgeCrossings(positions: Map<string, { x: number; y: number }>, edges: LayoutEdge[]): number {
  const seen = new Set<string>();
  const segs: { a: string; b: string; x1: number; y1: number; x2: number; y2: number }[] = [];
  for (const e of edges) {
    const p = positions.get(e.source);
    const q = positions.get(e.target);
    if (!p || !q || e.source === e.target) continue;
    const key = e.source < e.target ? `${e.source}\0${e.target}` : `${e.target}\0${e.source}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [l, r] = p.x <= q.x ? [p, q] : [q, p];
    segs.push({ a: e.source, b: e.target, x1: l.x, y1: l.y, x2: r.x, y2: r.y });
  }
  segs.sort((s, t) => s.x1 - t.x1);
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].x1 < s.x2; j++) {
      const t = segs[j];
      if (s.a === t.a || s.a === t.b || s.b === t.a || s.b === t.b) continue;
      const d1 = orient(s.x1, s.y1, s.x2, s.y2, t.x1, t.y1);
      const d2 = orient(s.x1, s.y1, s.x2, s.y2, t.x2, t.y2);
      const d3 = orient(t.x1, t.y1, t.x2, t.y2, s.x1, s.y1);
      const d4 = orient(t.x1, t.y1, t.x2, t.y2, s.x2, s.y2);
      if (d1 * d2 < 0 && d3 * d4 < 0) n++;
    }
  }
  return n;
}
