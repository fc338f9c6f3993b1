// The scope graph as inline SVG: a left-to-right layered layout (who reached whom, then what they touched),
// columns by distance from the graph's sources, rows ordered by their predecessors to limit crossings. Columns
// longer than fit a page are cut with a "+N more" node; the full lists are in the tables beside the graph.
import { categoryColor } from '../colors.js';
import { esc, middle, num, text } from './svg.js';

export interface GraphNode {
  id: string;
  label: string;
  kind: 'identity' | 'resource' | 'more';
  sub?: string;
}
export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  category: string;
  failed?: boolean;
}

const W = 680;
const NODE_H = 24;
const GAP = 9;
const MAX_ROWS = 18;

function depths(nodes: GraphNode[], edges: GraphEdge[]): Map<string, number> {
  const incoming = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const e of edges) if (e.from !== e.to) incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  const depth = new Map<string, number>();
  let frontier = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  if (frontier.length === 0 && nodes.length) frontier = [nodes[0].id];
  frontier.forEach((id) => depth.set(id, 0));
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of edges) {
        if (e.from !== id || depth.has(e.to)) continue;
        depth.set(e.to, depth.get(id)! + 1);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  for (const n of nodes) if (!depth.has(n.id)) depth.set(n.id, 0);
  return depth;
}

/** `uid` keeps the arrow marker's id unique among several graphs in one document. */
export function graphSvg(nodesIn: GraphNode[], edgesIn: GraphEdge[], title: string, uid = 'g'): string {
  if (nodesIn.length === 0) return '';
  const depth = depths(nodesIn, edgesIn);
  const cols: GraphNode[][] = [];
  for (const n of nodesIn) (cols[depth.get(n.id)!] ??= []).push(n);
  const nodes = new Map(nodesIn.map((n) => [n.id, n]));
  const edges = [...edgesIn];
  // Cut long columns: the rest folds into one node that keeps their edges.
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c] ?? (cols[c] = []);
    if (col.length <= MAX_ROWS) continue;
    const rest = col.splice(MAX_ROWS - 1);
    const more: GraphNode = {
      id: `more:${c}`,
      label: `+${rest.length} more`,
      kind: 'more',
      sub: 'listed in the tables below',
    };
    col.push(more);
    nodes.set(more.id, more);
    const folded = new Set(rest.map((r) => r.id));
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i];
      if (folded.has(e.to)) edges[i] = { ...e, to: more.id, label: '' };
      else if (folded.has(e.from)) edges[i] = { ...e, from: more.id, label: '' };
    }
  }
  const ncol = cols.length;
  const colW = (W - 8) / ncol;
  const boxW = Math.min(230, colW - (ncol > 1 ? 46 : 8));
  const pos = new Map<string, { x: number; y: number }>();
  const rows = Math.max(...cols.map((c) => c.length));
  const H = rows * (NODE_H + GAP) + 16;
  cols.forEach((col, c) => {
    if (c > 0) {
      // Order by the mean row of predecessors (barycentre), so edges mostly run straight.
      const bary = (n: GraphNode) => {
        const ys = edges.filter((e) => e.to === n.id && pos.has(e.from)).map((e) => pos.get(e.from)!.y);
        return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 1e9;
      };
      col.sort((a, b) => bary(a) - bary(b));
    }
    const top = (H - col.length * (NODE_H + GAP)) / 2;
    col.forEach((n, r) => pos.set(n.id, { x: 4 + c * colW, y: top + r * (NODE_H + GAP) }));
  });
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${num(H)}" width="100%" role="img" aria-label="${esc(title)}" class="graph" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
  );
  out.push(`<title>${esc(title)}</title>`);
  out.push(
    `<defs><marker id="arrow-${uid}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="#868e96"/></marker></defs>`,
  );
  const labelled = edges.length <= 40;
  const drawn = new Set<string>();
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const key = `${e.from}>${e.to}>${e.label}`;
    if (drawn.has(key)) continue;
    drawn.add(key);
    const x1 = a.x + boxW,
      y1 = a.y + NODE_H / 2,
      x2 = b.x,
      y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    const color = e.failed ? '#c92a2a' : categoryColor(e.category);
    out.push(
      `<path d="M${num(x1)} ${num(y1)}C${num(mx)} ${num(y1)} ${num(mx)} ${num(y2)} ${num(x2 - 1)} ${num(y2)}" fill="none" stroke="${color}" stroke-width="1.1"${e.failed ? ' stroke-dasharray="3 2"' : ''} marker-end="url(#arrow-${uid})"/>`,
    );
    if (labelled && e.label)
      out.push(text(x2 - 4, y2 - 4, middle(e.label, 34), 'font-size="6.5" text-anchor="end" fill="#495057"'));
  }
  for (const [id, p] of pos) {
    const n = nodes.get(id)!;
    const fill = n.kind === 'identity' ? '#e7f0fb' : n.kind === 'more' ? '#fff' : '#f1f3f5';
    const stroke = n.kind === 'identity' ? '#1c7ed6' : '#868e96';
    out.push(
      `<rect x="${num(p.x)}" y="${num(p.y)}" width="${num(boxW)}" height="${NODE_H}" rx="${n.kind === 'identity' ? 6 : 1.5}" fill="${fill}" stroke="${stroke}" stroke-width="0.9"${n.kind === 'more' ? ' stroke-dasharray="3 2"' : ''}/>`,
    );
    const chars = Math.floor((boxW - 8) / 4.3);
    out.push(text(p.x + 4, p.y + 10, middle(n.label, chars), 'font-size="7.5" fill="#212529"'));
    if (n.sub)
      out.push(text(p.x + 4, p.y + 19.5, middle(n.sub, Math.floor(chars * 1.1)), 'font-size="6.5" fill="#6c757d"'));
  }
  out.push('</svg>');
  return out.join('');
}
