// Time-axis ticks in the display zone: a "nice" step (1 s … 30 days) giving at most `maxTicks` ticks, aligned
// to local wall-clock boundaries (so an axis in Asia/Kolkata shows 14:00, not 14:30).
import type { Clock } from '../time.js';

const S = 1_000_000;
const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
].map((s) => s * S);

export interface Tick {
  us: number;
  label: string;
  major: string | null;
}

export function timeTicks(from: number, to: number, clock: Clock, maxTicks = 8): Tick[] {
  const span = Math.max(1, to - from);
  const step = STEPS.find((s) => span / s <= maxTicks) ?? STEPS[STEPS.length - 1];
  const off = clock.offset(from) * 1000;
  let t = Math.ceil((from + off) / step) * step - off;
  const ticks: Tick[] = [];
  let lastDate = '';
  for (; t <= to && ticks.length < 60; t += step) {
    const date = clock.date(t);
    const label = step >= 86400 * S ? date.slice(5) : step < 60 * S ? clock.clock(t) : clock.clock(t).slice(0, 5);
    ticks.push({ us: t, label, major: date !== lastDate ? date : null });
    lastDate = date;
  }
  return ticks;
}

/** Pads a time range so marks at its ends are not drawn on the frame; a zero-length range becomes ±30 s. */
export function padRange(from: number, to: number): [number, number] {
  if (to <= from) return [from - 30 * S, to + 30 * S];
  const pad = (to - from) * 0.04;
  return [from - pad, to + pad];
}
