// The one visual language (UI.md): a hue per event category, the same in the timeline, the grid, the graph and
// the PDF; severity colours for findings. Failures are never shown by colour alone (svg/marks.ts draws a shape).
// The workbench's hues (renderer/src/lib/colors.ts CATEGORY_HUE), so a reader sees the same colour on paper.
export const CATEGORY_COLORS: Record<string, string> = {
  auth: '#2f6fdf',
  credential: '#8a4bd6',
  read: '#1f8a70',
  write: '#d48806',
  delete: '#d6336c',
  privilege: '#c2410c',
  exec: '#7c3aed',
  query: '#0e7490',
  config: '#65a30d',
  logging: '#b91c1c',
  other: '#6b7280',
};

export function categoryColor(c: string): string {
  return CATEGORY_COLORS[c] ?? CATEGORY_COLORS.other;
}

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#a61e1e',
  high: '#d9480f',
  medium: '#b08900',
  low: '#1c7ed6',
  info: '#5c636a',
};

export const FAILURE = '#c92a2a';
