// The one visual language (UI.md): a hue per event category, the same in the timeline, the grid, the graph and
// the PDF; severity colours for findings. Failures are never shown by colour alone (svg/marks.ts draws a shape).
export const CATEGORY_COLORS: Record<string, string> = {
  auth: '#1c7ed6', credential: '#f08c00', read: '#2f9e44', write: '#7048e8', delete: '#e03131', privilege: '#c2255c',
  exec: '#d9480f', query: '#0c8599', config: '#5c940d', logging: '#862e9c', other: '#868e96',
};

export function categoryColor(c: string): string {
  return CATEGORY_COLORS[c] ?? CATEGORY_COLORS.other;
}

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#a61e1e', high: '#d9480f', medium: '#b08900', low: '#1c7ed6', info: '#5c636a',
};

export const FAILURE = '#c92a2a';
