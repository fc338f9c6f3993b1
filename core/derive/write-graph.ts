// Persists the graph: resources, identity → resource edges, session × resource × action (for scope),
// identity → identity edges with the events behind them, and the credentials the logs show being issued.
import type { CaseDb } from '../casefile/open.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates } from './aggregate.js';
import { SHIFT } from './aggregate.js';
import type { EdgeFact, Issued } from './edge-facts.js';
import type { SessionLinks } from './session-links.js';
import type { IdentityRow } from './write-identities.js';
import { serviceOf } from './atoms.js';

export function writeResources(db: CaseDb, scan: Scan, agg: Aggregates, identities: IdentityRow[], sessionIds: Float64Array): void {
  db.prepare('DELETE FROM resources').run();
  const ins = db.prepare('INSERT INTO resources(id, name, type, service, events, first_ts, last_ts) VALUES (?,?,?,?,?,?,?)');
  for (let r = 0; r < scan.resources.size; r++) {
    const a = agg.resource[r];
    if (!a) continue;
    const name = scan.resources.values[r];
    ins.run(r + 1, name, scan.resourceType[r], serviceOf(name, scan.resourceType[r]), a.n, a.first, a.last);
  }
  db.prepare('DELETE FROM resource_edges').run();
  const edge = db.prepare('INSERT INTO resource_edges(identity_id, resource_id, events, failures, first_ts, last_ts, first_event, actions) VALUES (?,?,?,?,?,?,?,?)');
  for (const [k, e] of agg.resourceEdges) {
    const i = Math.floor(k / SHIFT);
    const r = k - i * SHIFT;
    edge.run(identities[i].dbId, r + 1, e.n, e.fails, e.first, e.last, scan.id[e.firstPos], e.actions.map((x) => scan.actions.values[x]).join(','));
  }
  db.prepare('DELETE FROM session_resources').run();
  const sr = db.prepare('INSERT INTO session_resources(session_id, resource_id, action, events, first_ts, last_ts, first_event) VALUES (?,?,?,?,?,?,?)');
  for (const [k, m] of agg.sessionResources) {
    const s = Math.floor(k / SHIFT);
    const r = k - s * SHIFT;
    for (const [act, a] of m) sr.run(sessionIds[s], r + 1, scan.actions.values[act], a.n, a.first, a.last, scan.id[a.firstPos]);
  }
}

interface EdgeAcc { src: number; dst: number; kind: string; events: Set<number>; first: number; last: number; rows: [number, number, number | null, number | null][] }

export function writeIdentityEdges(db: CaseDb, scan: Scan, res: Resolution, agg: Aggregates, edges: EdgeFact[], links: SessionLinks,
  identities: IdentityRow[], sessionIds: Float64Array): void {
  const acc = new Map<string, EdgeAcc>();
  for (const e of edges) {
    const src = res.atomIdentity[e.src];
    if (src < 0) continue;
    const credSessions = e.credential ? links.credentialSessions.get(e.credential) ?? [] : [];
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
      if (e.dstIsEventSession) dstSessions = scan.sess[e.pos] >= 0 ? [scan.sess[e.pos]] : [];
      else {
        const mine = credSessions.filter((s) => agg.sessionIdentity[s] === dst);
        dstSessions = mine.length > 0 || seen.size > 1 ? mine : credSessions;
      }
      if (dstSessions.length === 0) a.rows.push([e.pos, src, srcSession, null]);
      for (const s of dstSessions) a.rows.push([e.pos, src, srcSession, sessionIds[s]]);
    }
  }
  db.prepare('DELETE FROM identity_edges').run();
  db.prepare('DELETE FROM identity_edge_events').run();
  const ins = db.prepare('INSERT INTO identity_edges(id, src, dst, kind, events, first_ts, last_ts) VALUES (?,?,?,?,?,?,?)');
  const ev = db.prepare('INSERT INTO identity_edge_events(edge_id, event_id, ts, src, src_session, dst_session) VALUES (?,?,?,?,?,?)');
  const sorted = [...acc.values()].sort((x, y) => x.first - y.first || x.src - y.src || x.dst - y.dst || (x.kind < y.kind ? -1 : 1));
  sorted.forEach((a, i) => {
    const id = i + 1;
    ins.run(id, identities[a.src].dbId, identities[a.dst].dbId, a.kind, a.events.size, a.first, a.last);
    for (const [pos, src, ss, ds] of a.rows) ev.run(id, scan.id[pos], scan.ts[pos], identities[src].dbId, ss, ds);
  });
}

export function writeIssued(db: CaseDb, scan: Scan, res: Resolution, agg: Aggregates, issued: Issued[], links: SessionLinks,
  identities: IdentityRow[]): void {
  db.prepare('DELETE FROM issued_credentials').run();
  const ins = db.prepare(`INSERT INTO issued_credentials(event_id, credential, ts, format, action, issuer_identity, target_identity, sessions, first_use_ts)
    VALUES (?,?,?,?,?,?,?,?,?)`);
  const done = new Set<string>();
  for (const i of issued) {
    if (done.has(i.credential) || links.issuingPos.get(i.credential) !== i.pos) continue;
    done.add(i.credential);
    const sessions = links.credentialSessions.get(i.credential) ?? [];
    const firstUse = sessions.length > 0 ? Math.min(...sessions.map((s) => scan.sessions[s].start)) : null;
    const issuer = agg.eventIdentity[i.pos];
    const target = i.target >= 0 ? res.atomIdentity[i.target] : -1;
    ins.run(scan.id[i.pos], i.key, scan.ts[i.pos], scan.formats.values[scan.fmt[i.pos]], scan.actions.values[scan.action[i.pos]],
      issuer >= 0 ? identities[issuer].dbId : null, target >= 0 ? identities[target].dbId : null, sessions.length, firstUse);
  }
}
