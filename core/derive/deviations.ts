// Deviation: per identity, its baseline (events before `baselineUntil`) against the investigation window (from
// then on), scored with reasons in plain language and ranked. Machine identities are regular, so anything new
// is signal: actions (sensitive ones weigh most), resources, addresses and networks, user agents, sources,
// hours of day; rate spikes; failure bursts. Credential findings (a key used where its issuer never was) need
// no baseline and always count. Reads the derived tables only (core/derive/write-baselines.ts).
import type { CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { readSettings } from './settings.js';
import { networkOf, resourceContainer } from './atoms.js';
import { exposureHours, volumeSpike } from './exposure-spike.js';

export interface DeviationReason {
  code: string;
  /** The reason in words; lists in it are shortened ("(+2 more)") — `values` holds them all. */
  text: string;
  weight: number;
  events: number[];
  /** Every new value the reason is about (actions, resources, addresses, user agents, sources, hours), complete. */
  values: string[];
  /** How many: the values' count, or the events/failures a rate reason counts. */
  count: number;
}

export interface Deviation {
  identity: string;
  identity_id: number;
  kind: string;
  nhi: boolean;
  score: number;
  reasons: string[];
  details: DeviationReason[];
}

export interface DeviationResult {
  baseline_until: string | null;
  deviations: Deviation[];
}

const SENSITIVE = new Set(['privilege', 'credential', 'logging', 'delete', 'exec']);

/** Sensitive by category, or a change to identities and access (iam:CreateUser is a write to IAM, and an admin act). */
function sensitive(f: { value: string; extra: string | null }): boolean {
  return (
    SENSITIVE.has(f.extra ?? '') ||
    (f.extra !== 'read' &&
      /^(iam|organizations|sso|identitystore|sts):|serviceaccounts|rolebindings|\bsys\/(policy|policies|auth|mounts)/i.test(
        f.value,
      ))
  );
}
const HOUR = 3_600_000_000;

interface Feature {
  kind: string;
  value: string;
  extra: string | null;
  events: number;
  failures: number;
  first_ts: number;
  first_event: number;
}

function list(values: string[], max = 4): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} (+${values.length - max} more)` : shown;
}

function n(v: number): string {
  return v.toLocaleString('en-US');
}

type Add = (code: string, text: string, weight: number, events?: number[]) => void;

/**
 * Reasons from the networks an identity works from for the first time (feature kind 'place': Tor, a cloud region,
 * an autonomous system): Tor and VPS hosting rank high, a new ISP or cloud moderately, a new region of a cloud the
 * identity already uses barely.
 */
function explainPlaces(
  fresh: Feature[],
  known: { value: string }[],
  add: Add,
  riskyOnly: boolean,
  ipsByPlace: Map<string, string[]>,
): void {
  // "AS14061 (DigitalOcean, VPS): 167.99.1.1" — each network with the new addresses seen in it.
  const named = (f: Feature) => {
    const ips = ipsByPlace.get(f.value) ?? [];
    return `${f.extra ?? f.value}${ips.length ? `: ${list(ips, 2)}` : ''}`;
  };
  const tor = fresh.filter((f) => f.value === 'tor');
  if (tor.length > 0)
    add(
      'new_tor',
      `first use from a Tor exit${ipsByPlace.get('tor')?.length ? `: ${list(ipsByPlace.get('tor')!)}` : ''}`,
      40,
      tor.map((f) => f.first_event),
    );
  const asns = fresh.filter((f) => f.value.startsWith('as:'));
  const vps = asns.filter((f) => (f.extra ?? '').includes(', VPS)'));
  if (vps.length > 0)
    add(
      'new_vps_network',
      `new ASN ${vps.map(named).join('; ')} — machines anyone can rent by the hour`,
      Math.min(40, 25 + 5 * (vps.length - 1)),
      vps.map((f) => f.first_event),
    );
  // A new identity has no baseline: only what is risky in itself (Tor, VPS hosting) counts.
  if (riskyOnly) return;
  const other = asns.filter((f) => !vps.includes(f));
  if (other.length > 0)
    add(
      'new_asn',
      `new ASN ${other.slice(0, 4).map(named).join('; ')}${other.length > 4 ? ` (+${other.length - 4} more)` : ''}`,
      Math.min(16, 8 * other.length),
      other.map((f) => f.first_event),
    );
  const providerOf = (v: string) => v.split(':')[1];
  const knownProviders = new Set(known.filter((k) => k.value.startsWith('cloud:')).map((k) => providerOf(k.value)));
  const clouds = fresh.filter((f) => f.value.startsWith('cloud:'));
  const newRegion = clouds.filter((f) => knownProviders.has(providerOf(f.value)));
  const newCloud = clouds.filter((f) => !knownProviders.has(providerOf(f.value)));
  if (newCloud.length > 0)
    add(
      'new_cloud',
      `first use from ${newCloud.slice(0, 4).map(named).join('; ')}`,
      Math.min(16, 8 * newCloud.length),
      newCloud.map((f) => f.first_event),
    );
  if (newRegion.length > 0)
    add(
      'new_cloud_region',
      `first use from ${newRegion.slice(0, 4).map(named).join('; ')}, a new region of a cloud it already works in`,
      Math.min(6, 3 * newRegion.length),
      newRegion.map((f) => f.first_event),
    );
}

/** New addresses grouped by the network (place) they count as. */
function byPlace(ips: Feature[], places: Map<string, { place: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of ips) {
    const p = places.get(f.value)?.place;
    if (!p) continue;
    const l = out.get(p);
    if (l) l.push(f.value);
    else out.set(p, [f.value]);
  }
  return out;
}

/** The default baseline end: the case setting, else the midpoint of the case's time range. */
export function defaultBaseline(db: CaseDb): number | null {
  const set = readSettings(db).baselineUntil;
  if (set !== null) return set;
  const r = db.prepare('SELECT min(first_ts) AS lo, max(last_ts) AS hi FROM identities WHERE live = 1').get() as {
    lo: number | null;
    hi: number | null;
  };
  if (r.lo === null || r.hi === null) return null;
  return Math.floor((r.lo + r.hi) / 2);
}

type Place = { place: string; label: string };

/**
 * Where an address is (ip_intel), for the new addresses of every identity. A 10M-event case asks for ~90,000 of
 * them: one statement call each was ~0.45 s of deviations.list, reading the table once ~0.05 s — done when the
 * table is not much larger than the addresses asked for.
 */
function placeLookup(db: CaseDb, fresh: Map<number, Feature[]>): (ip: string) => Place | undefined {
  let asked = 0;
  for (const l of fresh.values()) for (const f of l) if (f.kind === 'ip') asked++;
  const known = db.prepare('SELECT count(*) FROM ip_intel').pluck().get() as number;
  if (known <= 4 * asked) {
    const all = new Map<string, Place>();
    for (const [ip, place, label] of db
      .prepare('SELECT ip, place, place_label FROM ip_intel WHERE place IS NOT NULL')
      .raw(true)
      .iterate() as Iterable<[string, string, string | null]>)
      all.set(ip, { place, label: label ?? place });
    return (ip) => all.get(ip);
  }
  const st = db.prepare('SELECT place, place_label FROM ip_intel WHERE ip = ?').raw(true);
  return (ip) => {
    const r = st.get(ip) as [string | null, string | null] | undefined;
    return r && r[0] ? { place: r[0], label: r[1] ?? r[0] } : undefined;
  };
}

export function computeDeviations(
  db: CaseDb,
  opts: { baselineUntil?: number; identityIds?: number[]; minScore?: number } = {},
): DeviationResult {
  const T = opts.baselineUntil ?? defaultBaseline(db);
  if (T === null) return { baseline_until: null, deviations: [] };
  const only = opts.identityIds ? new Set(opts.identityIds) : null;
  const idents = db.prepare('SELECT id, name, kind, nhi, first_ts, last_ts FROM identities WHERE live = 1').all() as {
    id: number;
    name: string;
    kind: string;
    nhi: number;
    first_ts: number | null;
    last_ts: number | null;
  }[];
  const Th = Math.floor(T / HOUR);
  const hourStats = new Map<
    number,
    { base: number; baseMax: number; baseFailMax: number; winMax: number; winMaxHour: number; winFailMax: number }
  >();
  for (const r of db
    .prepare('SELECT identity_id, hour, events, failures FROM identity_hours')
    .raw(true)
    .iterate() as Iterable<[number, number, number, number]>) {
    const [id, hour, ev, fl] = r;
    let h = hourStats.get(id);
    if (!h) hourStats.set(id, (h = { base: 0, baseMax: 0, baseFailMax: 0, winMax: 0, winMaxHour: 0, winFailMax: 0 }));
    // The hour that holds the boundary counts as investigation window.
    if (hour < Th) {
      h.base += ev;
      if (ev > h.baseMax) h.baseMax = ev;
      if (fl > h.baseFailMax) h.baseFailMax = fl;
    } else {
      if (ev > h.winMax) {
        h.winMax = ev;
        h.winMaxHour = hour;
      }
      if (fl > h.winFailMax) h.winFailMax = fl;
    }
  }
  const fresh = new Map<number, Feature[]>();
  for (const r of db
    .prepare(
      'SELECT identity_id, kind, value, extra, events, failures, first_ts, first_event FROM identity_features WHERE first_ts >= ?',
    )
    .all(T) as (Feature & { identity_id: number })[]) {
    const l = fresh.get(r.identity_id);
    if (l) l.push(r);
    else fresh.set(r.identity_id, [r]);
  }
  const findings = new Map<number, { code: string; weight: number; reason: string; events: string }[]>();
  for (const r of db
    .prepare(
      'SELECT identity_id, code, weight, reason, events FROM session_findings WHERE identity_id IS NOT NULL ORDER BY ts',
    )
    .all() as { identity_id: number; code: string; weight: number; reason: string; events: string }[]) {
    const l = findings.get(r.identity_id);
    if (l) l.push(r);
    else findings.set(r.identity_id, [r]);
  }

  const reads = exposureHours(db);
  const newResources =
    db.prepare(`SELECT 'resource' AS kind, r.name AS value, r.type AS extra, e.events, e.failures, e.first_ts, e.first_event
    FROM resource_edges e JOIN resources r ON r.id = e.resource_id WHERE e.identity_id = ? AND e.first_ts >= ? ORDER BY e.first_ts LIMIT 5000`);
  const knownPlaces = db.prepare(
    "SELECT value FROM identity_features WHERE identity_id = ? AND kind = 'place' AND first_ts < ?",
  );
  const placeOf = placeLookup(db, fresh);
  const placesOf = (ips: string[]) => {
    const m = new Map<string, { place: string; label: string }>();
    for (const ip of ips) {
      const r = placeOf(ip);
      if (r) m.set(ip, r);
    }
    return m;
  };
  const out: Deviation[] = [];
  for (const idn of idents) {
    if (only && !only.has(idn.id)) continue;
    const details: DeviationReason[] = [];
    const add = (
      code: string,
      text: string,
      weight: number,
      events: number[] = [],
      values: string[] = [],
      count = values.length,
    ) => {
      if (weight > 0) details.push({ code, text, weight, events, values, count });
    };
    for (const f of findings.get(idn.id) ?? []) {
      const ev = JSON.parse(f.events) as number[];
      add(f.code, f.reason, f.weight, ev, [], ev.length);
    }
    const active = idn.last_ts !== null && idn.last_ts >= T;
    const h = hourStats.get(idn.id) ?? { base: 0, baseMax: 0, baseFailMax: 0, winMax: 0, winMaxHour: 0, winFailMax: 0 };
    const feats = fresh.get(idn.id) ?? [];
    const byKind = (k: string) => feats.filter((f) => f.kind === k).sort((a, b) => a.first_ts - b.first_ts);
    if (active) {
      const actions = byKind('action');
      const risky = actions.filter(sensitive);
      if (h.base === 0) {
        add(
          'new_identity',
          `first seen ${formatMicros(idn.first_ts ?? T)}, after the baseline: no history to compare against`,
          idn.nhi ? 8 : 4,
          [],
          [formatMicros(idn.first_ts ?? T)],
        );
        const firstIps = byKind('ip');
        const firstPlaces = placesOf(firstIps.map((f) => f.value));
        explainPlaces(byKind('place'), [], add, true, byPlace(firstIps, firstPlaces));
        if (risky.length > 0) {
          add(
            'sensitive_actions',
            `sensitive actions from its first appearance: ${list(risky.map((f) => f.value))}`,
            Math.min(20, 5 * risky.length),
            risky.map((f) => f.first_event),
            risky.map((f) => f.value),
          );
        }
      } else {
        if (risky.length > 0) {
          add(
            'new_sensitive_actions',
            `first time calling ${risky.length} sensitive action${risky.length > 1 ? 's' : ''} (${[...new Set(risky.map((f) => f.extra))].join(', ')}): ${list(risky.map((f) => f.value))}`,
            Math.min(36, 6 * risky.length),
            risky.map((f) => f.first_event),
            risky.map((f) => f.value),
          );
        }
        const other = actions.filter((f) => !sensitive(f));
        if (other.length > 0)
          add(
            'new_actions',
            `${other.length} new action${other.length > 1 ? 's' : ''}: ${list(other.map((f) => f.value))}`,
            Math.min(14, 2 * other.length),
            other.map((f) => f.first_event),
            other.map((f) => f.value),
          );
        // A new object in a known place (today's partition of a known bucket) is routine; a new place is not.
        const places = new Set(byKind('container').map((f) => f.value));
        const resources =
          places.size === 0
            ? []
            : (newResources.all(idn.id, T) as Feature[]).filter((f) => places.has(resourceContainer(f.value)));
        if (resources.length > 0)
          add(
            'new_resources',
            `${n(resources.length)} resource${resources.length > 1 ? 's' : ''} in places never touched before: ${list(
              resources.map((f) => f.value),
              3,
            )}`,
            Math.min(10, resources.length),
            resources.slice(0, 50).map((f) => f.first_event),
            resources.map((f) => f.value),
          );
        // Addresses are explained by network (core/enrich): Tor or a VPS for the first time weighs most; a new
        // address inside a cloud region the identity already works from is routine.
        const ips = byKind('ip');
        const ipPlace = placesOf(ips.map((f) => f.value));
        const newPlaces = new Set(byKind('place').map((f) => f.value));
        explainPlaces(
          byKind('place'),
          knownPlaces.all(idn.id, T) as { value: string }[],
          add,
          false,
          byPlace(ips, ipPlace),
        );
        const nets = new Set(byKind('network').map((f) => f.value));
        const unexplained = ips.filter((f) => {
          const pl = ipPlace.get(f.value);
          return !pl || pl.place.startsWith('net:');
        });
        const knownPlaceIps = ips.filter((f) => {
          const pl = ipPlace.get(f.value);
          return pl && !pl.place.startsWith('net:') && !newPlaces.has(pl.place);
        });
        const newNetIps = unexplained.filter((f) => nets.has(networkOf(f.value)));
        const knownNetIps = unexplained.filter((f) => !nets.has(networkOf(f.value)));
        if (newNetIps.length > 0)
          add(
            'new_network',
            `new source address${newNetIps.length > 1 ? 'es' : ''} from network${nets.size > 1 ? 's' : ''} never seen before: ${list(newNetIps.map((f) => f.value))}`,
            Math.min(22, 10 + 4 * (newNetIps.length - 1)),
            newNetIps.map((f) => f.first_event),
            newNetIps.map((f) => f.value),
          );
        if (knownNetIps.length > 0)
          add(
            'new_ip',
            `new source address${knownNetIps.length > 1 ? 'es' : ''} in known networks: ${list(knownNetIps.map((f) => f.value))}`,
            Math.min(6, 2 * knownNetIps.length),
            knownNetIps.map((f) => f.first_event),
            knownNetIps.map((f) => f.value),
          );
        if (knownPlaceIps.length > 0) {
          const where = [...new Set(knownPlaceIps.map((f) => ipPlace.get(f.value)!.label))];
          const cloud = knownPlaceIps.every((f) => ipPlace.get(f.value)!.place.startsWith('cloud:'));
          add(
            'new_ip_known_network',
            `new address${knownPlaceIps.length > 1 ? 'es' : ''} inside ${list(where, 3)}, where it already worked: ${list(knownPlaceIps.map((f) => f.value))}`,
            cloud ? Math.min(3, knownPlaceIps.length) : Math.min(6, 2 * knownPlaceIps.length),
            knownPlaceIps.map((f) => f.first_event),
          );
        }
        const uas = byKind('user_agent');
        if (uas.length > 0)
          add(
            'new_user_agent',
            `new user agent${uas.length > 1 ? 's' : ''}: ${list(
              uas.map((f) => f.extra ?? f.value),
              2,
            )}`,
            Math.min(10, 6 + 2 * (uas.length - 1)),
            uas.map((f) => f.first_event),
            uas.map((f) => f.extra ?? f.value),
          );
        const sources = byKind('source');
        if (sources.length > 0)
          add(
            'new_source',
            `first activity in ${list(sources.map((f) => f.value))}`,
            Math.min(10, 5 * sources.length),
            sources.map((f) => f.first_event),
            sources.map((f) => f.value),
          );
        const hours = byKind('hour');
        if (hours.length > 0 && h.base >= 20)
          add(
            'new_hours',
            `active at ${list(
              hours.map((f) => `${f.value}h`),
              6,
            )} UTC, hours never seen in the baseline`,
            Math.min(12, 3 * hours.length),
            hours.map((f) => f.first_event),
            hours.map((f) => f.value),
          );
        if (h.winMax >= 30 && h.winMax >= 5 * Math.max(h.baseMax, 1)) {
          add(
            'rate_spike',
            `rate spike: ${n(h.winMax)} events in the hour from ${formatMicros(h.winMaxHour * HOUR)} (baseline at most ${n(h.baseMax)} per hour)`,
            Math.min(20, 5 + Math.round(3 * Math.log2(h.winMax / Math.max(h.baseMax, 1)))),
            [],
            [formatMicros(h.winMaxHour * HOUR)],
            h.winMax,
          );
        }
      }
      // What it read: the busiest window hour of rows, bytes, items or objects against its busiest baseline hour.
      const spike = volumeSpike(reads.get(idn.id) ?? [], Th, h.base > 0);
      if (spike) add(spike.code, spike.text, spike.weight, spike.events, [], spike.events.length);
      if (h.winFailMax >= 10 && h.winFailMax >= 5 * Math.max(h.baseFailMax, 1)) {
        add(
          'failure_burst',
          `failure burst: ${n(h.winFailMax)} failed calls in one hour (baseline at most ${n(h.baseFailMax)})`,
          12,
          [],
          [],
          h.winFailMax,
        );
      }
    }
    if (details.length === 0) continue;
    details.sort((a, b) => b.weight - a.weight);
    const score = Math.min(
      100,
      details.reduce((s, d) => s + d.weight, 0),
    );
    if (score < (opts.minScore ?? 1)) continue;
    out.push({
      identity: idn.name,
      identity_id: idn.id,
      kind: idn.kind,
      nhi: idn.nhi === 1,
      score,
      reasons: details.map((d) => d.text),
      details,
    });
  }
  out.sort(
    (a, b) => b.score - a.score || (a.nhi === b.nhi ? 0 : a.nhi ? -1 : 1) || a.identity.localeCompare(b.identity),
  );
  return { baseline_until: formatMicros(T), deviations: out };
}
