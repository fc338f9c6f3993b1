// Persists what deviations and coverage read: per-identity features with first/last time, hourly counts,
// per-source auth/action counts, source gaps and credential findings.
import type { CaseDb } from '../casefile/open.js';
import { CATEGORIES } from '../model/event.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates, FeatureKind } from './aggregate.js';
import type { Issued } from './edge-facts.js';
import type { SessionLinks } from './session-links.js';
import type { SourceGap } from './gaps.js';
import type { Finding } from './findings.js';
import type { IdentityRow } from './write-identities.js';

function featureValue(scan: Scan, agg: Aggregates, kind: FeatureKind, v: number): [string, string | null] {
  switch (kind) {
    case 'action':
      return [scan.actions.values[v], CATEGORIES[scan.actionCat[v]]];
    case 'container':
      return [agg.containers.values[v], null];
    case 'ip':
      return [scan.ips.values[v], null];
    case 'network':
      return [agg.networks.values[v], null];
    case 'user_agent':
      return [agg.uaFamilies.values[v], scan.uas.values[agg.uaExample[v]] ?? null];
    case 'hour':
      return [String(v).padStart(2, '0'), null];
    case 'source':
      return [scan.formats.values[v], null];
    case 'category':
      return [CATEGORIES[v], null];
    case 'place': {
      const k = agg.places.values[v];
      return [k, scan.placeLabel?.get(k) ?? null];
    }
  }
}

export function writeBaselines(db: CaseDb, scan: Scan, agg: Aggregates, identities: IdentityRow[]): void {
  db.prepare('DELETE FROM identity_features').run();
  const f = db.prepare(
    'INSERT INTO identity_features(identity_id, kind, value, extra, events, failures, first_ts, last_ts, first_event) VALUES (?,?,?,?,?,?,?,?,?)',
  );
  for (const [kind, t] of agg.features) {
    const dom = agg.domains.feature[kind];
    const sorted = t.sortedEntries();
    for (let j = 0; j < sorted.length; j += 2) {
      const k = sorted[j];
      const row = sorted[j + 1];
      const i = Math.floor(k / dom);
      const [value, extra] = featureValue(scan, agg, kind, k - i * dom);
      f.run(
        identities[i].dbId,
        kind,
        value,
        extra,
        t.n[row],
        t.fails[row],
        t.first[row],
        t.last[row],
        scan.id[t.firstPos[row]],
      );
    }
  }
  db.prepare('DELETE FROM identity_hours').run();
  const h = db.prepare('INSERT INTO identity_hours(identity_id, hour, events, failures) VALUES (?,?,?,?)');
  const sorted = agg.hours.sortedEntries();
  for (let j = 0; j < sorted.length; j += 2) {
    const k = sorted[j];
    const row = sorted[j + 1];
    const i = Math.floor(k / agg.domains.hour);
    h.run(identities[i].dbId, k - i * agg.domains.hour + agg.hourBase, agg.hours.n[row], agg.hours.fails[row]);
  }
}

export function writeCoverage(
  db: CaseDb,
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  issued: Issued[],
  links: SessionLinks,
  gaps: SourceGap[],
  identities: IdentityRow[],
): void {
  // A credential issued to an identity is an authentication the issuing source shows for it.
  for (const i of issued) {
    if (links.issuingPos.get(i.credential) !== i.pos || i.target < 0) continue;
    const t = res.atomIdentity[i.target];
    if (t < 0) continue;
    const k = t * 64 + scan.fmt[i.pos];
    const ts = scan.ts[i.pos];
    let s = agg.sources.get(k);
    if (!s) agg.sources.set(k, (s = { auth: 0, action: 0, issued: 0, first: ts, last: ts }));
    s.issued++;
    if (ts < s.first) s.first = ts;
    if (ts > s.last) s.last = ts;
  }
  db.prepare('DELETE FROM identity_sources').run();
  const ins = db.prepare(
    'INSERT INTO identity_sources(identity_id, format, auth_events, action_events, issued_to, first_ts, last_ts) VALUES (?,?,?,?,?,?,?)',
  );
  for (const [k, s] of agg.sources) {
    const i = Math.floor(k / 64);
    ins.run(identities[i].dbId, scan.formats.values[k - i * 64], s.auth, s.action, s.issued, s.first, s.last);
  }
  db.prepare('DELETE FROM source_gaps').run();
  const g = db.prepare('INSERT INTO source_gaps(format, from_ts, to_ts, after_event, before_event) VALUES (?,?,?,?,?)');
  for (const x of gaps) g.run(x.format, x.from, x.to, scan.id[x.afterPos], scan.id[x.beforePos]);
}

export function writeFindings(
  db: CaseDb,
  scan: Scan,
  findings: Finding[],
  identities: IdentityRow[],
  sessionIds: Float64Array,
): void {
  db.prepare('DELETE FROM session_findings').run();
  const ins = db.prepare(
    'INSERT INTO session_findings(session_id, identity_id, code, weight, ts, reason, events) VALUES (?,?,?,?,?,?,?)',
  );
  for (const f of findings) {
    ins.run(
      sessionIds[f.session],
      f.identity >= 0 ? identities[f.identity].dbId : null,
      f.code,
      f.weight,
      f.ts,
      f.reason,
      JSON.stringify(f.positions.map((p) => scan.id[p])),
    );
  }
}
