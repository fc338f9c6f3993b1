// Expands what the user named — files and directories (recursively) — into the files to import, and says why
// every other path it met was passed over: a folder import never skips anything silently, and one unreadable
// file or folder is reported while the rest is imported (issue 15 §3). Under allowed folders (the bridge,
// Electron) a link inside a named folder may not lead outside them: the import is refused with the link's path,
// rather than reading (and echoing in rejects) whatever file the link points at.
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { isInside, type PathRoots } from '../policy/paths.js';

/** A path met while expanding and not imported, and why (shown by `import`, the API result and the UI). */
export interface SkippedPath {
  path: string;
  reason: string;
  /** It could not be read (permissions, a vanished file): evidence that may be missing, not a file passed over. */
  unreadable?: true;
}

export interface Expanded {
  files: string[];
  skipped: SkippedPath[];
}

const OS_METADATA = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', 'ehthumbs.db', '.localized']);

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

function why(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  if (code === 'ENOENT') return 'it no longer exists';
  return (e as Error).message.split('\n')[0];
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

class Walk {
  readonly files: string[] = [];
  readonly skipped: SkippedPath[] = [];
  /** Real path → the path it was first met as. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly own: Set<string>,
    private readonly roots: PathRoots,
  ) {}

  /** Refuses the import when `p` really leads outside the allowed folders. */
  private admit(p: string, real: string): void {
    if (this.roots !== null && !this.roots.some((r) => isInside(r, real)))
      throw new UserError(
        'INVALID_PARAMS',
        `${p} leads to ${real}, outside the folders this window may use; import that file from an allowed folder`,
      );
  }

  skip(p: string, reason: string, unreadable = false): void {
    this.skipped.push(unreadable ? { path: p, reason, unreadable } : { path: p, reason });
  }

  /** A regular file: added unless it is the case's own, already met, or unreadable. */
  file(p: string): void {
    let real: string;
    try {
      real = realpathSync(p);
    } catch (e) {
      return this.skip(p, `cannot be resolved: ${why(e)}`, true);
    }
    this.admit(p, real);
    if (this.own.has(real)) return this.skip(p, 'the case file itself (or its journal): never read as evidence');
    const first = this.seen.get(real);
    if (first !== undefined)
      return this.skip(p, first === p ? 'named twice' : `the same file as ${first} (a link to it)`);
    this.seen.set(real, p);
    try {
      accessSync(p, constants.R_OK);
    } catch (e) {
      return this.skip(p, `cannot be read: ${why(e)}`, true);
    }
    this.files.push(p);
  }

  dir(d: string): void {
    let real: string;
    try {
      real = realpathSync(d);
    } catch (e) {
      return this.skip(d, `folder cannot be resolved: ${why(e)}`, true);
    }
    this.admit(d, real);
    const first = this.seen.get(real);
    if (first !== undefined) return this.skip(d, `the same folder as ${first} (a link to it): read once`);
    this.seen.set(real, d);
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      return this.skip(d, `folder cannot be read: ${why(e)}`, true);
    }
    for (const name of names) {
      const full = path.join(d, name);
      if (OS_METADATA.has(name)) {
        this.skip(full, 'operating-system metadata, not a log');
        continue;
      }
      if (name.startsWith('.')) {
        this.skip(full, 'hidden (its name starts with a dot): name it explicitly to import it');
        continue;
      }
      let st: Stats;
      try {
        st = lstatSync(full);
        if (st.isSymbolicLink()) {
          try {
            st = statSync(full);
          } catch (e) {
            const code = (e as { code?: string }).code;
            this.skip(
              full,
              code === 'ENOENT'
                ? 'a symbolic link whose target does not exist'
                : `a symbolic link that cannot be followed: ${why(e)}`,
            );
            continue;
          }
        }
      } catch (e) {
        this.skip(full, `cannot be read: ${why(e)}`, true);
        continue;
      }
      if (st.isDirectory()) this.dir(full);
      else if (st.isFile()) this.file(full);
      else this.skip(full, `${kindOf(st)}, not a file`);
    }
  }
}

/**
 * The files to import under `paths`, and every path passed over with its reason. A named path that does not exist,
 * or that is the case file itself, is an error; everything met inside a named folder is imported or reported.
 */
export function expandPaths(paths: string[], casePath?: string, roots: PathRoots = null): Expanded {
  const own = caseFiles(casePath);
  const w = new Walk(own, roots);
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError('NOT_FOUND', `no such file or directory: ${p}`);
      w.skip(path.resolve(p), `cannot be read: ${why(e)}`, true);
      continue;
    }
    const abs = path.resolve(p);
    if (st.isDirectory()) w.dir(abs);
    else if (st.isFile()) {
      let real = abs;
      try {
        real = realpathSync(p);
      } catch {
        // judged by file() below
      }
      if (own.has(real))
        throw new UserError(
          'INVALID_PARAMS',
          `refusing to import the case file itself (or its journal) as evidence: ${p}`,
        );
      w.file(abs);
    } else throw new UserError('NOT_FOUND', `not a regular file or directory: ${p}`);
  }
  return { files: w.files, skipped: w.skipped };
}
