// The coverage Gantt's geometry: one time scale over every source's span, positions as percentages of the track
// (so the chart follows the window's width without measuring it), and readable tick times.
import type { CoverageResult } from '../../../lib/contract';

export interface Scale {
  from: number;
  to: number;
  /** Position of an instant on the track, 0–100. */
  pct(ms: number): number;
}

/** The span every source covers together; null when no source has events. */
export function coverageScale(c: CoverageResult): Scale | null {
  let from = Infinity;
  let to = -Infinity;
  for (const s of c.sources) {
    if (s.from) from = Math.min(from, Date.parse(s.from));
    if (s.to) to = Math.max(to, Date.parse(s.to));
  }
  for (const t of c.tamper) {
    const ms = Date.parse(t.ts);
    from = Math.min(from, ms);
    to = Math.max(to, ms);
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  // A single instant still gets a track: one minute either side.
  if (to - from < 60_000) {
    from -= 60_000;
    to += 60_000;
  }
  const span = to - from;
  return { from, to, pct: (ms) => Math.max(0, Math.min(100, ((ms - from) / span) * 100)) };
}

/** Evenly spaced tick instants (count + 1 of them, both ends included). */
export function ticks(s: Scale, count = 6): number[] {
  return Array.from({ length: count + 1 }, (_, i) => s.from + ((s.to - s.from) * i) / count);
}

/** A gap's key in the route (`gap=cloudtrail:2`): which source, which of its gaps. */
export function gapKey(format: string, index: number): string {
  return `${format}:${index}`;
}

export function parseGapKey(key: string | undefined): { format: string; index: number } | null {
  const m = key ? /^(.+):(\d+)$/.exec(key) : null;
  return m ? { format: m[1], index: Number(m[2]) } : null;
}
