// The recent-cases list (newest first, at most 10), kept in the user's app-data folder. It names case files — what
// an analyst is investigating — so it is written owner-only (0600, its folder 0700) like every file SessionScope
// writes (core/policy/private-files.ts).
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_DIR_MODE, replacePrivateFile } from '../core/policy/private-files.js';

export const MAX_RECENT = 10;

/** The list kept in `file`; empty when there is none or it is unreadable. */
export function loadRecent(file: string): string[] {
  try {
    return parseRecent(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** Writes the list to `file`, owner-only; the folder holding it (the app's own data folder) is made owner-only. */
export function saveRecent(file: string, list: string[]): void {
  const dir = path.dirname(file);
  makePrivateDir(dir);
  chmodSync(dir, PRIVATE_DIR_MODE);
  replacePrivateFile(file, JSON.stringify(list));
}

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
