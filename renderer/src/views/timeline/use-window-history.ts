// The timeline's window as browser history: every settled zoom, pan or brush becomes an entry (`from`/`to` in the
// URL fragment, exact to the millisecond), and back/forward put the window back. Entries are written a moment after
// a gesture settles, so a burst of wheel steps is one entry, not twenty.
import { useCallback, useEffect, useRef } from 'react';
import type { TimelineAdapter } from './vis-adapter';

const SETTLE_MS = 400;

export interface WindowHistory {
  /** Call when the window settled (end of a gesture, or a programmatic move). */
  settled(start: number, end: number): void;
  /** Records the current window without a new entry (the first window of a view). */
  replace(start: number, end: number): void;
}

export function useWindowHistory(
  adapter: React.RefObject<TimelineAdapter | null>,
  urlFrom: string | undefined,
  urlTo: string | undefined,
  setParams: (patch: Record<string, string | undefined>, opts?: { replace?: boolean }) => void,
): WindowHistory {
  const timer = useRef<number | null>(null);
  /** The window we moved to from the URL: its 'settled' must not write a new entry. */
  const fromUrl = useRef<{ start: number; end: number } | null>(null);
  /** What we wrote last: the URL catching up with it must not move the window (it may have moved on since). */
  const written = useRef<{ from: string; to: string } | null>(null);
  const url = useRef({ from: urlFrom, to: urlTo });
  url.current = { from: urlFrom, to: urlTo };

  const write = useCallback(
    (start: number, end: number, replace: boolean) => {
      const from = new Date(Math.round(start)).toISOString();
      const to = new Date(Math.round(end)).toISOString();
      if (from === url.current.from && to === url.current.to) return;
      written.current = { from, to };
      setParams({ from, to, focus: undefined }, { replace });
    },
    [setParams],
  );

  const settled = useCallback(
    (start: number, end: number) => {
      const f = fromUrl.current;
      if (f && Math.abs(f.start - start) < 2 && Math.abs(f.end - end) < 2) {
        fromUrl.current = null;
        return;
      }
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        timer.current = null;
        const w = adapter.current?.window();
        if (w) write(w.start, w.end, false);
      }, SETTLE_MS);
    },
    [adapter, write],
  );

  const replace = useCallback((start: number, end: number) => write(start, end, true), [write]);

  // Back/forward (or a link) changed the URL: move the window there.
  useEffect(() => {
    const a = adapter.current;
    if (!a || !urlFrom || !urlTo) return;
    if (written.current && written.current.from === urlFrom && written.current.to === urlTo) return;
    written.current = null;
    const s = Date.parse(urlFrom);
    const e = Date.parse(urlTo);
    if (!(e > s)) return;
    const w = a.window();
    if (Math.abs(w.start - s) < 2 && Math.abs(w.end - e) < 2) return;
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    fromUrl.current = { start: s, end: e };
    a.setWindow(s, e);
  }, [adapter, urlFrom, urlTo]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  return { settled, replace };
}
