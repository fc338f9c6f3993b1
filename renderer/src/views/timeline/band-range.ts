// Which span the density band and the first window cover (pure).
import type { Histogram } from '../../lib/contract';

/** The shortest run of bins holding at least `share` of the events: where the case really happens. */
export function densest(h: Histogram, share: number): [number, number] {
  const from = Date.parse(h.from!);
  const need = Math.ceil(h.total * share);
  let best: [number, number] = [0, h.counts.length];
  let acc = 0;
  let j = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i];
    while (acc - h.counts[j] >= need && j < i) {
      acc -= h.counts[j];
      j++;
    }
    if (acc >= need && i + 1 - j < best[1] - best[0]) best = [j, i + 1];
  }
  return [from + best[0] * h.bin_ms, Math.min(Date.parse(h.to!), from + best[1] * h.bin_ms)];
}

/** Share of events the band may leave out (stray records far from the case); the view announces them. */
export const STRAY_SHARE = 0.001;

/**
 * The band's span over the whole (filtered) histogram: all of it, unless at most 0.1 % of the events lie so far
 * out that keeping them would squeeze the rest into under a quarter of the band. A scoped view (one identity or
 * session) always covers all of its events.
 */
export function bandRange(coarse: Histogram, scoped: boolean): { from: number; to: number; trimmed: boolean } {
  const from = Date.parse(coarse.from!);
  const to = Date.parse(coarse.to!);
  if (scoped || coarse.total < 1000) return { from, to, trimmed: false };
  const [lo, hi] = densest(coarse, 1 - STRAY_SHARE);
  const pad = Math.max(60_000, (hi - lo) * 0.02);
  const a = Math.max(from, lo - pad);
  const b = Math.min(to, hi + pad);
  if (b - a > (to - from) / 4) return { from, to, trimmed: false };
  return { from: a, to: b, trimmed: true };
}
