// Graph data for the UI (cytoscape): identities and resources with their edges, counts and first/last times.
// Never more than the view can draw: past `maxNodes`, resources are aggregated by service and the least
// active identities are left out (and counted). Node and edge ids are strings a later call can hand back:
//   i:<identity id>  r:<resource id>  g:<service>          (nodes)
//   e:<identity edge id>  ir:<identity>:<resource>  ig:<identity>:<service>   (edges; graph.edgeEvents takes them)
//   reach:<from identity>:<to identity>[:<event>]   (a blast-radius link through a session's credentials)
// A resource that is an identity of the graph (a role assumed, a user given a key) is drawn as that identity.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { formatMicros, parseIsoMicros } from '../model/time.js';
import type { IdentityKind } from '../model/identity.js';
import { computeScope } from './scope.js';

interface NodeBase {
  id: string;
  label: string;
  service: string | null;
  events: number;
  first: string | null;
  last: string | null;
  /** resource groups: how many resources they stand for */
  members?: number;
  /** scope graph: when the walk first reached it */
  first_reach?: string | null;
}

/** An identity, or a resource (kind: its type), or resources grouped by service. */
export type GraphNode =
  | (NodeBase & { type: 'identity'; kind: IdentityKind; nhi: boolean })
  | (NodeBase & { type: 'resource' | 'resource_group'; kind: string | null; nhi: null });

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** assumed, federated, impersonated, minted, triggered (identity → identity), touched (identity → resource) */
  kind: string;
  events: number;
  first: string | null;
  last: string | null;
  actions?: string[];
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  aggregated: boolean;
  omitted_identities: number;
}

/** graph.scope: the graph of what an identity reached, with the identity paths and the names it started from. */
export interface ScopeGraph extends Graph {
  paths: string[][];
  start: string[];
  /** The start identities' node ids (the roots of the left-to-right layout). */
  start_nodes: string[];
  /** The scope's period: from the start time (or the first hop) to the last thing reached; the slider spans it. */
  period: { from: string; to: string } | null;
}

/** graph.edgeEvents: one page of the event ids behind an edge. */
export interface EdgeEvents {
  edge: string;
  total: number;
  ids: number[];
}

const iso = (t: number | null) => (t === null ? null : formatMicros(t));

interface IdRow {
  id: number;
  name: string;
  kind: IdentityKind;
  nhi: number;
  events: number;
  first_ts: number | null;
  last_ts: number | null;
}
interface SvcEdge {
  identity_id: number;
  service: string;
  resources: number;
  events: number;
  first_ts: number;
  last_ts: number;
  actions: string;
}
interface ResEdge {
  identity_id: number;
  resource_id: number;
  name: string;
  type: string | null;
  service: string;
  events: number;
  first_ts: number;
  last_ts: number;
  actions: string;
  r_events: number;
  r_first: number;
  r_last: number;
}

/**
 * Resources that are identities of the case (an IAM role assumed, a user given a key: the API call names the
 * identity as its resource), by resource id → identity id, for the identities in `among`. The graph draws them as
 * that identity's node, so no identity appears twice.
 */
function identityResources(db: CaseDb, among: Set<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [rid, iid] of db
    .prepare(
      `SELECT r.id, i.id FROM resources r JOIN identities i ON i.name = r.name AND i.live = 1
       UNION SELECT r.id, i.id FROM resources r JOIN aliases a ON a.value = r.name JOIN identities i ON i.id = a.identity_id AND i.live = 1`,
    )
    .raw(true)
    .all() as [number, number][])
    if (among.has(iid) && !out.has(rid)) out.set(rid, iid);
  return out;
}

const RES_EDGE_SELECT = `SELECT e.identity_id, e.resource_id, r.name, r.type, r.service, e.events, e.first_ts, e.last_ts,
  e.actions, r.events AS r_events, r.first_ts AS r_first, r.last_ts AS r_last
  FROM resource_edges e JOIN resources r ON r.id = e.resource_id`;

/**
 * Past max nodes, the resource edges drawn one by one (each identity's, in resource order) — those of expanded
 * services and those to resources that are identities — and the services whose other resources are grouped.
 * The top identities of a large case touch millions of resources (3.4M edges for the first 300 identities of a
 * 10M-event case: 14–25 s to read them all only to count them into groups); this reads only the edges drawn,
 * each by the cheaper of a scan of the identity's edges or a look-up per candidate resource, and takes "this
 * identity has grouped resources in S" from service_edges (its `resources` against the edges drawn).
 */
function drawnWhenAggregated(
  db: CaseDb,
  idents: IdRow[],
  svcRows: SvcEdge[],
  expand: Set<string>,
  asIdentity: Map<number, number>,
  time: { sql: string; args: number[] },
): { edges: ResEdge[][]; grouped: Set<string> } {
  // Candidate resources by service: the identities' own, and every resource of an expanded service.
  const byService = new Map<string, number[]>();
  const add = (svc: string, id: number) => {
    const l = byService.get(svc);
    if (l) l.push(id);
    else byService.set(svc, [id]);
  };
  const asIds = [...asIdentity.keys()];
  for (let k = 0; k < asIds.length; k += 500) {
    const chunk = asIds.slice(k, k + 500);
    for (const [id, svc] of db
      .prepare(`SELECT id, service FROM resources WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .raw(true)
      .all(...chunk) as [number, string][])
      if (!expand.has(svc)) add(svc, id);
  }
  if (expand.size > 0) {
    const list = [...expand];
    for (const [id, svc] of db
      .prepare(`SELECT id, service FROM resources WHERE service IN (${list.map(() => '?').join(',')})`)
      .raw(true)
      .all(...list) as [number, string][])
      add(svc, id);
  }
  const one = db.prepare(`${RES_EDGE_SELECT} WHERE e.identity_id = ? AND e.resource_id = ?${time.sql}`);
  const inService = db.prepare(`${RES_EDGE_SELECT} WHERE e.identity_id = ? AND r.service = ?${time.sql}`);
  // With a time window, service_edges' count covers edges outside it: whether one outside the drawn is inside is asked.
  const otherInWindow =
    time.sql === ''
      ? null
      : db.prepare(
          `SELECT 1 FROM resource_edges e JOIN resources r ON r.id = e.resource_id WHERE e.identity_id = ? AND r.service = ?${time.sql}
           AND e.resource_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1`,
        );
  const svcOf = new Map<number, SvcEdge[]>();
  for (const r of svcRows) {
    const l = svcOf.get(r.identity_id);
    if (l) l.push(r);
    else svcOf.set(r.identity_id, [r]);
  }
  const grouped = new Set<string>();
  const edges = idents.map((i) => {
    const out: ResEdge[] = [];
    const mine = svcOf.get(i.id) ?? [];
    // What a scan of this identity's edges costs: all of them (the key is identity, resource; not the service).
    const scanCost = mine.reduce((a, r) => a + r.resources, 0);
    for (const svc of mine) {
      const candidates = byService.get(svc.service) ?? [];
      const found =
        expand.has(svc.service) && scanCost < candidates.length
          ? (inService.all(i.id, svc.service, ...time.args) as ResEdge[])
          : candidates.flatMap((rid) => {
              const r = one.get(i.id, rid, ...time.args) as ResEdge | undefined;
              return r ? [r] : [];
            });
      out.push(...found);
      if (expand.has(svc.service) || grouped.has(svc.service)) continue;
      const rest = otherInWindow
        ? otherInWindow.get(i.id, svc.service, ...time.args, JSON.stringify(found.map((r) => r.resource_id))) !==
          undefined
        : svc.resources > found.length;
      if (rest) grouped.add(svc.service);
    }
    return out.sort((a, b) => a.resource_id - b.resource_id);
  });
  return { edges, grouped };
}

export function graphOverview(
  db: CaseDb,
  o: {
    maxNodes?: number;
    nhiOnly?: boolean;
    from?: number;
    to?: number;
    /** Services whose resources are drawn one by one even when the rest are grouped (a group clicked open). */
    expand?: string[];
    /** A resource the view centres on: its service is expanded so it has a node of its own. */
    focus?: string;
  } = {},
): Graph {
  const max = Math.max(10, Math.min(o.maxNodes ?? 300, 5000));
  const timeCond = (a: string) => {
    const c: string[] = [];
    const args: number[] = [];
    if (o.from !== undefined) {
      c.push(`${a}.last_ts >= ?`);
      args.push(o.from);
    }
    if (o.to !== undefined) {
      c.push(`${a}.first_ts < ?`);
      args.push(o.to);
    }
    return { sql: c.length ? ' AND ' + c.join(' AND ') : '', args };
  };
  const tc = timeCond('i');
  const all = db
    .prepare(
      `SELECT id, name, kind, nhi, events, first_ts, last_ts FROM identities i WHERE live = 1${o.nhiOnly ? ' AND nhi = 1' : ''}${tc.sql}
    ORDER BY nhi DESC, events DESC, id`,
    )
    .all(...tc.args) as IdRow[];
  const idents = all.slice(0, max);
  const keep = new Set(idents.map((i) => i.id));
  const nodes: GraphNode[] = idents.map((i) => ({
    id: `i:${i.id}`,
    type: 'identity',
    label: i.name,
    kind: i.kind,
    nhi: i.nhi === 1,
    service: null,
    events: i.events,
    first: iso(i.first_ts),
    last: iso(i.last_ts),
  }));
  const edges: GraphEdge[] = [];
  const te = timeCond('e');
  for (const e of db
    .prepare(
      `SELECT id, src, dst, kind, events, first_ts, last_ts FROM identity_edges e WHERE 1${te.sql} ORDER BY first_ts`,
    )
    .all(...te.args) as {
    id: number;
    src: number;
    dst: number;
    kind: string;
    events: number;
    first_ts: number;
    last_ts: number;
  }[]) {
    if (!keep.has(e.src) || !keep.has(e.dst)) continue;
    edges.push({
      id: `e:${e.id}`,
      source: `i:${e.src}`,
      target: `i:${e.dst}`,
      kind: e.kind,
      events: e.events,
      first: iso(e.first_ts),
      last: iso(e.last_ts),
    });
  }
  const re = timeCond('e');
  // Past max nodes, resources are grouped by service (precomputed per identity × service at derivation).
  const svcRows: SvcEdge[] = [];
  const svcSt = db.prepare(
    `SELECT e.identity_id, e.service, e.resources, e.events, e.first_ts, e.last_ts, e.actions FROM service_edges e WHERE e.identity_id = ?${re.sql}`,
  );
  for (const i of idents) svcRows.push(...(svcSt.all(i.id, ...re.args) as SvcEdge[]));
  const touchedUpperBound = svcRows.reduce((a, r) => a + r.resources, 0);
  const aggregated = idents.length + touchedUpperBound > max;
  const expand = new Set(o.expand ?? []);
  if (o.focus) {
    const svc = db.prepare('SELECT service FROM resources WHERE name = ?').pluck().get(o.focus) as string | undefined;
    if (svc === undefined) throw new UserError('NOT_FOUND', `no resource named ${JSON.stringify(o.focus)}`);
    expand.add(svc);
  }
  const asIdentity = identityResources(db, keep);
  // Resources drawn one by one: all of them, or past max nodes those of expanded services and those that are
  // identities themselves (a role assumed, a user given a key: one node, never a resource twin of the identity).
  const st = db.prepare(`${RES_EDGE_SELECT} WHERE e.identity_id = ?${re.sql}`);
  const drawn = aggregated
    ? drawnWhenAggregated(db, idents, svcRows, expand, asIdentity, re)
    : { edges: idents.map((i) => st.all(i.id, ...re.args) as ResEdge[]), grouped: new Set<string>() };
  const grouped = drawn.grouped;
  const seen = new Set<number>();
  for (const list of drawn.edges) {
    for (const r of list) {
      const twin = asIdentity.get(r.resource_id);
      if (twin === undefined && !seen.has(r.resource_id)) {
        seen.add(r.resource_id);
        nodes.push({
          id: `r:${r.resource_id}`,
          type: 'resource',
          label: r.name,
          kind: r.type,
          nhi: null,
          service: r.service,
          events: r.r_events,
          first: iso(r.r_first),
          last: iso(r.r_last),
        });
      }
      edges.push({
        id: `ir:${r.identity_id}:${r.resource_id}`,
        source: `i:${r.identity_id}`,
        target: twin !== undefined ? `i:${twin}` : `r:${r.resource_id}`,
        kind: 'touched',
        events: r.events,
        first: iso(r.first_ts),
        last: iso(r.last_ts),
        actions: r.actions ? r.actions.split(',') : [],
      });
    }
  }
  if (aggregated) {
    const groups = new Map<string, { events: number; first: number; last: number }>();
    for (const r of svcRows) {
      if (!grouped.has(r.service)) continue;
      const g = groups.get(r.service);
      if (!g) groups.set(r.service, { events: r.events, first: r.first_ts, last: r.last_ts });
      else {
        g.events += r.events;
        g.first = Math.min(g.first, r.first_ts);
        g.last = Math.max(g.last, r.last_ts);
      }
      edges.push({
        id: `ig:${r.identity_id}:${r.service}`,
        source: `i:${r.identity_id}`,
        target: `g:${r.service}`,
        kind: 'touched',
        events: r.events,
        first: iso(r.first_ts),
        last: iso(r.last_ts),
        actions: r.actions ? r.actions.split(',') : [],
      });
    }
    const members = db.prepare('SELECT service, count(*) AS n FROM resources GROUP BY service').all() as {
      service: string;
      n: number;
    }[];
    const count = new Map(members.map((m) => [m.service, m.n]));
    for (const [service, g] of groups) {
      nodes.push({
        id: `g:${service}`,
        type: 'resource_group',
        label: service,
        kind: null,
        nhi: null,
        service,
        events: g.events,
        first: iso(g.first),
        last: iso(g.last),
        members: count.get(service) ?? 0,
      });
    }
  }
  return { nodes, edges, aggregated, omitted_identities: all.length - idents.length };
}

/** The event ids behind an edge of graphOverview / graphScope, in time order, keyset-paged. */
export function graphEdgeEvents(db: CaseDb, edge: string, o: { limit?: number; after?: number } = {}): EdgeEvents {
  const limit = Math.max(1, Math.min(o.limit ?? 1000, 100_000));
  const after = o.after ?? -1;
  let m = /^e:(\d+)$/.exec(edge);
  if (m) {
    const id = Number(m[1]);
    const total = db
      .prepare('SELECT count(DISTINCT event_id) FROM identity_edge_events WHERE edge_id = ?')
      .pluck()
      .get(id) as number;
    const ids = db
      .prepare(
        'SELECT DISTINCT event_id FROM identity_edge_events WHERE edge_id = ? AND event_id > ? ORDER BY event_id LIMIT ?',
      )
      .pluck()
      .all(id, after, limit) as number[];
    return { edge, total, ids };
  }
  m = /^ir:(\d+):(\d+)$/.exec(edge);
  if (m) {
    const name = db.prepare('SELECT name FROM resources WHERE id = ?').pluck().get(Number(m[2])) as string | undefined;
    if (name === undefined) throw new UserError('NOT_FOUND', `no resource ${m[2]}`);
    const total = db
      .prepare('SELECT events FROM resource_edges WHERE identity_id = ? AND resource_id = ?')
      .pluck()
      .get(Number(m[1]), Number(m[2])) as number | undefined;
    const ids = db
      .prepare('SELECT id FROM events WHERE identity_id = ? AND resource = ? AND id > ? ORDER BY id LIMIT ?')
      .pluck()
      .all(Number(m[1]), name, after, limit) as number[];
    return { edge, total: total ?? 0, ids };
  }
  m = /^ig:(\d+):(.+)$/.exec(edge);
  if (m) {
    const total = db
      .prepare(
        'SELECT sum(e.events) FROM resource_edges e JOIN resources r ON r.id = e.resource_id WHERE e.identity_id = ? AND r.service = ?',
      )
      .pluck()
      .get(Number(m[1]), m[2]) as number | null;
    const ids = db
      .prepare(
        `SELECT id FROM events WHERE identity_id = ? AND resource IN (SELECT r.name FROM resource_edges e JOIN resources r ON r.id = e.resource_id
      WHERE e.identity_id = ? AND r.service = ?) AND id > ? ORDER BY id LIMIT ?`,
      )
      .pluck()
      .all(Number(m[1]), Number(m[1]), m[2], after, limit) as number[];
    return { edge, total: total ?? 0, ids };
  }
  m = /^reach:(\d+):(\d+)(?::(\d+))?$/.exec(edge);
  if (m) {
    // A blast-radius link the walk followed through a session's credentials: the event that issued them, and
    // any identity-edge events between the same two identities.
    const set = new Set<number>(
      db
        .prepare(
          'SELECT ee.event_id FROM identity_edge_events ee JOIN identity_edges e ON e.id = ee.edge_id WHERE e.src = ? AND e.dst = ?',
        )
        .pluck()
        .all(Number(m[1]), Number(m[2])) as number[],
    );
    if (m[3] !== undefined) set.add(Number(m[3]));
    const all = [...set].sort((a, b) => a - b);
    return { edge, total: all.length, ids: all.filter((x) => x > after).slice(0, limit) };
  }
  throw new UserError(
    'INVALID_PARAMS',
    `not a graph edge id: ${edge.slice(0, 100)} (expected e:N, ir:I:R, ig:I:service or reach:I:J[:event])`,
  );
}

/** The scope of an identity as a graph: reached identities and touched resources with first-reach times. */
export function graphScope(db: CaseDb, identity: string, since?: number, maxNodes = 300): ScopeGraph {
  const s = computeScope(db, identity, since);
  const nodes: GraphNode[] = s.identities.map((i) => ({
    id: `i:${i.id}`,
    type: 'identity',
    label: i.name,
    kind: i.kind,
    nhi: i.nhi,
    service: null,
    events: 0,
    first: i.first_seen,
    last: null,
    first_reach: i.first_seen,
  }));
  const edges: GraphEdge[] = [];
  // The edge that reached each identity: the identity edge itself when the walk followed one (so its events are
  // all listed), else the credential link (a session opened with credentials the source issued) as reach:….
  const edgeOf = db.prepare('SELECT id, events, last_ts FROM identity_edges WHERE src = ? AND dst = ? AND kind = ?');
  for (const i of s.identities) {
    if (i.reached_by.from_identity === null || i.via === 'start') continue;
    const real = edgeOf.get(i.reached_by.from_identity, i.id, i.via) as
      { id: number; events: number; last_ts: number } | undefined;
    edges.push({
      id: real
        ? `e:${real.id}`
        : i.reached_by.event !== null
          ? `reach:${i.reached_by.from_identity}:${i.id}:${i.reached_by.event}`
          : `reach:${i.reached_by.from_identity}:${i.id}`,
      source: `i:${i.reached_by.from_identity}`,
      target: `i:${i.id}`,
      kind: i.via,
      events: real ? real.events : 1,
      first: i.first_seen,
      last: real ? formatMicros(real.last_ts) : i.first_seen,
    });
  }
  const nameToId = new Map(s.identities.map((i) => [i.name, i.id]));
  const twins = identityResources(db, new Set(s.identities.map((i) => i.id)));
  const twinEdges = (r: (typeof s.resources)[number], twin: number) => {
    for (const who of r.identities) {
      const iid = nameToId.get(who);
      if (iid !== undefined && iid !== twin)
        edges.push({
          id: `ir:${iid}:${r.id}`,
          source: `i:${iid}`,
          target: `i:${twin}`,
          kind: 'touched',
          events: r.events,
          first: r.first_touch,
          last: null,
          actions: r.actions,
        });
    }
  };
  const aggregated = s.identities.length + s.resources.length > maxNodes;
  if (!aggregated) {
    for (const r of s.resources) {
      const twin = twins.get(r.id);
      if (twin !== undefined) {
        twinEdges(r, twin);
        continue;
      }
      nodes.push({
        id: `r:${r.id}`,
        type: 'resource',
        label: r.name,
        kind: r.type,
        nhi: null,
        service: r.service,
        events: r.events,
        first: r.first_touch,
        last: null,
        first_reach: r.first_touch,
      });
      for (const who of r.identities) {
        const iid = nameToId.get(who);
        if (iid !== undefined)
          edges.push({
            id: `ir:${iid}:${r.id}`,
            source: `i:${iid}`,
            target: `r:${r.id}`,
            kind: 'touched',
            events: r.events,
            first: r.first_touch,
            last: null,
            actions: r.actions,
          });
      }
    }
  } else {
    const groups = new Map<string, { n: number; events: number; first: number; who: Set<number>; acts: Set<string> }>();
    for (const r of s.resources) {
      const twin = twins.get(r.id);
      if (twin !== undefined) {
        twinEdges(r, twin);
        continue;
      }
      let g = groups.get(r.service);
      if (!g)
        groups.set(r.service, (g = { n: 0, events: 0, first: r.first_touch_us, who: new Set(), acts: new Set() }));
      g.n++;
      g.events += r.events;
      g.first = Math.min(g.first, r.first_touch_us);
      for (const who of r.identities) {
        const iid = nameToId.get(who);
        if (iid !== undefined) g.who.add(iid);
      }
      for (const a of r.actions) if (g.acts.size < 20) g.acts.add(a);
    }
    for (const [service, g] of groups) {
      nodes.push({
        id: `g:${service}`,
        type: 'resource_group',
        label: service,
        kind: null,
        nhi: null,
        service,
        events: g.events,
        first: formatMicros(g.first),
        last: null,
        members: g.n,
        first_reach: formatMicros(g.first),
      });
      for (const iid of g.who)
        edges.push({
          id: `ig:${iid}:${service}`,
          source: `i:${iid}`,
          target: `g:${service}`,
          kind: 'touched',
          events: g.events,
          first: formatMicros(g.first),
          last: null,
          actions: [...g.acts],
        });
    }
  }
  const reached = [
    ...s.identities.filter((i) => i.via !== 'start').map((i) => i.first_seen_us),
    ...s.resources.map((r) => r.first_touch_us),
  ];
  // reduce, not Math.min(...): a big scope reaches more resources than a call takes arguments.
  const lo = reached.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = reached.reduce((a, b) => Math.max(a, b), -Infinity);
  const period =
    reached.length === 0
      ? null
      : {
          from: formatMicros(s.start.since !== null ? Math.min(lo, parseIsoMicros(s.start.since) ?? lo) : lo),
          to: formatMicros(hi),
        };
  return {
    nodes,
    edges,
    aggregated,
    omitted_identities: 0,
    paths: s.paths,
    start: s.start.names,
    start_nodes: s.start.identities.map((i) => `i:${i}`),
    period,
  };
}
