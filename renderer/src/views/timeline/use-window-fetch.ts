// Asks the core for the visible window as it moves: one request in flight at a time; while it runs only the latest
// wanted window is remembered, and a window already fetched (same span, same options) is not asked again.
import { useCallback, useRef } from 'react';
import type { Transport } from '../../transport';
import type { Params, TimelineWindow } from '../../lib/contract';

type WindowOptions = Omit<Params<'timeline.window'>, 'from' | 'to'>;
const iso = (ms: number) => new Date(ms).toISOString();

export interface WindowFetch {
  /** The window moved: fetch it after `delay` ms unless it moves again first. */
  schedule(start: number, end: number, delay?: number): void;
  /** Forget what was fetched (the next schedule fetches even an unchanged window). */
  reset(): void;
}

export function useWindowFetch(
  t: Transport,
  options: () => WindowOptions,
  onResult: (r: TimelineWindow, t0: number) => void,
  onError: (e: unknown | null) => void,
): WindowFetch {
  const latest = useRef({ options, onResult, onError });
  latest.current = { options, onResult, onError };
  const seq = useRef(0);
  const inFlight = useRef(false);
  const wanted = useRef<{ start: number; end: number } | null>(null);
  const lastKey = useRef('');
  const pending = useRef<number | null>(null);

  const pump = useCallback(async () => {
    if (inFlight.current) return;
    while (wanted.current) {
      const w = wanted.current;
      wanted.current = null;
      const opts = latest.current.options();
      const key = `${Math.round(w.start)}-${Math.round(w.end)}|${JSON.stringify(opts)}`;
      if (key === lastKey.current) continue;
      lastKey.current = key;
      inFlight.current = true;
      const mine = ++seq.current;
      const t0 = performance.now();
      try {
        const r = await t.call('timeline.window', { from: iso(w.start), to: iso(w.end), ...opts });
        if (mine === seq.current) {
          latest.current.onError(null);
          latest.current.onResult(r, t0);
        }
      } catch (e) {
        if (mine === seq.current) latest.current.onError(e);
      } finally {
        inFlight.current = false;
      }
    }
  }, [t]);

  const schedule = useCallback(
    (start: number, end: number, delay = 4) => {
      wanted.current = { start, end };
      if (pending.current !== null) window.clearTimeout(pending.current);
      pending.current = window.setTimeout(() => {
        pending.current = null;
        void pump();
      }, delay);
    },
    [pump],
  );
  const reset = useCallback(() => {
    lastKey.current = '';
  }, []);
  return { schedule, reset };
}
