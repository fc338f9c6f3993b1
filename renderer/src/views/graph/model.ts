// Graph data as the views draw it: the core's graph (graph.overview / graph.scope) as view nodes and edges,
// big graphs aggregated (resources grouped by service or type, expandable), and SVG export from laid-out
// positions.
import type { Graph, GraphNode, IdentityKind, ScopeGraph } from '../../lib/contract';

/** A node as the view draws it: an identity or a resource from the core, or a group of resources. */
export interface ViewNode {
  id: string;
  type: 'identity' | 'resource' | 'group';
  label: string;
  /** identities: what kind of identity */
  identityKind?: IdentityKind;
  /** resources: the resource type */
  kind?: string;
  events?: number;
  nhi?: boolean;
  /** first seen, or in a scope graph first reached */
  first?: string | null;
  /** groups: how many resources they stand for */
  count?: number;
  members?: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  kind?: string;
  count: number;
  first: string | null;
  last: string | null;
  actions?: string[];
  /** An edge into or out of a group: the edges it stands for. */
  members?: ViewEdge[];
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  aggregated?: boolean;
  /** Identities the core left out to keep the graph drawable (the quietest ones). */
  omitted?: number;
}

function viewNode(x: GraphNode): ViewNode {
  const base = {
    id: x.id,
    label: x.label,
    events: x.events,
    // A scope graph's nodes carry when the walk first reached them; that is the time the view plays back.
    first: x.first_reach ?? x.first,
  };
  if (x.type === 'identity') return { ...base, type: 'identity', identityKind: x.kind, nhi: x.nhi };
  if (x.type === 'resource') return { ...base, type: 'resource', kind: x.kind ?? undefined };
  return { ...base, type: 'group', kind: x.kind ?? undefined, count: x.members, members: x.members };
}

/** The core's graph as the view draws it. */
export function viewGraph(g: Graph | ScopeGraph): ViewGraph {
  const nodes = g.nodes.map(viewNode);
  const ids = new Set(nodes.map((n) => n.id));
  const edges: ViewEdge[] = g.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      kind: e.kind,
      count: e.events,
      first: e.first,
      last: e.last,
      actions: e.actions,
    }));
  return { nodes, edges, aggregated: g.aggregated, omitted: g.omitted_identities };
}

/**
 * Service of a resource name: `arn:aws:s3:::x` → aws:s3, `k8s:ns/pods/x` → k8s:pods, `vault:secret/x` → vault:secret.
 */
export function serviceOf(n: ViewNode): string {
  const name = n.label;
  const arn = /^arn:[^:]+:([^:]+):/.exec(name);
  if (arn) return `aws:${arn[1]}`;
  const k8s = /^k8s:[^/]*\/([^/]+)/.exec(name);
  if (k8s) return `k8s:${k8s[1]}`;
  const pfx = /^([a-z0-9-]+):([^/:]+)/i.exec(name);
  if (pfx) return `${pfx[1]}:${pfx[2]}`;
  return n.kind ?? 'resource';
}

/**
 * Big graphs: beyond `limit` nodes, resources are grouped by service (unless their group is expanded), and
 * edges into a group summed. Identities stay individual.
 */
export function aggregate(
  g: ViewGraph,
  limit: number,
  expanded: Set<string>,
): ViewGraph & { groups: Map<string, string[]> } {
  const groups = new Map<string, string[]>();
  if (g.nodes.length <= limit) return { ...g, groups };
  const groupOf = new Map<string, string>();
  for (const n of g.nodes) {
    if (n.type !== 'resource') continue;
    const svc = serviceOf(n);
    if (expanded.has(`cg:${svc}`)) continue;
    const gid = `cg:${svc}`;
    groupOf.set(n.id, gid);
    if (!groups.has(gid)) groups.set(gid, []);
    groups.get(gid)!.push(n.id);
  }
  const nodes: ViewNode[] = g.nodes.filter((n) => !groupOf.has(n.id));
  for (const [gid, members] of groups) {
    const ms = g.nodes.filter((n) => members.includes(n.id));
    const first =
      ms
        .map((m) => m.first)
        .filter(Boolean)
        .sort()[0] ?? null;
    nodes.push({
      id: gid,
      type: 'group',
      label: `${gid.slice(3)} (${members.length})`,
      events: ms.reduce((a, m) => a + (m.events ?? 0), 0),
      first,
      members: members.length,
      count: members.length,
    });
  }
  const merged = new Map<string, ViewEdge>();
  for (const e of g.edges) {
    const src = groupOf.get(e.source) ?? e.source;
    const dst = groupOf.get(e.target) ?? e.target;
    const key = `${src}>${dst}>${e.kind ?? ''}`;
    const m = merged.get(key);
    if (!m)
      merged.set(key, {
        ...e,
        id: groupOf.has(e.source) || groupOf.has(e.target) ? key : e.id,
        source: src,
        target: dst,
        members: groupOf.has(e.target) || groupOf.has(e.source) ? [e] : undefined,
      });
    else {
      m.count += e.count;
      if (e.first && (!m.first || e.first < m.first)) m.first = e.first;
      if (e.last && (!m.last || e.last > m.last)) m.last = e.last;
      m.members?.push(e);
    }
  }
  return { nodes, edges: [...merged.values()], groups, aggregated: true };
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SvgNode {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  fill: string;
  stroke: string;
  shape: 'ellipse' | 'round-rectangle' | 'hexagon';
  text: string;
}
export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  width: number;
  label: string;
  dashed: boolean;
  text: string;
}

/** A standalone SVG document from laid-out node and edge geometry; all labels escaped as text. */
export function toSvg(nodes: SvgNode[], edges: SvgEdge[], bg: string, title: string): string {
  const xs = nodes.flatMap((n) => [n.x - n.w / 2, n.x + n.w / 2]);
  const ys = nodes.flatMap((n) => [n.y - n.h / 2, n.y + n.h / 2 + 16]);
  const pad = 40;
  const minX = Math.min(0, ...xs) - pad;
  const minY = Math.min(0, ...ys) - pad;
  const w = Math.max(...xs, 100) - minX + pad;
  const h = Math.max(...ys, 100) - minY + pad;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX.toFixed(1)} ${minY.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}" width="${Math.round(w)}" height="${Math.round(h)}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
  );
  out.push(`<title>${esc(title)}</title>`);
  out.push(
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
  );
  out.push(`<rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="${esc(bg)}"/>`);
  for (const e of edges) {
    out.push(
      `<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${esc(e.color)}" stroke-width="${e.width.toFixed(1)}"${e.dashed ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow)"/>`,
    );
    if (e.label)
      out.push(
        `<text x="${((e.x1 + e.x2) / 2).toFixed(1)}" y="${((e.y1 + e.y2) / 2 - 4).toFixed(1)}" font-size="9" text-anchor="middle" fill="${esc(e.text)}">${esc(e.label)}</text>`,
      );
  }
  for (const n of nodes) {
    const x = n.x - n.w / 2;
    const y = n.y - n.h / 2;
    if (n.shape === 'ellipse')
      out.push(
        `<ellipse cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" rx="${(n.w / 2).toFixed(1)}" ry="${(n.h / 2).toFixed(1)}" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`,
      );
    else if (n.shape === 'hexagon') {
      const pts = [0, 1, 2, 3, 4, 5]
        .map((k) => {
          const a = (Math.PI / 3) * k;
          return `${(n.x + (n.w / 2) * Math.cos(a)).toFixed(1)},${(n.y + (n.h / 2) * Math.sin(a)).toFixed(1)}`;
        })
        .join(' ');
      out.push(`<polygon points="${pts}" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`);
    } else
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${n.w.toFixed(1)}" height="${n.h.toFixed(1)}" rx="4" fill="${esc(n.fill)}" stroke="${esc(n.stroke)}" stroke-width="2"/>`,
      );
    out.push(
      `<text x="${n.x.toFixed(1)}" y="${(n.y + n.h / 2 + 12).toFixed(1)}" font-size="10" text-anchor="middle" fill="${esc(n.text)}">${esc(n.label.length > 48 ? n.label.slice(0, 22) + '…' + n.label.slice(-22) : n.label)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
