// The deviation flag on events: every event of a deviating identity that shows something new for it — not only the
// first event with each new thing. A reason such as "new source address 203.0.113.66" cites that address's first
// event; the 45 later events from the same address are just as much the deviation, so each event is judged on its
// own attributes (its address and network, user agent, action, place, source, hour) against the identity's
// baseline, for the kinds of novelty that gave the identity its score.
import { FLAG } from '../model/flags.js';
import type { Deviation } from './deviations.js';
import type { Scan } from './scan.js';
import type { Aggregates, FeatureKind } from './aggregate.js';
import { AggTable, type DenseTable } from './agg-table.js';
import type { IdentityRow } from './write-identities.js';
import { networkOf, uaFamily } from './atoms.js';
import { positionOf } from './flags.js';

const HOUR = 3_600_000_000;

/** The feature kinds behind each deviation reason (core/derive/deviations.ts). */
const REASON_KINDS: Record<string, FeatureKind[]> = {
  new_actions: ['action'],
  new_sensitive_actions: ['action'],
  new_network: ['network', 'ip'],
  new_ip: ['ip'],
  new_user_agent: ['user_agent'],
  new_source: ['source'],
  new_hours: ['hour'],
  new_resources: ['container'],
};

function firstTime(t: AggTable | DenseTable, key: number): number {
  if (t instanceof AggTable) {
    const row = t.index.get(key);
    return row === undefined ? Infinity : t.first[row];
  }
  return t.n[key] > 0 ? t.first[key] : Infinity;
}

/**
 * Sets the deviation flag on the events behind each reason (as the deviation lists them: credential findings, the
 * first event of each new thing) and on every later event of the identity, from the baseline end on, whose own
 * attributes are new in a way one of its reasons counts.
 */
export function flagDeviationEvents(
  scan: Scan,
  agg: Aggregates,
  identities: IdentityRow[],
  deviations: Deviation[],
  baselineUntil: number | null,
  flags: Int32Array,
): void {
  const byDbId = new Map<number, number>(identities.map((r, i) => [r.dbId, i]));
  const kinds = new Map<number, Set<FeatureKind>>(); // identity index → the novelty kinds its reasons count
  for (const d of deviations) {
    for (const r of d.details)
      for (const id of r.events) {
        const p = positionOf(scan, id);
        if (p >= 0) flags[p] |= FLAG.deviation;
      }
    const i = byDbId.get(d.identity_id);
    if (i === undefined || baselineUntil === null) continue;
    const set = new Set<FeatureKind>();
    for (const r of d.details) for (const k of REASON_KINDS[r.code] ?? []) set.add(k);
    if (set.size > 0) kinds.set(i, set);
  }
  if (kinds.size === 0 || baselineUntil === null) return;
  const T = baselineUntil;
  const D = agg.domains.feature;
  const f = (k: FeatureKind) => agg.features.get(k) as AggTable | DenseTable;
  const isNew = (k: FeatureKind, i: number, v: number) => v >= 0 && firstTime(f(k), i * D[k] + v) >= T;
  const netOf = new Int32Array(Math.max(1, scan.ips.size)).fill(-2);
  const famOf = new Int32Array(Math.max(1, scan.uas.size)).fill(-2);
  for (let p = 0; p < scan.n; p++) {
    if (scan.ts[p] < T || flags[p] & FLAG.deviation) continue;
    const i = agg.eventIdentity[p];
    const want = i >= 0 ? kinds.get(i) : undefined;
    if (!want) continue;
    let hit = false;
    if (want.has('action') && isNew('action', i, scan.action[p])) hit = true;
    const ip = scan.ip[p];
    if (!hit && ip >= 0) {
      if (want.has('ip') && isNew('ip', i, ip)) hit = true;
      else if (want.has('network')) {
        if (netOf[ip] === -2) netOf[ip] = agg.networks.find(networkOf(scan.ips.values[ip]));
        hit = isNew('network', i, netOf[ip]);
      }
    }
    const ua = scan.ua[p];
    if (!hit && ua >= 0 && want.has('user_agent')) {
      if (famOf[ua] === -2) famOf[ua] = agg.uaFamilies.find(uaFamily(scan.uas.values[ua]));
      hit = isNew('user_agent', i, famOf[ua]);
    }
    if (!hit && want.has('source') && isNew('source', i, scan.fmt[p])) hit = true;
    if (!hit && want.has('hour') && isNew('hour', i, Math.floor(scan.ts[p] / HOUR) % 24)) hit = true;
    const r = scan.resource[p];
    if (!hit && r >= 0 && want.has('container')) hit = isNew('container', i, agg.resContainer[r]);
    if (hit) flags[p] |= FLAG.deviation;
  }
}
