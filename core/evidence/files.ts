// Expands what the user named — files and directories (recursively) — into the files to import. Under allowed
// folders (the bridge, Electron) a link inside a named folder may not lead outside them: the import is refused
// with the link's path, rather than reading (and echoing in rejects) whatever file the link points at.
import { readdirSync, statSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { isInside, type PathRoots } from '../policy/paths.js';

const SKIP_NAMES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/**
 * The case file and its SQLite companions, by real path. They are never read as evidence: opening and closing the
 * case file outside SQLite would drop the locks this process's connection holds on it (core/casefile/open.ts).
 */
export function caseFiles(casePath: string | undefined): Set<string> {
  if (!casePath) return new Set();
  let real: string;
  try {
    real = realpathSync(casePath);
  } catch {
    real = path.resolve(casePath);
  }
  return new Set(['', '-wal', '-shm', '-journal'].map((s) => real + s));
}

export function expandPaths(paths: string[], casePath?: string, roots: PathRoots = null): string[] {
  const out: string[] = [];
  const own = caseFiles(casePath);
  // Folder walks pass over the case's own files as already seen.
  const seen = new Set(own);
  const admit = (file: string, real: string): void => {
    if (roots !== null && !roots.some((r) => isInside(r, real)))
      throw new UserError(
        'INVALID_PARAMS',
        `${file} leads to ${real}, outside the folders this window may use; import that file from an allowed folder`,
      );
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError('NOT_FOUND', `no such file or directory: ${p}`);
    }
    if (st.isDirectory()) walk(path.resolve(p), out, seen, admit);
    else if (st.isFile()) {
      if (own.has(realpathSync(p)))
        throw new UserError(
          'INVALID_PARAMS',
          `refusing to import the case file itself (or its journal) as evidence: ${p}`,
        );
      add(path.resolve(p), out, seen, admit);
    } else throw new UserError('NOT_FOUND', `not a regular file or directory: ${p}`);
  }
  return out;
}

type Admit = (file: string, real: string) => void;

function add(file: string, out: string[], seen: Set<string>, admit: Admit): void {
  const real = realpathSync(file);
  admit(file, real);
  if (seen.has(real)) return;
  seen.add(real);
  out.push(file);
}

function walk(dir: string, out: string[], seen: Set<string>, admit: Admit): void {
  const real = realpathSync(dir);
  admit(dir, real);
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  for (const name of readdirSync(dir).sort()) {
    if (SKIP_NAMES.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    let st;
    try {
      st = lstatSync(full).isSymbolicLink() ? statSync(full) : lstatSync(full);
    } catch {
      continue; // a dangling link
    }
    if (st.isDirectory()) walk(full, out, seen, admit);
    else if (st.isFile()) add(full, out, seen, admit);
  }
}
