// The status line's text lives outside React state: views update it on every pan or page, and only the
// footer re-renders (not every view that reads the app context).
import { useSyncExternalStore } from 'react';

let text = '';
const listeners = new Set<() => void>();

export function setStatusText(s: string): void {
  if (s === text) return;
  text = s;
  for (const l of listeners) l();
}

export function useStatusText(): string {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => text,
  );
}
