// Which file-system paths a call may name. The CLI names anything its user can reach (no roots); the bridge and
// Electron restrict calls to allowed folders (the case's folder, folders the analyst chose in a native dialog).
// One rule for every method and transport: a path is judged by where it really leads — `..` resolved, then every
// symlink of the path or of its nearest existing ancestor resolved (a dangling link by its target) — so neither a
// symlinked folder nor a symlinked file can lead outside the allowed folders (issue 15 §4).
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/** Allowed folders as real paths (see `allowedRoots`), or null: anywhere. */
export type PathRoots = readonly string[] | null;

/** Parameter names that carry file-system paths, in any method (the transports check them before dispatch). */
export const PATH_PARAM_KEYS = [
  'path',
  'paths',
  'out',
  'file',
  'files',
  'dir',
  'folder',
  'output',
  'directory',
  'pdf',
  'html',
];

/** Links followed at most while resolving one path (the kernel's own limit is 40). */
const MAX_LINKS = 40;

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `p` really leads: the real path of its nearest existing ancestor (symlinks resolved, case as the file
 * system spells it) joined with the parts that do not exist yet. A dangling link is followed to its target.
 */
export function realPathOf(p: string, hops = 0): string {
  let cur = path.resolve(p);
  const rest: string[] = [];
  while (!lexists(cur)) {
    const parent = path.dirname(cur);
    if (parent === cur) break;
    rest.unshift(path.basename(cur));
    cur = parent;
  }
  let real: string;
  try {
    real = realpathSync.native(cur);
  } catch {
    // The nearest existing entry is a link whose target does not exist (or a loop): follow it by hand.
    if (hops >= MAX_LINKS) throw new UserError('INVALID_PARAMS', `too many symbolic links: ${p}`);
    let target: string;
    try {
      target = readlinkSync(cur);
    } catch {
      throw new UserError('INVALID_PARAMS', `cannot resolve this path: ${p}`);
    }
    real = realPathOf(path.resolve(path.dirname(cur), target), hops + 1);
  }
  return rest.length ? path.join(real, ...rest) : real;
}

/** True when `p` is `root` or lies below it (both absolute and already resolved). `/a/bc` is not inside `/a/b`. */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/** The allowed folders as real paths (resolved once, when a window is granted them). */
export function allowedRoots(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roots) {
    const real = realPathOf(r);
    if (!out.includes(real)) out.push(real);
  }
  return out;
}

/** Why `p` may not be used under `roots`, or null when it may. */
export function pathProblem(roots: PathRoots, p: string): string | null {
  if (p.includes('\u0000')) return 'a path may not contain NUL';
  if (roots === null) return null;
  const real = realPathOf(p);
  return roots.some((r) => isInside(r, real)) ? null : 'path is outside the folders this window may use';
}

/**
 * The absolute path to use for `p` (relative paths resolve against the working directory), or a clear error
 * when, after `..` and symlinks, it leads outside `roots`.
 */
export function allowedPath(roots: PathRoots, p: string): string {
  const problem = pathProblem(roots, p);
  if (problem !== null) throw new UserError('INVALID_PARAMS', `${problem}: ${p.slice(0, 300)}`);
  return path.resolve(p);
}

/**
 * The transports' check before dispatch: every path-like parameter of a call must be absolute and allowed.
 * Returns the offending value, or null when all are fine (or there are no roots).
 */
export function pathViolation(params: unknown, roots: PathRoots): string | null {
  if (roots === null) return null;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  for (const key of PATH_PARAM_KEYS) {
    const v = (params as Record<string, unknown>)[key];
    const list =
      typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    for (const p of list) {
      if (!path.isAbsolute(p)) return p;
      try {
        if (pathProblem(roots, p) !== null) return p;
      } catch {
        return p;
      }
    }
  }
  return null;
}
