// Persists credential lifecycles (credentials, credential_events) and the `exposed` identity edges: from the
// identity whose event exposed a credential to whoever used it first afterwards — an edge the scope walk follows
// like any other (core/query/scope.ts), from the exposing session to the using one.
import type { CaseDb } from '../../casefile/open.js';
import type { Scan } from '../scan.js';
import type { Aggregates } from '../aggregate.js';
import type { IdentityRow } from '../write-identities.js';
import { credFlags, type Cred, type Lifecycle } from './lifecycle.js';

/** Events kept per credential and role (the event flags mark every one). */
const MAX_ROLE_EVENTS = 1000;

export function writeCredentials(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  lc: Lifecycle,
  identities: IdentityRow[],
): void {
  db.prepare('DELETE FROM credentials').run();
  db.prepare('DELETE FROM credential_events').run();
  const ins =
    db.prepare(`INSERT INTO credentials(id, ns, key, shown, kind, identity_id, issuer_identity, issued_ts, issued_event,
    expires_ts, first_use_ts, first_use_event, last_use_ts, last_use_event, uses, sessions, networks, rotated_ts, rotated_event,
    revoked_ts, revoked_event, deleted_ts, deleted_event, exposed_ts, exposed_event, exposed_use_event, long_lived, flags)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const ev = db.prepare('INSERT OR IGNORE INTO credential_events(credential_id, event_id, role) VALUES (?,?,?)');
  const idOf = (i: number) => (i >= 0 ? identities[i].dbId : null);
  const at = (p: number) => (p >= 0 ? scan.ts[p] : null);
  const eid = (p: number) => (p >= 0 ? scan.id[p] : null);
  const sorted = [...lc.creds].sort(
    (a, b) => first(scan, a) - first(scan, b) || (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.key < b.key ? -1 : 1),
  );
  sorted.forEach((c, i) => {
    const id = i + 1;
    let firstPos = -1;
    let lastPos = -1;
    let uses = 0;
    for (const si of c.sessions) {
      const x = scan.sessions[si];
      uses += x.events;
      if (firstPos < 0 || x.start < scan.ts[firstPos]) firstPos = x.firstPos;
      if (lastPos < 0 || x.end > scan.ts[lastPos]) lastPos = x.lastPos;
    }
    const exposed = c.exposures[0];
    const exposedUse = c.exposures.find((e) => e.usePos >= 0);
    ins.run(
      id,
      c.ns,
      c.key,
      c.shown,
      c.kind,
      idOf(c.owner),
      c.issuedPos >= 0 ? idOf(agg.eventIdentity[c.issuedPos]) : null,
      at(c.issuedPos),
      eid(c.issuedPos),
      c.expires,
      at(firstPos),
      eid(firstPos),
      lastPos >= 0 ? scan.sessions[scan.sess[lastPos]].end : null,
      eid(lastPos),
      uses,
      c.sessions.length,
      c.networks,
      at(c.rotatedPos),
      eid(c.rotatedPos),
      at(c.revokedPos),
      eid(c.revokedPos),
      at(c.deletedPos),
      eid(c.deletedPos),
      exposed ? scan.ts[exposed.pos] : null,
      exposed ? scan.id[exposed.pos] : null,
      exposedUse ? scan.id[exposedUse.usePos] : null,
      c.longLived ? 1 : 0,
      JSON.stringify(credFlags(scan, c)),
    );
    const role = (p: number, r: string) => {
      if (p >= 0) ev.run(id, scan.id[p], r);
    };
    role(c.issuedPos, 'issued');
    role(firstPos, 'first_use');
    role(lastPos, 'last_use');
    role(c.rotatedPos, 'rotated');
    role(c.revokedPos, 'revoked');
    role(c.deletedPos, 'deleted');
    for (const e of c.exposures.slice(0, MAX_ROLE_EVENTS)) {
      role(e.pos, 'exposed');
      role(e.usePos, 'exposed_use');
    }
    for (const p of c.after.revoke.slice(0, MAX_ROLE_EVENTS)) role(p, 'after_revoke');
    for (const p of c.after.delete.slice(0, MAX_ROLE_EVENTS)) role(p, 'after_delete');
    for (const p of c.after.expiry.slice(0, MAX_ROLE_EVENTS)) role(p, 'after_expiry');
    if (c.twoNetworks) {
      role(c.twoNetworks[0], 'two_networks');
      role(c.twoNetworks[1], 'two_networks');
    }
  });
}

function first(scan: Scan, c: Cred): number {
  const t = [
    c.issuedPos >= 0 ? scan.ts[c.issuedPos] : Infinity,
    c.sessions.length > 0 ? scan.sessions[c.sessions[0]].start : Infinity,
    c.exposures.length > 0 ? scan.ts[c.exposures[0].pos] : Infinity,
  ];
  return Math.min(...t);
}

/** `exposed` edges: the exposing identity → the identity of the first later use, with both sessions. */
export function writeExposureEdges(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  lc: Lifecycle,
  identities: IdentityRow[],
  sessionIds: Float64Array,
): void {
  const acc = new Map<string, { src: number; dst: number; rows: [number, number][]; first: number; last: number }>();
  for (const c of lc.creds) {
    for (const e of c.exposures) {
      if (e.usePos < 0) continue;
      const src = agg.eventIdentity[e.pos];
      const dst = agg.eventIdentity[e.usePos];
      if (src < 0 || dst < 0 || src === dst) continue;
      const k = `${src}|${dst}`;
      let a = acc.get(k);
      const ts = scan.ts[e.pos];
      if (!a) acc.set(k, (a = { src, dst, rows: [], first: ts, last: ts }));
      if (a.rows.some(([p]) => p === e.pos)) continue;
      a.rows.push([e.pos, e.usePos]);
      a.first = Math.min(a.first, ts);
      a.last = Math.max(a.last, ts);
    }
  }
  if (acc.size === 0) return;
  let id = (db.prepare('SELECT coalesce(max(id), 0) FROM identity_edges').pluck().get() as number) + 1;
  const edge = db.prepare(
    "INSERT INTO identity_edges(id, src, dst, kind, events, first_ts, last_ts) VALUES (?,?,?,'exposed',?,?,?)",
  );
  const row = db.prepare(
    'INSERT INTO identity_edge_events(edge_id, event_id, ts, src, src_session, dst_session) VALUES (?,?,?,?,?,?)',
  );
  const sess = (p: number) => (scan.sess[p] >= 0 ? sessionIds[scan.sess[p]] : null);
  for (const a of [...acc.values()].sort((x, y) => x.first - y.first || x.src - y.src || x.dst - y.dst)) {
    edge.run(id, identities[a.src].dbId, identities[a.dst].dbId, a.rows.length, a.first, a.last);
    for (const [p, u] of a.rows) row.run(id, scan.id[p], scan.ts[p], identities[a.src].dbId, sess(p), sess(u));
    id++;
  }
}
