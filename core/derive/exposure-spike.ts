// Deviation by what an identity read (docs/derivation.md, "Deviation"): its busiest investigation-window hour of
// rows, bytes, items or objects read against its busiest baseline hour, per measure. A machine that exports a few
// thousand rows a night and then pulls a million in an hour has changed, whatever its actions and addresses.
import { formatMicros } from '../model/time.js';
import type { CaseDb } from '../casefile/open.js';

export interface ExposureHour {
  hour: number;
  events: number;
  rows: number;
  bytes: number;
  items: number;
  objects: number;
  top_events: number[];
}

/** Every identity's hourly reads (core/derive/exposure.ts writes them). */
export function exposureHours(db: CaseDb): Map<number, ExposureHour[]> {
  const out = new Map<number, ExposureHour[]>();
  for (const r of db
    .prepare(
      'SELECT identity_id, hour, events, rows_read, bytes_read, items_read, objects, top_events FROM exposure_hours ORDER BY identity_id, hour',
    )
    .raw(true)
    .iterate() as Iterable<[number, number, number, number, number, number, number, string]>) {
    const [id, hour, events, rows, bytes, items, objects, top] = r;
    let l = out.get(id);
    if (!l) out.set(id, (l = []));
    l.push({ hour, events, rows, bytes, items, objects, top_events: JSON.parse(top) as number[] });
  }
  return out;
}

const HOUR = 3_600_000_000;
/** Below these an hour's reads are not a spike, whatever the ratio (a quiet identity reading a little). */
export const SPIKE_FLOOR = { rows: 10_000, bytes: 100_000_000, items: 100, objects: 50 } as const;
/** How many times its busiest baseline hour the window's busiest hour must be. */
export const SPIKE_RATIO = 10;

type Measure = keyof typeof SPIKE_FLOOR;
const MEASURES: Measure[] = ['rows', 'bytes', 'items', 'objects'];

export interface VolumeReason {
  code: 'data_volume_spike' | 'data_volume_no_baseline';
  text: string;
  weight: number;
  events: number[];
}

function amount(m: Measure, v: number): string {
  if (m === 'bytes') {
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let x = v;
    let u = 0;
    while (x >= 1000 && u < units.length - 1) {
      x /= 1000;
      u++;
    }
    return `${u === 0 ? x : x.toFixed(1)} ${units[u]}`;
  }
  return `${v.toLocaleString('en-US')} ${m === 'objects' ? 'object reads' : m}`;
}

/**
 * @param hours the identity's hourly reads, in hour order
 * @param Th the first hour of the investigation window (the hour holding the boundary belongs to the window)
 * @param hasBaseline whether the identity did anything before the window
 */
export function volumeSpike(hours: ExposureHour[], Th: number, hasBaseline: boolean): VolumeReason | null {
  const spikes: { m: Measure; win: ExposureHour; winMax: number; baseMax: number; weight: number }[] = [];
  for (const m of MEASURES) {
    let baseMax = 0;
    let win: ExposureHour | null = null;
    for (const h of hours) {
      if (h.hour < Th) baseMax = Math.max(baseMax, h[m]);
      else if (!win || h[m] > win[m]) win = h;
    }
    if (!win || win[m] < SPIKE_FLOOR[m] || win[m] < SPIKE_RATIO * baseMax) continue;
    const weight = !hasBaseline
      ? 10
      : baseMax === 0
        ? 15
        : Math.min(25, 8 + 3 * Math.round(Math.log2(win[m] / baseMax)));
    spikes.push({ m, win, winMax: win[m], baseMax, weight });
  }
  if (spikes.length === 0) return null;
  spikes.sort((a, b) => b.weight - a.weight);
  const top = spikes[0];
  const what = spikes.map((s) => amount(s.m, s.winMax)).join(', ');
  const events = [...new Set(spikes.flatMap((s) => s.win.top_events))];
  if (!hasBaseline)
    return {
      code: 'data_volume_no_baseline',
      text: `read ${what} in the hour from ${formatMicros(top.win.hour * HOUR)}, with no baseline to compare against`,
      weight: top.weight,
      events,
    };
  const was = spikes
    .map((s) => (s.baseMax === 0 ? `no ${s.m === 'objects' ? 'object reads' : s.m}` : amount(s.m, s.baseMax)))
    .join(', ');
  return {
    code: 'data_volume_spike',
    text: `data volume spike: ${what} read in the hour from ${formatMicros(top.win.hour * HOUR)} (baseline at most ${was} per hour)`,
    weight: top.weight,
    events,
  };
}
