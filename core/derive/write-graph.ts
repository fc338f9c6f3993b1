// Persists the graph: resources, identity → resource edges, session × resource × action (for scope),
// identity → identity edges with the events behind them, and the credentials the logs show being issued.
import type { CaseDb } from '../casefile/open.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates } from './aggregate.js';
import type { EdgeFact, Issued } from './edge-facts.js';
import { observable, type SessionLinks } from './session-links.js';
import type { IdentityRow } from './write-identities.js';
import { serviceOf } from './atoms.js';
import { CATEGORIES } from '../model/event.js';
import { encodeEntries } from './session-resources.js';

export function writeResources(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  identities: IdentityRow[],
  sessionIds: Float64Array,
): void {
  db.prepare('DELETE FROM resources').run();
  const ins = db.prepare(
    'INSERT INTO resources(id, name, type, service, events, first_ts, last_ts) VALUES (?,?,?,?,?,?,?)',
  );
  const service: string[] = new Array(scan.resources.size);
  for (let r = 0; r < scan.resources.size; r++) {
    const name = scan.resources.values[r];
    service[r] = serviceOf(name, scan.resourceType[r]);
    if (agg.resN[r] > 0)
      ins.run(r + 1, name, scan.resourceType[r], service[r], agg.resN[r], agg.resFirst[r], agg.resLast[r]);
  }
  db.prepare('DELETE FROM actions').run();
  const act = db.prepare('INSERT INTO actions(id, name, category) VALUES (?,?,?)');
  for (let a = 0; a < scan.actions.size; a++) act.run(a + 1, scan.actions.values[a], CATEGORIES[scan.actionCat[a]]);

  // Distinct actions per identity × resource edge.
  const nA = agg.domains.action;
  const edgeActs = new Map<number, number[]>();
  for (const k of agg.edgeActions) {
    const e = Math.floor(k / nA);
    const l = edgeActs.get(e);
    if (l) l.push(k - e * nA);
    else edgeActs.set(e, [k - e * nA]);
  }
  db.prepare('DELETE FROM resource_edges').run();
  db.prepare('DELETE FROM service_edges').run();
  const edge = db.prepare(
    'INSERT INTO resource_edges(identity_id, resource_id, events, failures, first_ts, last_ts, first_event, actions) VALUES (?,?,?,?,?,?,?,?)',
  );
  const svc = db.prepare(
    'INSERT INTO service_edges(identity_id, service, resources, events, failures, first_ts, last_ts, actions) VALUES (?,?,?,?,?,?,?,?)',
  );
  const t = agg.edges;
  const nR = agg.domains.resource;
  const sorted = t.sortedEntries();
  let curIdentity = -1;
  let bySvc = new Map<
    string,
    { resources: number; events: number; fails: number; first: number; last: number; acts: Set<number> }
  >();
  const flushSvc = () => {
    if (curIdentity < 0) return;
    for (const [name, v] of [...bySvc.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      svc.run(
        identities[curIdentity].dbId,
        name,
        v.resources,
        v.events,
        v.fails,
        v.first,
        v.last,
        [...v.acts].map((a) => scan.actions.values[a]).join(','),
      );
    }
    bySvc = new Map();
  };
  for (let j = 0; j < sorted.length; j += 2) {
    const k = sorted[j];
    const row = sorted[j + 1];
    const i = Math.floor(k / nR);
    const r = k - i * nR;
    if (i !== curIdentity) {
      flushSvc();
      curIdentity = i;
    }
    const acts = edgeActs.get(row) ?? [];
    edge.run(
      identities[i].dbId,
      r + 1,
      t.n[row],
      t.fails[row],
      t.first[row],
      t.last[row],
      scan.id[t.firstPos[row]],
      acts.map((a) => scan.actions.values[a]).join(','),
    );
    let v = bySvc.get(service[r]);
    if (!v)
      bySvc.set(
        service[r],
        (v = { resources: 0, events: 0, fails: 0, first: t.first[row], last: t.last[row], acts: new Set() }),
      );
    v.resources++;
    v.events += t.n[row];
    v.fails += t.fails[row];
    if (t.first[row] < v.first) v.first = t.first[row];
    if (t.last[row] > v.last) v.last = t.last[row];
    for (const a of acts) if (v.acts.size < 20) v.acts.add(a);
  }
  flushSvc();

  db.prepare('DELETE FROM session_resources').run();
  const sr = db.prepare('INSERT INTO session_resources(session_id, entries, data) VALUES (?,?,?)');
  const x = agg.sessionResources;
  const order = scan.sessions.map((_, si) => si).sort((a, b) => sessionIds[a] - sessionIds[b]);
  for (const si of order) {
    const m = x.maps[si];
    if (!m) continue;
    const rows = [...m.values()];
    const data = encodeEntries(rows.length, (j, ints, floats) => {
      const e = rows[j];
      ints[0] = x.res[e] + 1;
      ints[1] = x.act[e] + 1;
      ints[2] = x.n[e];
      floats[0] = x.first[e];
      floats[1] = x.last[e];
      floats[2] = scan.id[x.firstPos[e]];
    });
    sr.run(sessionIds[si], rows.length, data);
  }
}

interface EdgeAcc {
  src: number;
  dst: number;
  kind: string;
  events: Set<number>;
  first: number;
  last: number;
  rows: [number, number, number | null, number | null][];
}

export function writeIdentityEdges(
  db: CaseDb,
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  edges: EdgeFact[],
  links: SessionLinks,
  identities: IdentityRow[],
  sessionIds: Float64Array,
): void {
  const acc = new Map<string, EdgeAcc>();
  for (const e of edges) {
    const src = res.atomIdentity[e.src];
    if (src < 0) continue;
    const credSessions = e.credentials.flatMap((c) => links.credentialSessions.get(c) ?? []);
    const seen = new Set<number>();
    for (const d of e.dst) {
      const dst = res.atomIdentity[d];
      if (dst < 0 || dst === src || seen.has(dst)) continue;
      seen.add(dst);
      const k = `${src}|${dst}|${e.kind}`;
      let a = acc.get(k);
      const ts = scan.ts[e.pos];
      if (!a) acc.set(k, (a = { src, dst, kind: e.kind, events: new Set(), first: ts, last: ts, rows: [] }));
      if (a.events.has(e.pos)) continue;
      a.events.add(e.pos);
      if (ts < a.first) a.first = ts;
      if (ts > a.last) a.last = ts;
      const srcSession = e.srcInSession && scan.sess[e.pos] >= 0 ? sessionIds[scan.sess[e.pos]] : null;
      let dstSessions: number[];
      if (e.dstIsEventSession) {
        dstSessions = scan.sess[e.pos] >= 0 ? [scan.sess[e.pos]] : [];
        // What the join issued (a Vault token) is the joined identity's own session: reached with it.
        for (const s of credSessions)
          if (!dstSessions.includes(s) && agg.sessionIdentity[s] === dst) dstSessions.push(s);
      } else {
        const mine = credSessions.filter((s) => agg.sessionIdentity[s] === dst);
        dstSessions = mine.length > 0 || seen.size > 1 ? mine : credSessions;
      }
      if (dstSessions.length === 0) a.rows.push([e.pos, src, srcSession, null]);
      for (const s of dstSessions) a.rows.push([e.pos, src, srcSession, sessionIds[s]]);
    }
  }
  db.prepare('DELETE FROM identity_edges').run();
  db.prepare('DELETE FROM identity_edge_events').run();
  const ins = db.prepare(
    'INSERT INTO identity_edges(id, src, dst, kind, events, first_ts, last_ts) VALUES (?,?,?,?,?,?,?)',
  );
  const ev = db.prepare(
    'INSERT INTO identity_edge_events(edge_id, event_id, ts, src, src_session, dst_session) VALUES (?,?,?,?,?,?)',
  );
  const sorted = [...acc.values()].sort(
    (x, y) => x.first - y.first || x.src - y.src || x.dst - y.dst || (x.kind < y.kind ? -1 : 1),
  );
  sorted.forEach((a, i) => {
    const id = i + 1;
    ins.run(id, identities[a.src].dbId, identities[a.dst].dbId, a.kind, a.events.size, a.first, a.last);
    for (const [pos, src, ss, ds] of a.rows) ev.run(id, scan.id[pos], scan.ts[pos], identities[src].dbId, ss, ds);
  });
}

export function writeIssued(
  db: CaseDb,
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  issued: Issued[],
  links: SessionLinks,
  identities: IdentityRow[],
): void {
  db.prepare('DELETE FROM issued_credentials').run();
  const ins =
    db.prepare(`INSERT INTO issued_credentials(event_id, credential, ts, format, action, issuer_identity, target_identity, sessions, first_use_ts,
    observable) VALUES (?,?,?,?,?,?,?,?,?,?)`);
  const done = new Set<string>();
  for (const i of issued) {
    if (done.has(i.credential) || links.issuingPos.get(i.credential) !== i.pos) continue;
    done.add(i.credential);
    const sessions = links.credentialSessions.get(i.credential) ?? [];
    const firstUse = sessions.length > 0 ? Math.min(...sessions.map((s) => scan.sessions[s].start)) : null;
    const issuer = agg.eventIdentity[i.pos];
    const target = i.target >= 0 ? res.atomIdentity[i.target] : -1;
    ins.run(
      scan.id[i.pos],
      i.key,
      scan.ts[i.pos],
      scan.formats.values[scan.fmt[i.pos]],
      scan.actions.values[scan.action[i.pos]],
      issuer >= 0 ? identities[issuer].dbId : null,
      target >= 0 ? identities[target].dbId : null,
      sessions.length,
      firstUse,
      observable(i.key) ? 1 : 0,
    );
  }
}
