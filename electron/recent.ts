// The recent-cases list (newest first, at most 10), kept in the user's app-data folder by main.ts.
export const MAX_RECENT = 10;

export function addRecent(list: string[], file: string): string[] {
  return [file, ...list.filter((x) => x !== file)].slice(0, MAX_RECENT);
}

export function parseRecent(text: string | null): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string' && x.endsWith('.sscase')).slice(0, MAX_RECENT)
      : [];
  } catch {
    return [];
  }
}

/** A case file named on the command line or by the OS (file association): the first *.sscase argument. */
export function caseFromArgv(argv: string[]): string | null {
  for (const a of argv.slice(1)) if (!a.startsWith('-') && a.toLowerCase().endsWith('.sscase')) return a;
  return null;
}
