// Scope-graph data from events: identity → resource edges aggregated per pair, and identity → identity edges
// where an event issued a credential to, or assumed, another identity (facts). What reached a node — the main
// action, how many events, when first — is written on the node itself: edge labels collide where edges converge.
import type { GraphEdge, GraphNode } from '../svg/graph.js';
import type { Clock } from '../time.js';

export interface GraphEvent { id: number; identity: string; resource: string | null; action: string; category: string; outcome: string; ts: number }
export interface GraphLink { id: number; from: string; to: string; action: string; ts: number }

interface Agg { from: string; to: string; actions: Map<string, Set<number>>; category: string; first: number; ok: boolean; events: Set<number> }

export function graphFromEvents(events: GraphEvent[], links: GraphLink[], clock: Clock): { nodes: GraphNode[]; edges: GraphEdge[] } {
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
  for (const e of events) {
    node(e.identity, 'identity');
    if (!e.resource) continue;
    node(e.resource, identityNames.has(e.resource) ? 'identity' : 'resource');
    add(e.id, e.identity, e.resource, e.action, e.category, e.outcome !== 'failure', e.ts);
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
