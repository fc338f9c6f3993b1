// Scope / blast radius: from an identity and a time, everything reachable forward in time. The walk follows
// credentials, not just names: a session reached at t reaches the sessions opened with credentials it issued
// at or after t (AssumeRole*, CreateAccessKey, a Vault token — whoever later uses them), and the identities
// those credentials belong to; links the logs state without a session (impersonation stated on the target's
// events, a federated join) carry on from the identity. Resources count from the time their session was
// reached. Nothing is reached before the start time or through identities the walk never reached.
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { identityIds } from './resolve.js';
import { UserError } from '../errors.js';
import type { IdentityKind } from '../model/identity.js';
import { SLOTS_PER_MS } from '../evidence/event-ids.js';
import { decodeEntries } from '../derive/session-resources.js';

export interface ScopeVia {
  kind: string;
  from_identity: number | null;
  from_session: number | null;
  event: number | null;
  action: string | null;
}

export interface ScopeIdentity {
  id: number;
  name: string;
  kind: IdentityKind;
  nhi: boolean;
  first_seen: string;
  first_seen_us: number;
  /** 'start', or how it was reached: assumed, federated, impersonated, minted, triggered, credential */
  via: string;
  from: string | null;
  reached_by: ScopeVia;
  path: string[];
}

export interface ScopeResource {
  id: number;
  name: string;
  type: string | null;
  service: string;
  first_touch: string;
  first_touch_us: number;
  actions: string[];
  events: number;
  identities: string[];
  first_event: number;
}

export interface ScopeSession {
  id: number;
  identity_id: number | null;
  reached: string;
  reached_us: number;
  via: ScopeVia;
}

export interface ScopeResult {
  start: { identities: number[]; names: string[]; since: string | null };
  identities: ScopeIdentity[];
  resources: ScopeResource[];
  sessions: ScopeSession[];
  paths: string[][];
  truncated: boolean;
}

interface Reach {
  t: number;
  via: ScopeVia;
}

const MAX_SESSIONS = 200_000;
/** Log delivery skew allowed around a CI run's recorded end (µs). */
const RUN_SLACK = 5 * 60_000_000;

class MinQueue {
  private readonly items: [number, number, number][] = []; // [t, type 0=session 1=identity, id]
  push(x: [number, number, number]): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p][0] <= a[i][0]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): [number, number, number] | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < a.length && a[l][0] < a[m][0]) m = l;
        if (r < a.length && a[r][0] < a[m][0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

type Child = [number, number | null, number, number, string | null];

/**
 * Sessions opened by a session's credentials. A small walk asks the index per session; a walk that reaches
 * thousands of sessions (an AWS service that delivers every instance key) loads all parent links once.
 */
class ChildIndex {
  private readonly one;
  private all: Map<number, Child[]> | null = null;
  private asked = 0;

  constructor(private readonly db: CaseDb) {
    this.one = db
      .prepare(
        'SELECT id, identity_id, parent_ts, parent_event, parent_action FROM sessions WHERE parent_session_id = ? AND parent_ts >= ?',
      )
      .raw(true);
  }

  of(session: number, since: number): Child[] {
    if (!this.all && ++this.asked > 500) {
      this.all = new Map();
      for (const r of this.db
        .prepare(
          'SELECT parent_session_id, id, identity_id, parent_ts, parent_event, parent_action FROM sessions WHERE parent_session_id IS NOT NULL',
        )
        .raw(true)
        .iterate() as Iterable<[number, number, number | null, number, number, string | null]>) {
        const l = this.all.get(r[0]);
        const c: Child = [r[1], r[2], r[3], r[4], r[5]];
        if (l) l.push(c);
        else this.all.set(r[0], [c]);
      }
    }
    if (this.all) return (this.all.get(session) ?? []).filter((c) => c[2] >= since);
    return this.one.all(session, since) as Child[];
  }
}

type EdgeRow = [number, number, number | null, number, string];

/** The identity-edge events a session was the source of; same small-walk / big-walk split as ChildIndex. */
class EdgeIndex {
  private readonly one;
  private all: Map<number, EdgeRow[]> | null = null;
  private asked = 0;

  constructor(private readonly db: CaseDb) {
    this.one = db
      .prepare(
        `SELECT ee.event_id, ee.ts, ee.dst_session, e.dst, e.kind FROM identity_edge_events ee JOIN identity_edges e ON e.id = ee.edge_id
      WHERE ee.src_session = ? AND ee.ts >= ?`,
      )
      .raw(true);
  }

  of(session: number, since: number): EdgeRow[] {
    if (!this.all && ++this.asked > 500) {
      this.all = new Map();
      for (const r of this.db
        .prepare(
          `SELECT ee.src_session, ee.event_id, ee.ts, ee.dst_session, e.dst, e.kind FROM identity_edge_events ee
        JOIN identity_edges e ON e.id = ee.edge_id WHERE ee.src_session IS NOT NULL`,
        )
        .raw(true)
        .iterate() as Iterable<[number, number, number, number | null, number, string]>) {
        const row: EdgeRow = [r[1], r[2], r[3], r[4], r[5]];
        const l = this.all.get(r[0]);
        if (l) l.push(row);
        else this.all.set(r[0], [row]);
      }
    }
    if (this.all) return (this.all.get(session) ?? []).filter((x) => x[1] >= since);
    return this.one.all(session, since) as EdgeRow[];
  }
}

export function computeScope(db: CaseDb, identity: string, since?: number): ScopeResult {
  const startIds = identityIds(db, identity);
  if (startIds.length === 0)
    throw new UserError(
      'NOT_FOUND',
      `${identity} is a logged principal with no derived identity: run sessionscope derive`,
    );
  const T0 = since ?? -Infinity;
  const reachS = new Map<number, Reach>();
  const reachI = new Map<number, Reach>();
  const sessIdentity = new Map<number, number | null>();
  const q = new MinQueue();
  let truncated = false;

  const reachSession = (s: number, identityId: number | null, t: number, via: ScopeVia) => {
    const cur = reachS.get(s);
    if (cur && cur.t <= t) return;
    if (!cur && reachS.size >= MAX_SESSIONS) {
      truncated = true;
      return;
    }
    reachS.set(s, { t, via });
    sessIdentity.set(s, identityId);
    q.push([t, 0, s]);
  };
  const reachIdentity = (i: number, t: number, via: ScopeVia) => {
    const cur = reachI.get(i);
    if (cur && cur.t <= t) return;
    reachI.set(i, { t, via });
    q.push([t, 1, i]);
  };

  const startVia: ScopeVia = { kind: 'start', from_identity: null, from_session: null, event: null, action: null };
  const ownSessions = db.prepare('SELECT id, start_ts FROM sessions WHERE identity_id = ? AND end_ts >= ?').raw(true);
  for (const i of startIds) {
    let first = Infinity;
    for (const [s, start] of ownSessions.iterate(i, T0 === -Infinity ? -Number.MAX_SAFE_INTEGER : T0) as Iterable<
      [number, number]
    >) {
      const t = Math.max(T0, start);
      first = Math.min(first, t);
      reachSession(s, i, t, startVia);
    }
    reachIdentity(i, Number.isFinite(first) ? first : Number.isFinite(T0) ? T0 : 0, startVia);
  }

  const children = new ChildIndex(db);
  const fromSession = new EdgeIndex(db);
  const fromIdentity = db
    .prepare(
      `SELECT ee.event_id, ee.ts, ee.dst_session, e.dst, e.kind FROM identity_edge_events ee JOIN identity_edges e ON e.id = ee.edge_id
    WHERE ee.src = ? AND ee.src_session IS NULL AND ee.ts >= ?`,
    )
    .raw(true);
  const sessionOwner = db.prepare('SELECT identity_id FROM sessions WHERE id = ?').pluck();
  const sessionEnd = db.prepare('SELECT end_ts FROM sessions WHERE id = ?').pluck();
  const sessionsStarting = db
    .prepare('SELECT id FROM sessions WHERE identity_id = ? AND start_ts BETWEEN ? AND ?')
    .pluck();
  const lo = (t: number) => (Number.isFinite(t) ? t : -Number.MAX_SAFE_INTEGER);

  const follow = (rows: Iterable<EdgeRow>, fromI: number | null, fromS: number | null) => {
    for (const [event, ts, dstSession, dst, kind] of rows) {
      const via: ScopeVia = { kind, from_identity: fromI, from_session: fromS, event, action: null };
      if (dstSession !== null)
        reachSession(dstSession, (sessionOwner.get(dstSession) as number | null | undefined) ?? dst, ts, via);
      else if (kind === 'triggered' && fromS !== null) {
        // A CI run: the workload's sessions that start while the run lasts (the run's own session: created →
        // completed, keyed by its run id) are the run's; later runs are not reached through this one.
        const end = (sessionEnd.get(fromS) as number | undefined) ?? ts;
        for (const s of sessionsStarting.iterate(dst, ts, Math.max(end, ts) + RUN_SLACK) as Iterable<number>)
          reachSession(s, dst, ts, via);
      }
      reachIdentity(dst, ts, via);
    }
  };

  for (let item = q.pop(); item; item = q.pop()) {
    const [t, type, id] = item;
    if (type === 0) {
      const r = reachS.get(id)!;
      if (r.t < t) continue;
      const owner = sessIdentity.get(id) ?? null;
      if (owner !== null) reachIdentity(owner, t, r.via);
      follow(fromSession.of(id, lo(t)), owner, id);
      for (const [child, childIdentity, pts, pev, pact] of children.of(id, lo(t))) {
        reachSession(child, childIdentity, pts, {
          kind: 'credential',
          from_identity: owner,
          from_session: id,
          event: pev,
          action: pact,
        });
        if (childIdentity !== null)
          reachIdentity(childIdentity, pts, {
            kind: 'credential',
            from_identity: owner,
            from_session: id,
            event: pev,
            action: pact,
          });
      }
    } else {
      const r = reachI.get(id)!;
      if (r.t < t) continue;
      follow(fromIdentity.iterate(id, lo(t)) as Iterable<EdgeRow>, id, null);
    }
  }

  return assemble(db, startIds, T0, reachS, reachI, truncated);
}

const CHUNK = 500;

/** Rows of `sql (?,?,…)` for many ids, 500 at a time, through one prepared statement (the last chunk padded). */
function* chunked(db: CaseDb, sql: string, ids: number[]): Iterable<unknown[]> {
  if (ids.length === 0) return;
  const st = db.prepare(`${sql} (${new Array(CHUNK).fill('?').join(',')})`).raw(true);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    while (chunk.length < CHUNK) chunk.push(-1);
    yield* st.iterate(...chunk) as Iterable<unknown[]>;
  }
}

function assemble(
  db: CaseDb,
  startIds: number[],
  T0: number,
  reachS: Map<number, Reach>,
  reachI: Map<number, Reach>,
  truncated: boolean,
): ScopeResult {
  const ids = [...reachI.keys()];
  const info = new Map<number, { name: string; kind: IdentityKind; nhi: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of db
      .prepare(`SELECT id, name, kind, nhi FROM identities WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as { id: number; name: string; kind: IdentityKind; nhi: number }[])
      info.set(r.id, r);
  }
  const nameOf = (i: number | null) => (i === null ? null : (info.get(i)?.name ?? `identity ${i}`));
  const pathOf = (i: number): string[] => {
    const out: string[] = [];
    const seen = new Set<number>();
    let cur: number | null = i;
    while (cur !== null && !seen.has(cur)) {
      seen.add(cur);
      out.unshift(nameOf(cur)!);
      const via: ScopeVia | undefined = reachI.get(cur)?.via;
      cur = via && via.kind !== 'start' ? via.from_identity : null;
    }
    return out;
  };
  const identities: ScopeIdentity[] = [...reachI.entries()]
    .sort((a, b) => a[1].t - b[1].t)
    .map(([i, r]) => ({
      id: i,
      name: nameOf(i)!,
      kind: info.get(i)?.kind ?? 'unknown',
      nhi: info.get(i)?.nhi === 1,
      first_seen: formatMicros(r.t),
      first_seen_us: r.t,
      via: r.via.kind,
      from: nameOf(r.via.from_identity),
      reached_by: r.via,
      path: pathOf(i),
    }));

  // Resources: precomputed per session where the whole session is in scope; from the events where a session
  // was reached part-way through (a start identity's session that spans the start time).
  // Column-wise by resource id: a big scope touches tens of thousands of resources.
  const maxRes = (db.prepare('SELECT coalesce(max(id), 0) FROM resources').pluck().get() as number) + 1;
  const rFirst = new Float64Array(maxRes).fill(Infinity);
  const rFirstEvent = new Float64Array(maxRes);
  const rEvents = new Int32Array(maxRes);
  const rActions = new Map<number, string[]>();
  const rWho = new Map<number, number[]>();
  const touched: number[] = [];
  const touch = (
    res: number,
    first: number,
    firstEvent: number,
    events: number,
    action: string,
    identity: number | null,
  ) => {
    if (res >= maxRes) return;
    if (rEvents[res] === 0) touched.push(res);
    if (first < rFirst[res]) {
      rFirst[res] = first;
      rFirstEvent[res] = firstEvent;
    }
    rEvents[res] += events;
    const acts = rActions.get(res);
    if (!acts) rActions.set(res, [action]);
    else if (acts.length < 50 && !acts.includes(action)) acts.push(action);
    if (identity !== null) {
      const who = rWho.get(res);
      if (!who) rWho.set(res, [identity]);
      else if (!who.includes(identity)) who.push(identity);
    }
  };
  const sessionIds = [...reachS.keys()];
  const partial: [number, number][] = [];
  const meta = new Map<
    number,
    { start: number; identity: number | null; first_event: number; last_event: number; identity_count: number }
  >();
  const actionName = new Map<number, string>(
    db.prepare('SELECT id, name FROM actions').raw(true).all() as [number, string][],
  );
  for (const r of chunked(
    db,
    'SELECT id, start_ts, identity_id, first_event, last_event, identity_count FROM sessions WHERE id IN',
    sessionIds,
  ) as Iterable<[number, number, number | null, number, number, number]>) {
    meta.set(r[0], { start: r[1], identity: r[2], first_event: r[3], last_event: r[4], identity_count: r[5] });
  }
  for (const [s, n, data] of chunked(
    db,
    'SELECT session_id, entries, data FROM session_resources WHERE session_id IN',
    sessionIds,
  ) as Iterable<[number, number, Buffer]>) {
    const m = meta.get(s)!;
    // Reached part-way through: its resources come from its events after the reach time (below).
    if (reachS.get(s)!.t > m.start) continue;
    decodeEntries(data, n, (res, action, events, first, _last, firstEvent) =>
      touch(res, first, firstEvent, events, actionName.get(action) ?? '?', m.identity),
    );
  }
  for (const [s, r] of reachS) if (r.t > meta.get(s)!.start) partial.push([s, r.t]);
  const resId = db.prepare('SELECT id FROM resources WHERE name = ?').pluck();
  for (const [s, t] of partial) {
    const m = meta.get(s)!;
    const idCond = m.identity !== null && m.identity_count === 1 ? 'identity_id = ? AND ' : '';
    const args: unknown[] = m.identity !== null && m.identity_count === 1 ? [m.identity] : [];
    const rows = db
      .prepare(
        `SELECT resource, action, count(*), min(ts), min(id) FROM events WHERE ${idCond}id BETWEEN ? AND ? AND session_id = ? AND ts >= ?
      AND resource IS NOT NULL GROUP BY resource, action`,
      )
      .raw(true)
      .all(...args, Math.max(m.first_event, Math.floor(t / 1000) * SLOTS_PER_MS), m.last_event, s, t) as [
      string,
      string,
      number,
      number,
      number,
    ][];
    for (const [name, action, n, first, firstEvent] of rows) {
      const id = resId.get(name) as number | undefined;
      if (id !== undefined) touch(id, first, firstEvent, n, action, m.identity);
    }
  }
  const rinfo = new Map<number, { name: string; type: string | null; service: string }>();
  const rows =
    touched.length > maxRes / 4
      ? db.prepare('SELECT id, name, type, service FROM resources').raw(true).iterate()
      : chunked(db, 'SELECT id, name, type, service FROM resources WHERE id IN', touched);
  for (const [id, name, type, service] of rows as Iterable<[number, string, string | null, string]>)
    if (rEvents[id] > 0) rinfo.set(id, { name, type, service });
  const resources: ScopeResource[] = touched
    .sort((a, b) => rFirst[a] - rFirst[b])
    .map((id) => ({
      id,
      name: rinfo.get(id)?.name ?? String(id),
      type: rinfo.get(id)?.type ?? null,
      service: rinfo.get(id)?.service ?? 'other',
      first_touch: formatMicros(rFirst[id]),
      first_touch_us: rFirst[id],
      actions: rActions.get(id) ?? [],
      events: rEvents[id],
      identities: (rWho.get(id) ?? []).map((i) => nameOf(i) ?? String(i)),
      first_event: rFirstEvent[id],
    }));
  const sessions: ScopeSession[] = [...reachS.entries()]
    .sort((a, b) => a[1].t - b[1].t)
    .map(([id, r]) => ({
      id,
      identity_id: meta.get(id)?.identity ?? null,
      reached: formatMicros(r.t),
      reached_us: r.t,
      via: r.via,
    }));
  const start = new Set(startIds);
  return {
    start: {
      identities: startIds,
      names: startIds.map((i) => nameOf(i)!),
      since: Number.isFinite(T0) ? formatMicros(T0) : null,
    },
    identities,
    resources,
    sessions,
    paths: identities.filter((i) => !start.has(i.id)).map((i) => i.path),
    truncated,
  };
}
