// Persists sessions with their parent links. Session ids are kept by session key (the log's credential, or
// principal + source + first event) so annotations on a session survive re-derivation.
import type { CaseDb } from '../casefile/open.js';
import { FACT } from '../model/facts.js';
import type { Scan } from './scan.js';
import type { Aggregates } from './aggregate.js';
import type { SessionLinks } from './session-links.js';
import type { FactMap } from './facts-load.js';
import type { IdentityRow } from './write-identities.js';

function formatsOf(scan: Scan, mask: number): string[] {
  const out: string[] = [];
  for (let f = 0; f < scan.formats.size; f++) if (mask & (1 << Math.min(f, 30))) out.push(scan.formats.values[f]);
  return out;
}

/** Returns the database id of each session. */
export function writeSessions(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  links: SessionLinks,
  sessionFacts: Map<number, FactMap>,
  identities: IdentityRow[],
): Float64Array {
  const existing = new Map<string, number>();
  let maxId = 0;
  for (const r of db.prepare('SELECT id, key FROM sessions').raw(true).iterate() as Iterable<[number, string]>) {
    existing.set(r[1], r[0]);
    if (r[0] > maxId) maxId = r[0];
  }
  const ids = new Float64Array(scan.sessions.length);
  scan.sessions.forEach((x, si) => {
    ids[si] = existing.get(x.key) ?? ++maxId;
  });
  db.prepare('DELETE FROM sessions').run();
  const ins =
    db.prepare(`INSERT INTO sessions(id, key, kind, identity_id, identity_count, principal, session_key, format, sources, start_ts,
    end_ts, first_event, last_event, events, failures, src_ips, ip_count, user_agents, parent_session_id, parent_identity_id, parent_event,
    parent_ts, parent_action, parent_method, parent_confidence, source_identity, host)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const identityDb = (i: number) => (i >= 0 ? identities[i].dbId : null);
  scan.sessions.forEach((x, si) => {
    const p = links.parentPos[si];
    const ps = links.parentSession[si];
    const facts = sessionFacts.get(scan.id[x.firstPos]);
    const formats = formatsOf(scan, x.fmtMask);
    const principal =
      x.firstAtom >= 0 ? scan.atoms.values[x.firstAtom].slice(scan.atoms.values[x.firstAtom].indexOf('|') + 1) : null;
    ins.run(
      ids[si],
      x.key,
      x.kind,
      identityDb(agg.sessionIdentity[si]),
      agg.sessionIdentityCount[si],
      principal,
      x.credential,
      scan.formats.values[scan.fmt[x.firstPos]],
      formats.join(','),
      x.start,
      x.end,
      scan.id[x.firstPos],
      scan.id[x.lastPos],
      x.events,
      x.failures,
      [...x.ips]
        .slice(0, 10)
        .map((i) => scan.ips.values[i])
        .join(','),
      x.ipCount,
      x.uas.map((u) => scan.uas.values[u]).join('\n'),
      ps >= 0 ? ids[ps] : null,
      // The parent identity is the calling session's when a credential was exchanged across systems.
      p >= 0 ? identityDb(ps >= 0 ? agg.sessionIdentity[ps] : agg.eventIdentity[p]) : null,
      p >= 0 ? scan.id[p] : null,
      p >= 0 ? scan.ts[p] : null,
      p >= 0 ? scan.actions.values[scan.action[p]] : null,
      p >= 0 ? links.parentMethod[si] : null,
      p >= 0 ? Math.round(links.parentConfidence[si] * 100) / 100 : null,
      facts?.[FACT.sourceIdentity] ?? null,
      facts?.[FACT.host] ?? null,
    );
  });
  return ids;
}
