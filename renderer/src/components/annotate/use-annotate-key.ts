// `a` opens the annotate bar on the current selection, wherever the selection is (grid, timeline, graph). A view
// passes what is selected now; the hook does nothing while the analyst types or when nothing is selected.
import { useEffect, useRef } from 'react';
import { isTyping } from '../../app/keys';

export function useAnnotateKey(enabled: boolean, open: () => void): void {
  const ref = useRef(open);
  ref.current = open;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'a' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
