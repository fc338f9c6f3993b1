// Pathfinding (graph.path, `sessionscope path`): how identity A could have reached identity or resource B, through
// the identity edges (assumed, federated, impersonated, minted, triggered) in time order — each hop only after
// the previous hop gave its source the credential — and, for a resource, a last hop where an identity reached
// on the way touched it. The search itself is core/model/temporal-paths.ts; this loads its edges and names.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { formatMicros } from '../model/time.js';
import { closest } from '../model/search/errors.js';
import { temporalPaths, type TimedEdge } from '../model/temporal-paths.js';
import { resolveIdentityIds } from './identity-filter.js';

export interface PathHopJson {
  /** The graph edge id (graph.edgeEvents lists its events). */
  edge: string;
  from: string;
  to: string;
  /** Node ids as graph.overview names them: i:<identity>, r:<resource>. */
  from_node: string;
  to_node: string;
  kind: string;
  /** The hop's first usable event and its time. */
  at: string;
  event: number;
  /**
   * When the hop became reachable: its source was reached then (the previous hop's `at`, or `since` for the first
   * hop); null for a first hop without `since` — every event of the edge counts.
   */
  reachable: string | null;
  /** The edge's events at or after `reachable` (all of them when it is null): the events this hop could use. */
  events: number;
  /** Every event of the edge at any time, as graph.edgeEvents lists them (`events` of them were usable). */
  edge_events: number;
}

export interface PathJson {
  hops: PathHopJson[];
  arrival: string;
}

export interface PathResult {
  from: { ids: number[]; names: string[] };
  to: { node: string; name: string; type: 'identity' | 'resource' };
  since: string | null;
  paths: PathJson[];
  truncated: boolean;
}

export interface PathQuery {
  from: string;
  to: string;
  since?: number;
  maxPaths?: number;
  maxHops?: number;
}

const tail = (x: string) => x.split(/[/:]/).filter(Boolean).pop() ?? x;

/** Names an identity could be given by, nearest first: for "did you mean". */
function nearIdentities(db: CaseDb, ref: string): string[] {
  const names = db.prepare('SELECT name FROM identities WHERE live = 1').pluck().all() as string[];
  const low = ref.toLowerCase();
  const contains = names.filter((x) => x.toLowerCase().includes(low)).slice(0, 5);
  const tails = names.map(tail);
  const byTail = closest(tail(ref), tails, 5).map((t) => names[tails.indexOf(t)]);
  return [...new Set([...contains, ...closest(ref, names, 5), ...byTail])].slice(0, 5);
}

function resolveOne(db: CaseDb, ref: string, role: '--from' | '--to'): number[] {
  const ids = resolveIdentityIds(db, ref);
  if (ids.length === 0) return ids;
  if (ids.length > 1) {
    const names = db
      .prepare(`SELECT id, name FROM identities WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`)
      .all(...ids) as { id: number; name: string }[];
    // Not a usage mistake but a name the case holds twice: CONFLICT (exit 1), with the candidates.
    throw new UserError(
      'CONFLICT',
      `${role} ${JSON.stringify(ref)} matches ${ids.length} identities: ${names
        .slice(0, 8)
        .map((x) => `${x.name} (id ${x.id})`)
        .join(', ')} — give one of these names or ids`,
    );
  }
  return ids;
}

function notFound(db: CaseDb, ref: string, role: string, resources: boolean): UserError {
  const near = nearIdentities(db, ref);
  if (resources) {
    const low = `%${ref.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    near.push(
      ...(db
        .prepare("SELECT name FROM resources WHERE lower(name) LIKE ? ESCAPE '\\' ORDER BY events DESC LIMIT 3")
        .pluck()
        .all(low) as string[]),
    );
    // Misspelt: the nearest by the last part of the name (a bucket, a secret, a role), among the busiest 50,000.
    const names = db.prepare('SELECT name FROM resources ORDER BY events DESC LIMIT 50000').pluck().all() as string[];
    const tails = names.map(tail);
    near.push(...closest(tail(ref), tails, 3).map((t) => names[tails.indexOf(t)]));
  }
  return new UserError(
    'NOT_FOUND',
    `${role} ${JSON.stringify(ref)}: no ${resources ? 'identity or resource' : 'identity'} by that name` +
      (near.length
        ? `; closest: ${[...new Set(near)].slice(0, 6).join(', ')}`
        : '; list them with `sessionscope identities`'),
  );
}

/** Every identity edge with its event times (from `since` on), as the search takes them. */
function identityEdges(db: CaseDb, since: number | undefined): TimedEdge[] {
  const byEdge = new Map<number, TimedEdge>();
  for (const e of db.prepare('SELECT id, src, dst, kind FROM identity_edges').raw(true).iterate() as Iterable<
    [number, number, number, string]
  >)
    byEdge.set(e[0], { id: `e:${e[0]}`, source: `i:${e[1]}`, target: `i:${e[2]}`, kind: e[3], times: [], events: [] });
  for (const [edge, ts, event] of db
    .prepare('SELECT edge_id, ts, event_id FROM identity_edge_events WHERE ts >= ? ORDER BY edge_id, ts, event_id')
    .raw(true)
    .iterate(since ?? -Number.MAX_SAFE_INTEGER) as Iterable<[number, number, number]>) {
    const e = byEdge.get(edge);
    // One event can link an edge's ends more than once (a minted key used in two sessions: one row per session);
    // rows come ordered by event within an edge, so a repeat is the row just before.
    if (!e || e.events[e.events.length - 1] === event) continue;
    e.times.push(ts);
    e.events.push(event);
  }
  return [...byEdge.values()];
}

/** Who touched a resource and when: the last hop of a path to a resource. */
function touchEdges(db: CaseDb, resourceId: number, name: string, since: number | undefined): TimedEdge[] {
  const who = db
    .prepare('SELECT identity_id FROM resource_edges WHERE resource_id = ?')
    .pluck()
    .all(resourceId) as number[];
  const st = db
    .prepare('SELECT ts, id FROM events WHERE identity_id = ? AND resource = ? AND ts >= ? ORDER BY ts, id')
    .raw(true);
  return who.map((i) => {
    const rows = st.all(i, name, since ?? -Number.MAX_SAFE_INTEGER) as [number, number][];
    return {
      id: `ir:${i}:${resourceId}`,
      source: `i:${i}`,
      target: `r:${resourceId}`,
      kind: 'touched',
      times: rows.map((r) => r[0]),
      events: rows.map((r) => r[1]),
    };
  });
}

export function findPaths(db: CaseDb, q: PathQuery): PathResult {
  const fromIds = resolveOne(db, q.from, '--from');
  if (fromIds.length === 0) throw notFound(db, q.from, '--from', false);
  let target: PathResult['to'];
  const edges = identityEdges(db, q.since);
  const toIds = resolveOne(db, q.to, '--to');
  if (toIds.length === 1) {
    const name = db.prepare('SELECT name FROM identities WHERE id = ?').pluck().get(toIds[0]) as string;
    target = { node: `i:${toIds[0]}`, name, type: 'identity' };
  } else {
    const r = db.prepare('SELECT id, name FROM resources WHERE name = ?').get(q.to) as
      { id: number; name: string } | undefined;
    if (!r) throw notFound(db, q.to, '--to', true);
    target = { node: `r:${r.id}`, name: r.name, type: 'resource' };
    edges.push(...touchEdges(db, r.id, r.name, q.since));
  }
  if (fromIds.includes(Number(target.node.slice(2))) && target.type === 'identity')
    throw new UserError('INVALID_PARAMS', '--from and --to name the same identity');

  const search = temporalPaths(
    edges,
    fromIds.map((i) => `i:${i}`),
    target.node,
    { since: q.since, maxPaths: q.maxPaths, maxHops: q.maxHops },
  );
  const ids = new Set<number>();
  for (const p of search.paths)
    for (const h of p.hops) for (const n of [h.source, h.target]) if (n.startsWith('i:')) ids.add(Number(n.slice(2)));
  for (const i of fromIds) ids.add(i);
  // Each hop's whole edge, counted as graph.edgeEvents counts it, so "3 of 11" reads the same in every view.
  const edgeCount = db.prepare('SELECT count(DISTINCT event_id) FROM identity_edge_events WHERE edge_id = ?').pluck();
  const touchCount = db.prepare('SELECT count(*) FROM events WHERE identity_id = ? AND resource = ?').pluck();
  const totals = new Map<string, number>();
  const totalOf = (edge: string): number => {
    let v = totals.get(edge);
    if (v !== undefined) return v;
    const m = /^e:(\d+)$/.exec(edge);
    v = (m ? edgeCount.get(Number(m[1])) : touchCount.get(Number(edge.split(':')[1]), target.name)) as number;
    totals.set(edge, v);
    return v;
  };
  const names = new Map<string, string>();
  const st = db.prepare('SELECT name FROM identities WHERE id = ?').pluck();
  for (const i of ids) names.set(`i:${i}`, st.get(i) as string);
  names.set(target.node, target.name);
  return {
    from: { ids: fromIds, names: fromIds.map((i) => names.get(`i:${i}`)!) },
    to: target,
    since: q.since !== undefined ? formatMicros(q.since) : null,
    paths: search.paths.map((p) => ({
      arrival: formatMicros(p.arrival),
      hops: p.hops.map((h) => ({
        edge: h.edge,
        from: names.get(h.source) ?? h.source,
        to: names.get(h.target) ?? h.target,
        from_node: h.source,
        to_node: h.target,
        kind: h.kind,
        at: formatMicros(h.at),
        event: h.event,
        reachable: h.reachable === null ? null : formatMicros(h.reachable),
        events: h.usable,
        edge_events: totalOf(h.edge),
      })),
    })),
    truncated: search.truncated,
  };
}
