// Graph data as the views draw it: normalizes what graph.overview / graph.scope / scope.run return, aggregates
// big graphs (resources grouped by service or type, expandable), and exports SVG from laid-out positions.
import type { Graph, GraphEdge, GraphNode } from '../../lib/api';

type Obj = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

export function normGraph(raw: unknown): Graph {
  const o = (raw ?? {}) as Obj;
  const nodesIn = (Array.isArray(o.nodes) ? o.nodes : []) as Obj[];
  const edgesIn = (Array.isArray(o.edges) ? o.edges : []) as Obj[];
  const nodes: GraphNode[] = nodesIn.map((x) => {
    const rawType = String(x.type ?? x.group ?? (x.resource_type !== undefined ? 'resource' : 'identity'));
    const type = rawType === 'resource_group' ? 'group' : rawType;
    const id = String(x.id ?? x.key ?? `${type}:${x.name}`);
    return {
      id,
      type: type === 'resource' || type === 'identity' ? type : type,
      label: String(x.label ?? x.name ?? id),
      kind: s(x.kind ?? x.resource_type ?? x.rtype) ?? undefined,
      events: num(x.events ?? x.count),
      nhi: x.nhi === true || x.nhi === 1,
      first: s(x.first_reach ?? x.first ?? x.first_seen ?? x.first_ts ?? x.first_touch),
      ref: (x.ref ?? x.name ?? x.label ?? null) as GraphNode['ref'],
      count: x.members !== undefined ? num(x.members) : undefined,
    };
  });
  const edges: GraphEdge[] = edgesIn.map((x, i) => ({
    id: String(x.id ?? `e${i}`),
    source: String(x.source ?? x.src ?? x.from),
    target: String(x.target ?? x.dst ?? x.to),
    kind: s(x.kind ?? x.type) ?? undefined,
    count: num(x.count ?? x.events),
    first: s(x.first ?? x.first_ts ?? x.first_seen),
    last: s(x.last ?? x.last_ts ?? x.last_seen),
    actions: Array.isArray(x.actions)
      ? (x.actions as unknown[]).map(String)
      : typeof x.actions === 'string'
        ? (x.actions as string).split(',').filter(Boolean)
        : undefined,
    failures: num(x.failures),
    ref: x.ref ?? x,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    truncated: o.truncated === true,
    aggregated: o.aggregated === true,
  };
}

/** scope.run's {identities, resources, paths} as a graph, when graph.scope is not there. */
export function scopeToGraph(root: string, raw: unknown): Graph {
  const o = (raw ?? {}) as Obj;
  const ids = (Array.isArray(o.identities) ? o.identities : []) as Obj[];
  const res = (Array.isArray(o.resources) ? o.resources : []) as Obj[];
  const nodes: GraphNode[] = [
    { id: `i:${root}`, type: 'identity', label: root, events: 0, first: null, ref: root, nhi: true },
  ];
  const seen = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  for (const i of ids) {
    const name = String(i.name);
    const id = `i:${name}`;
    if (!seen.has(id)) {
      nodes.push({ id, type: 'identity', label: name, first: s(i.first_seen), ref: name, nhi: true });
      seen.add(id);
    }
    const via = s(i.via);
    const from = via ? `i:${via}` : `i:${root}`;
    if (from !== id)
      edges.push({
        id: `${from}>${id}`,
        source: from,
        target: id,
        count: 1,
        first: s(i.first_seen),
        last: null,
        kind: 'reached',
      });
  }
  for (const r of res) {
    const name = String(r.name);
    const id = `r:${name}`;
    if (!seen.has(id)) {
      nodes.push({
        id,
        type: 'resource',
        label: name,
        kind: s(r.type) ?? undefined,
        first: s(r.first_touch),
        ref: name,
      });
      seen.add(id);
    }
    const by = s(r.by ?? r.identity) ?? root;
    const from = `i:${by}`;
    edges.push({
      id: `${from}>${id}`,
      source: seen.has(from) ? from : `i:${root}`,
      target: id,
      count: num(r.events ?? (Array.isArray(r.actions) ? (r.actions as unknown[]).length : 1)),
      first: s(r.first_touch),
      last: null,
      actions: Array.isArray(r.actions) ? (r.actions as unknown[]).map(String) : undefined,
    });
  }
  for (const path of (Array.isArray(o.paths) ? o.paths : []) as unknown[][]) {
    for (let k = 1; k < path.length; k++) {
      const a = `i:${String(path[k - 1])}`;
      const b = `i:${String(path[k])}`;
      if (seen.has(a) && seen.has(b) && !edges.some((e) => e.source === a && e.target === b))
        edges.push({ id: `${a}>${b}`, source: a, target: b, count: 1, first: null, last: null, kind: 'path' });
    }
  }
  return { nodes, edges };
}

/**
 * Service of a resource name: `arn:aws:s3:::x` → aws:s3, `k8s:ns/pods/x` → k8s:pods, `vault:secret/x` → vault:secret.
 */
export function serviceOf(n: GraphNode): string {
  const name = String(n.ref ?? n.label);
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
export function aggregate(g: Graph, limit: number, expanded: Set<string>): Graph & { groups: Map<string, string[]> } {
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
  const nodes: GraphNode[] = g.nodes.filter((n) => !groupOf.has(n.id));
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
  const merged = new Map<string, GraphEdge>();
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
        ref: groupOf.has(e.target) || groupOf.has(e.source) ? { group: true, edges: [e] } : e.ref,
      });
    else {
      m.count += e.count;
      m.failures = (m.failures ?? 0) + (e.failures ?? 0);
      if (e.first && (!m.first || e.first < m.first)) m.first = e.first;
      if (e.last && (!m.last || e.last > m.last)) m.last = e.last;
      const r = m.ref as { group?: boolean; edges?: GraphEdge[] };
      if (r?.group) r.edges!.push(e);
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
