// Scope-graph data from events: identity → resource edges aggregated per pair, and identity → identity edges
// where an event issued a credential to, or assumed, another identity (facts). What reached a node — the main
// action, how many events, when first — is written on the node itself: edge labels collide where edges converge.
import type { GraphEdge, GraphNode } from '../svg/graph.js';
import type { Clock } from '../time.js';

export interface GraphEvent {
  id: number;
  identity: string;
  resource: string | null;
  action: string;
  category: string;
  outcome: string;
  ts: number;
}
export interface GraphLink {
  id: number;
  from: string;
  to: string;
  action: string;
  ts: number;
}

interface Agg {
  from: string;
  to: string;
  actions: Map<string, Set<number>>;
  category: string;
  first: number;
  ok: boolean;
  events: Set<number>;
}

/** The parent of a resource name: one path or ARN segment less ("arn:aws:s3:::b/k/x" → "arn:aws:s3:::b/k/"). */
function parentOf(name: string): string | null {
  const trimmed = name.replace(/[/:]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':'));
  return cut > 0 ? trimmed.slice(0, cut + 1) : null;
}

/**
 * Too many resources to draw one by one (UI.md: aggregate beyond a few hundred, here beyond a page): fold them
 * into their common parents — objects into their prefix, then their bucket, then the service — until they fit.
 */
function groupResources(names: string[], max: number): Map<string, string> {
  const group = new Map(names.map((n) => [n, n]));
  for (let level = 0; level < 8 && new Set(group.values()).size > max; level++) {
    for (const [n, g] of group) {
      const p = parentOf(g);
      if (p !== null) group.set(n, p);
    }
  }
  return group;
}

export const MAX_RESOURCES = 24;

export function graphFromEvents(
  events: GraphEvent[],
  links: GraphLink[],
  clock: Clock,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const agg = new Map<string, Agg>();
  const identityNames = new Set(events.map((e) => e.identity));
  for (const l of links) identityNames.add(l.to);
  const node = (id: string, kind: GraphNode['kind']) => {
    if (!nodes.has(id)) nodes.set(id, { id, label: id, kind });
  };
  const add = (id: number, from: string, to: string, action: string, category: string, ok: boolean, ts: number) => {
    const k = `${from}\u0000${to}`;
    let a = agg.get(k);
    if (!a) agg.set(k, (a = { from, to, actions: new Map(), category, first: ts, ok: false, events: new Set() }));
    const set = a.actions.get(action) ?? new Set<number>();
    set.add(id);
    a.actions.set(action, set);
    a.first = Math.min(a.first, ts);
    a.events.add(id);
    a.ok ||= ok;
  };
  const resources = [
    ...new Set(events.map((e) => e.resource).filter((r): r is string => r !== null && !identityNames.has(r))),
  ];
  const groupOf =
    resources.length > MAX_RESOURCES ? groupResources(resources, MAX_RESOURCES) : new Map(resources.map((r) => [r, r]));
  const members = new Map<string, number>();
  for (const g of groupOf.values()) members.set(g, (members.get(g) ?? 0) + 1);
  for (const e of events) {
    node(e.identity, 'identity');
    if (!e.resource) continue;
    const target = identityNames.has(e.resource) ? e.resource : groupOf.get(e.resource)!;
    const many = (members.get(target) ?? 1) > 1 || target !== e.resource;
    node(target, identityNames.has(e.resource) ? 'identity' : 'resource');
    if (many) nodes.get(target)!.label = `${target}* (${members.get(target)} resources)`;
    add(e.id, e.identity, target, e.action, e.category, e.outcome !== 'failure', e.ts);
  }
  for (const l of links) {
    node(l.from, 'identity');
    node(l.to, 'identity');
    add(l.id, l.from, l.to, l.action, 'credential', true, l.ts);
  }
  const edges: GraphEdge[] = [];
  const incoming = new Map<string, string[]>();
  for (const a of agg.values()) {
    const [top] = [...a.actions.entries()].sort((x, y) => y[1].size - x[1].size)[0];
    const more = a.actions.size > 1 ? ` +${a.actions.size - 1} action${a.actions.size > 2 ? 's' : ''}` : '';
    const n = a.events.size;
    const text = `${top}${more} · ${n} event${n === 1 ? '' : 's'} · first ${clock.clock(a.first)}${a.ok ? '' : ' · all failed'}`;
    edges.push({ from: a.from, to: a.to, label: '', category: a.category, failed: !a.ok });
    incoming.set(a.to, [...(incoming.get(a.to) ?? []), text]);
  }
  for (const n of nodes.values()) {
    const inc = incoming.get(n.id);
    if (inc) n.sub = inc.length === 1 ? inc[0] : `${inc[0]} (+${inc.length - 1} more callers)`;
    else if (n.kind === 'identity') {
      const outs = edges.filter((e) => e.from === n.id).length;
      n.sub = `identity · reached ${outs} target${outs === 1 ? '' : 's'}`;
    }
  }
  return { nodes: [...nodes.values()], edges };
}
