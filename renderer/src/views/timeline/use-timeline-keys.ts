// Timeline keys: + / - zoom, j / k step through the drawn events (inside group marks too), Enter opens, and `a` on a
// selection asks for the annotate bar.
import { useEffect } from 'react';
import { isTyping, onViewKey } from '../../app/keys';
import type { TimelineAdapter } from './vis-adapter';

export function useTimelineKeys(opts: {
  adapter: React.RefObject<TimelineAdapter | null>;
  members: React.RefObject<Map<string, number[]>>;
  selection: number[];
  setSelection: (ids: number[]) => void;
  openEvent: (id: number, o?: { replace?: boolean }) => void;
  eventOpen: boolean;
  annotating: boolean;
  onAnnotate: () => void;
}): void {
  const { adapter, members, selection, setSelection, openEvent, eventOpen, annotating, onAnnotate } = opts;
  useEffect(
    () =>
      onViewKey((key) => {
        const a = adapter.current;
        if (!a) return;
        if (key === 'zoom-in') a.zoom(0.5);
        else if (key === 'zoom-out') a.zoom(1.5);
        else {
          const evs = a
            .allItems()
            .flatMap((x) =>
              x.id.startsWith('e')
                ? [{ id: x.id, ev: Number(x.id.slice(1)) }]
                : x.id.startsWith('g')
                  ? (members.current.get(x.id) ?? []).map((ev) => ({ id: x.id, ev }))
                  : [],
            )
            .sort((x, y) => x.ev - y.ev);
          if (evs.length === 0) return;
          let i = evs.findIndex((x) => x.ev === selection[0]);
          if (key === 'open') {
            if (i >= 0) openEvent(evs[i].ev);
            return;
          }
          const step = key === 'next' ? 1 : -1;
          i = i < 0 ? (step > 0 ? 0 : evs.length - 1) : Math.max(0, Math.min(evs.length - 1, i + step));
          setSelection([evs[i].ev]);
          a.setSelection([evs[i].id]);
          if (eventOpen) openEvent(evs[i].ev, { replace: true });
        }
      }),
    [adapter, members, selection, setSelection, openEvent, eventOpen],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'a' || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey || annotating) return;
      if (selection.length === 0) return;
      e.preventDefault();
      onAnnotate();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selection, annotating, onAnnotate]);
}
