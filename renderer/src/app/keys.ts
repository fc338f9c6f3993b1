// View-level shortcuts travel as a window event so each view handles only what it understands.
export type ViewKey = 'next' | 'prev' | 'open' | 'zoom-in' | 'zoom-out';

export function sendViewKey(key: ViewKey): void {
  window.dispatchEvent(new CustomEvent<ViewKey>('ss-view-key', { detail: key }));
}

export function onViewKey(cb: (key: ViewKey) => void): () => void {
  const h = (e: Event) => cb((e as CustomEvent<ViewKey>).detail);
  window.addEventListener('ss-view-key', h);
  return () => window.removeEventListener('ss-view-key', h);
}

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

export const SHORTCUTS: [string, string][] = [
  ['/', 'Search all events'],
  ['j / k', 'Next / previous event (grid, timeline)'],
  ['Enter', 'Open the selected event'],
  ['a', 'Mark the selection: tags, note, bookmark, promote, cite (grid: also all results)'],
  ['Shift+click', 'Select a range of rows (grid)'],
  ['Esc', 'Close the detail pane or this help'],
  ['c  i  t  e  g  d', 'Case · Identities · Timeline · Events · Graph · Detections'],
  ['+ / -', 'Zoom the timeline in / out'],
  ['Alt+← / Alt+→', 'Back / forward'],
  ['?', 'Show these shortcuts'],
];
