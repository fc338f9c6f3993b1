// The cases this browser opened lately (browser mode; Electron keeps its own list in the main process).
const RECENT_KEY = 'sessionscope.recent';

export function recentCases(): string[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}
export function rememberCase(p: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([p, ...recentCases().filter((x) => x !== p)].slice(0, 8)));
  } catch {
    /* ignore */
  }
}
