// Graph data as the views draw it: the core's graph (graph.overview / graph.scope) as view nodes and edges,
// big graphs aggregated (resources grouped by service or type, expandable), a path search as a graph.
import type { Graph, GraphNode, IdentityKind, PathResult, ScopeGraph } from '../../lib/contract';

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
  /**
   * A path's hop: when it became reachable (null: from the start) and how many of the edge's `total` events fall
   * at or after then (`count`) — the one rule the path list, the graph and the hop pane say it by.
   */
  hop?: { reachable: string | null; total: number };
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  aggregated?: boolean;
  /** Identities the core left out to keep the graph drawable (the quietest ones). */
  omitted?: number;
  /** Nodes the walk started from (blast radius, path): the first column. */
  roots?: string[];
  /** Blast radius: the scope's period, which the time slider spans. */
  period?: { from: string; to: string } | null;
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
  const scope = 'start_nodes' in g ? g : null;
  return {
    nodes,
    edges,
    aggregated: g.aggregated,
    omitted: g.omitted_identities,
    roots: scope?.start_nodes,
    period: scope?.period ?? null,
  };
}

/**
 * The paths of graph.path as one graph: every node and hop once (paths share them), a node's time the earliest
 * moment any path reached it, the origin as the root.
 */
export function pathGraph(r: PathResult): ViewGraph {
  const nodes = new Map<string, ViewNode>();
  const edges = new Map<string, ViewEdge>();
  const node = (id: string, label: string, first: string | null) => {
    const cur = nodes.get(id);
    if (!cur) nodes.set(id, { id, label, type: id.startsWith('r:') ? 'resource' : 'identity', first, nhi: undefined });
    else if (first && (!cur.first || first < cur.first)) cur.first = first;
  };
  for (const p of r.paths)
    for (const h of p.hops) {
      node(h.from_node, h.from, null);
      node(h.to_node, h.to, h.at);
      const e = edges.get(h.edge);
      if (!e)
        edges.set(h.edge, {
          id: h.edge,
          source: h.from_node,
          target: h.to_node,
          kind: h.kind,
          count: h.events,
          first: h.at,
          last: null,
          hop: { reachable: h.reachable, total: h.edge_events },
        });
      else if (h.at < (e.first ?? '')) {
        // Paths share the edge: drawn with the earliest way any of them used it.
        e.first = h.at;
        e.count = h.events;
        e.hop = { reachable: h.reachable, total: h.edge_events };
      }
    }
  const roots = r.from.ids.map((i) => `i:${i}`).filter((id) => nodes.has(id));
  return { nodes: [...nodes.values()], edges: [...edges.values()], roots, period: null };
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
  /** A node label never grouped (the resource the view centres on). */
  keep?: string,
): ViewGraph & { groups: Map<string, string[]> } {
  const groups = new Map<string, string[]>();
  if (g.nodes.length <= limit) return { ...g, groups };
  const groupOf = new Map<string, string>();
  for (const n of g.nodes) {
    if (n.type !== 'resource' || n.label === keep) continue;
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
