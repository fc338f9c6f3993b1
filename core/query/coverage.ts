// Visibility coverage: per identity, which sources show it authenticating (or being issued a credential) and
// which show its actions, with what that leaves unseen; per source, its time span and silent gaps; and every
// event that disabled or reduced logging.
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { identityIds } from './resolve.js';
import { FACT } from '../model/facts.js';
import { FLAG } from '../model/flags.js';

export interface CoverageDetail {
  flag: string;
  /** In words; a long list in it is shortened — `values`, `counts` and `gaps` hold everything. */
  text: string;
  events: number[];
  /** What the flag is about, complete: sources (formats) or actions. */
  values: string[];
  /** Counts by name: per source (authentications, credentials issued), or unused/total, events. */
  counts: Record<string, number>;
  /** source_gap: every silent span of the identity's sources while it was active. */
  gaps?: { format: string; from: string; to: string; hours: number }[];
}

export interface CoverageRow {
  identity: string;
  identity_id: number;
  kind: string;
  nhi: boolean;
  auth_sources: string[];
  action_sources: string[];
  /**
   * codes: authenticated_no_actions, credential_issued_no_actions, unused_credentials, no_auth_visible, log_tamper,
   * source_gap
   */
  flags: string[];
  details: CoverageDetail[];
}

export interface SourceCoverage {
  format: string;
  events: number;
  from: string | null;
  to: string | null;
  gaps: { from: string; to: string; hours: number; after_event: number; before_event: number }[];
}
export interface TamperEvent {
  event: number;
  ts: string;
  format: string;
  identity: string | null;
  identity_id: number | null;
  action: string;
  outcome: string;
}
export interface CoverageResult {
  identities: CoverageRow[];
  sources: SourceCoverage[];
  tamper: TamperEvent[];
}

const HOUR = 3_600_000_000;

export function computeCoverage(db: CaseDb, o: { identity?: string; flaggedOnly?: boolean } = {}): CoverageResult {
  const only = o.identity !== undefined ? new Set(identityIds(db, o.identity)) : null;
  const idents = db
    .prepare(
      'SELECT id, name, kind, nhi, first_ts, last_ts FROM identities WHERE live = 1 ORDER BY nhi DESC, events DESC, name',
    )
    .all() as {
    id: number;
    name: string;
    kind: string;
    nhi: number;
    first_ts: number | null;
    last_ts: number | null;
  }[];
  const srcs = new Map<
    number,
    { format: string; auth: number; action: number; issued: number; first: number; last: number }[]
  >();
  for (const r of db
    .prepare(
      'SELECT identity_id, format, auth_events, action_events, issued_to, first_ts, last_ts FROM identity_sources',
    )
    .raw(true)
    .iterate() as Iterable<[number, string, number, number, number, number, number]>) {
    const l = srcs.get(r[0]) ?? [];
    l.push({ format: r[1], auth: r[2], action: r[3], issued: r[4], first: r[5], last: r[6] });
    srcs.set(r[0], l);
  }
  // Counted by SQLite and scanned in table order: binding each of hundreds of thousands of credentials into a
  // JavaScript row was ~0.5–1 s of a 10M-event case's coverage; the index on the target would read the table
  // in random order.
  const unused = new Map<number, { total: number; unused: number; events: number[] }>();
  const unusedEvents = db
    .prepare(
      'SELECT event_id FROM issued_credentials WHERE target_identity = ? AND observable = 1 AND sessions = 0 ORDER BY rowid LIMIT 50',
    )
    .pluck();
  for (const [id, total, none] of db
    .prepare(
      `SELECT target_identity, count(*), sum(sessions = 0) FROM issued_credentials NOT INDEXED
       WHERE target_identity IS NOT NULL AND observable = 1 GROUP BY target_identity`,
    )
    .raw(true)
    .all() as [number, number, number][])
    unused.set(id, { total, unused: none, events: none > 0 ? (unusedEvents.all(id) as number[]) : [] });
  // Authentication is visible for an identity whose sessions were opened by a logged credential, and for a
  // federated workload (its token exchange is its authentication).
  const linked = new Set(
    db
      // A scan in table order: through the index on identity it reads every session's row at random (3–4× slower).
      .prepare(
        'SELECT DISTINCT identity_id FROM sessions NOT INDEXED WHERE parent_event IS NOT NULL AND identity_id IS NOT NULL',
      )
      .pluck()
      .all() as number[],
  );
  for (const id of db
    .prepare("SELECT DISTINCT src FROM identity_edges WHERE kind = 'federated'")
    .pluck()
    .all() as number[])
    linked.add(id);
  const tamper = (
    db
      .prepare(
        // The log-tamper flag is set exactly on events with the importer's log_tamper fact (core/derive/flags.ts),
        // which event_links keeps by key: those few events, not a scan of every event's flags (most events carry
        // some flag, so the partial index on flags does not narrow it: 11 s cold on 10M events, ~0.1–0.3 s so).
        `SELECT r.id, r.ts, r.format, d.identity_id, i.name, r.action, r.outcome FROM event_links l
    JOIN event_derived d ON d.id = l.event_id JOIN event_rows r ON r.id = l.event_id LEFT JOIN identities i ON i.id = d.identity_id
    WHERE l.key = ? AND d.flags != 0 AND (d.flags & ?) != 0 ORDER BY l.event_id LIMIT 10000`,
      )
      .raw(true)
      .all(FACT.logTamper, FLAG.logTamper) as [number, number, string, number | null, string | null, string, string][]
  ).map(([event, ts, format, identity_id, identity, action, outcome]) => ({
    event,
    ts: formatMicros(ts),
    format,
    identity,
    identity_id,
    action,
    outcome,
  }));
  const tamperBy = new Map<number, TamperEvent[]>();
  for (const t of tamper)
    if (t.identity_id !== null) tamperBy.set(t.identity_id, [...(tamperBy.get(t.identity_id) ?? []), t]);
  const gaps = db
    .prepare('SELECT format, from_ts, to_ts, after_event, before_event FROM source_gaps ORDER BY from_ts')
    .all() as { format: string; from_ts: number; to_ts: number; after_event: number; before_event: number }[];

  const rows: CoverageRow[] = [];
  for (const idn of idents) {
    if (only && !only.has(idn.id)) continue;
    const l = srcs.get(idn.id) ?? [];
    const auth = l.filter((s) => s.auth > 0 || s.issued > 0).map((s) => s.format);
    const act = l.filter((s) => s.action > 0).map((s) => s.format);
    const details: CoverageDetail[] = [];
    const ownAuth = l.filter((s) => s.auth > 0);
    const issued = l.filter((s) => s.issued > 0);
    if (act.length === 0 && ownAuth.length > 0) {
      details.push({
        flag: 'authenticated_no_actions',
        text: `authenticated (${ownAuth.map((s) => `${s.format} ×${s.auth}`).join(', ')}), but no source in the case shows it doing anything`,
        events: [],
        values: ownAuth.map((s) => s.format),
        counts: Object.fromEntries(ownAuth.map((s) => [s.format, s.auth])),
      });
    }
    if (act.length === 0 && issued.length > 0) {
      details.push({
        flag: 'credential_issued_no_actions',
        text: `credentials issued to it (${issued.map((s) => `${s.format} ×${s.issued}`).join(', ')}), but no action logs of it in any source`,
        events: unused.get(idn.id)?.events ?? [],
        values: issued.map((s) => s.format),
        counts: Object.fromEntries(issued.map((s) => [s.format, s.issued])),
      });
    }
    const u = unused.get(idn.id);
    if (u && u.unused > 0 && act.length > 0) {
      details.push({
        flag: 'unused_credentials',
        text: `${u.unused} of ${u.total} credentials issued to it never seen in use (expired unused, or used where no log reaches)`,
        events: u.events,
        values: [],
        counts: { unused: u.unused, total: u.total },
      });
    }
    // Cloud services (ec2.amazonaws.com) act on their own platform's authority: nothing to see.
    if (act.length > 0 && auth.length === 0 && !linked.has(idn.id) && idn.kind !== 'service') {
      details.push({
        flag: 'no_auth_visible',
        text: `acts in ${act.join(', ')}, but no source shows how it authenticated or got its credential`,
        events: [],
        values: act,
        counts: {},
      });
    }
    const t = tamperBy.get(idn.id);
    if (t)
      details.push({
        flag: 'log_tamper',
        text: `${t.length} event${t.length > 1 ? 's' : ''} disabling or reducing logging: ${[...new Set(t.map((x) => `${x.action}${x.outcome === 'failure' ? ' (failed)' : ''}`))].join(', ')}`,
        events: t.slice(0, 50).map((x) => x.event),
        values: [...new Set(t.map((x) => x.action))],
        counts: { events: t.length, failed: t.filter((x) => x.outcome === 'failure').length },
      });
    if (idn.first_ts !== null && idn.last_ts !== null) {
      const mine = new Set(l.map((s) => s.format));
      const hit = gaps.filter((g) => mine.has(g.format) && g.to_ts > idn.first_ts! && g.from_ts < idn.last_ts!);
      if (hit.length > 0) {
        details.push({
          flag: 'source_gap',
          text: `active while ${hit
            .slice(0, 3)
            .map((g) => `${g.format} was silent ${formatMicros(g.from_ts)} – ${formatMicros(g.to_ts)}`)
            .join('; ')}${hit.length > 3 ? ` (+${hit.length - 3} more gaps)` : ''}`,
          events: hit.slice(0, 10).flatMap((g) => [g.after_event, g.before_event]),
          values: [...new Set(hit.map((g) => g.format))],
          counts: { gaps: hit.length },
          gaps: hit.map((g) => ({
            format: g.format,
            from: formatMicros(g.from_ts),
            to: formatMicros(g.to_ts),
            hours: Math.round(((g.to_ts - g.from_ts) / HOUR) * 10) / 10,
          })),
        });
      }
    }
    if (o.flaggedOnly && details.length === 0) continue;
    rows.push({
      identity: idn.name,
      identity_id: idn.id,
      kind: idn.kind,
      nhi: idn.nhi === 1,
      auth_sources: auth,
      action_sources: act,
      flags: details.map((d) => d.flag),
      details,
    });
  }

  const spans = db
    .prepare(
      `SELECT format, sum(events) AS events, min(first_ts) AS lo, max(last_ts) AS hi FROM evidence WHERE status = 'complete' AND format IS NOT NULL
    GROUP BY format ORDER BY format`,
    )
    .all() as { format: string; events: number; lo: number | null; hi: number | null }[];
  const sources: SourceCoverage[] = spans.map((s) => ({
    format: s.format,
    events: s.events,
    from: s.lo === null ? null : formatMicros(s.lo),
    to: s.hi === null ? null : formatMicros(s.hi),
    gaps: gaps
      .filter((g) => g.format === s.format)
      .map((g) => ({
        from: formatMicros(g.from_ts),
        to: formatMicros(g.to_ts),
        hours: Math.round(((g.to_ts - g.from_ts) / HOUR) * 10) / 10,
        after_event: g.after_event,
        before_event: g.before_event,
      })),
  }));
  return { identities: rows, sources, tamper };
}
