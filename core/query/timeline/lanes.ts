// The lanes of a window: per-lane counts of the kept events, the busiest `maxLanes` shown (named from the derived
// tables), the rest folded into one "other" lane.
import type { CaseDb } from '../../casefile/open.js';
import type { IdentityKind } from '../../model/identity.js';
import type { LaneKey, TimelineIndex } from './column-index.js';
import type { Matcher } from './filter.js';

export type LaneMode = 'identity' | 'session';

export interface LaneInfo {
  key: string;
  label: string;
  kind: LaneKey['kind'];
  ref: number | string | null;
  count: number;
  identity_kind?: IdentityKind;
}

/** The lane every event of a folded lane is drawn on. */
export const OTHER = 'other';

export const laneKeyString = (l: LaneKey): string => `${l.kind}:${l.ref ?? ''}`;

/** The events of index positions [lo, hi) that a window draws, and on which lanes. */
export interface Slice {
  ix: TimelineIndex;
  lo: number;
  hi: number;
  match: Matcher | null;
  /** Lane code of each event (the index's identity or session lanes). */
  lane: Int32Array;
  keys: LaneKey[];
}

/** The shown lanes: codes with counts, busiest first, and each lane code's row (the folded ones: `other`). */
export interface RankedLanes {
  shown: [code: number, count: number][];
  /** Lane code → row: 0…shown.length-1 for shown lanes, shown.length for folded ones. */
  row: Int32Array;
  /** Events in the slice that the filter keeps. */
  total: number;
  otherLanes: number;
  otherCount: number;
}

export function sliceFor(ix: TimelineIndex, lo: number, hi: number, match: Matcher | null, mode: LaneMode): Slice {
  return mode === 'session'
    ? { ix, lo, hi, match, lane: ix.sessionLane, keys: ix.sessionLanes }
    : { ix, lo, hi, match, lane: ix.identityLane, keys: ix.identityLanes };
}

/** One pass over the slice: per-lane counts, ranked by count (ties by first appearance in the index). */
export function rankLanes(s: Slice, maxLanes: number): RankedLanes {
  const counts = new Int32Array(s.keys.length);
  let total = 0;
  for (let i = s.lo; i < s.hi; i++) {
    if (s.match && !s.match(i)) continue;
    total++;
    counts[s.lane[i]]++;
  }
  const ranked: [number, number][] = [];
  for (let l = 0; l < counts.length; l++) if (counts[l] > 0) ranked.push([l, counts[l]]);
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const shown = ranked.slice(0, maxLanes);
  const row = new Int32Array(s.keys.length).fill(shown.length);
  shown.forEach(([code], j) => {
    row[code] = j;
  });
  const folded = ranked.slice(maxLanes);
  return {
    shown,
    row,
    total,
    otherLanes: folded.length,
    otherCount: folded.reduce((a, [, c]) => a + c, 0),
  };
}

/** The key string of a row (the folded row is `other`). */
export function rowKey(s: Slice, r: RankedLanes, row: number): string {
  return row >= r.shown.length ? OTHER : laneKeyString(s.keys[r.shown[row][0]]);
}

/** The shown lanes as the renderer draws them, named from the derived identities and sessions. */
export function describeLanes(db: CaseDb, s: Slice, r: RankedLanes, mode: LaneMode): LaneInfo[] {
  const label = laneLabeler(db, mode);
  const lanes: LaneInfo[] = r.shown.map(([code, count]) => {
    const k = s.keys[code];
    const { label: text, nhiKind } = label(k);
    return {
      key: laneKeyString(k),
      label: text,
      kind: k.kind,
      ref: k.ref,
      count,
      ...(nhiKind ? { identity_kind: nhiKind } : {}),
    };
  });
  if (r.otherCount > 0)
    lanes.push({ key: OTHER, label: `${r.otherLanes} more lanes`, kind: 'none', ref: null, count: r.otherCount });
  return lanes;
}

function laneLabeler(db: CaseDb, mode: LaneMode): (l: LaneKey) => { label: string; nhiKind?: IdentityKind } {
  const identity = db.prepare('SELECT name, kind FROM identities WHERE id = ?');
  const sessionKey = db.prepare('SELECT session_key FROM sessions WHERE id = ?').pluck();
  return (l) => {
    switch (l.kind) {
      case 'identity': {
        const row = identity.get(l.ref) as { name: string; kind: IdentityKind } | undefined;
        return { label: row?.name ?? `identity ${l.ref}`, nhiKind: row?.kind };
      }
      case 'session': {
        const key = sessionKey.get(l.ref) as string | null | undefined;
        return { label: key ? `S${l.ref} · ${key}` : `S${l.ref}` };
      }
      case 'key':
      case 'principal':
        return { label: String(l.ref) };
      default:
        return { label: mode === 'identity' ? '(no principal)' : '(no session)' };
    }
  };
}
