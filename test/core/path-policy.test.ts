// The one path policy (core/policy/paths.ts): every method and transport judges a path by where it really leads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  allowedPath,
  allowedRoots,
  isInside,
  pathProblem,
  pathViolation,
  PATH_PARAM_KEYS,
} from '../../core/policy/paths.js';
import { expandPaths } from '../../core/evidence/files.js';
import { allMethods } from '../../core/api/methods/index.js';
import { createApiContext, closeContext } from '../../core/api/context.js';
import { call, invoke } from '../../core/api/dispatch.js';
import { tempDir } from '../helpers.js';

let t: { dir: string; cleanup: () => void };
let root: string; // the allowed folder
let outside: string; // a folder beside it
let roots: string[];

beforeAll(() => {
  t = tempDir('ss-paths-');
  root = path.join(t.dir, 'root');
  outside = path.join(t.dir, 'out');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.log'), '{"secret":true}\n');
  mkdirSync(path.join(t.dir, 'rootx')); // prefix confusion: /…/rootx is not inside /…/root
  symlinkSync(outside, path.join(root, 'linked-dir'));
  symlinkSync(path.join(outside, 'secret.log'), path.join(root, 'linked-file.log'));
  symlinkSync(path.join(outside, 'not-yet.pdf'), path.join(root, 'dangling.pdf'));
  symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
  symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
  mkdirSync(path.join(root, 'evidence'));
  writeFileSync(path.join(root, 'evidence', 'a.log'), 'x\n');
  roots = allowedRoots([root]);
});
afterAll(() => t.cleanup());

const allowed = (p: string) => pathProblem(roots, p) === null;

describe('path policy', () => {
  it('allows paths inside the roots, existing or not yet', () => {
    expect(allowed(root)).toBe(true);
    expect(allowed(path.join(root, 'case.sscase'))).toBe(true);
    expect(allowed(path.join(root, 'new', 'deeper', 'report.pdf'))).toBe(true);
    expect(allowed(path.join(root, 'evidence', 'a.log'))).toBe(true);
    expect(allowedPath(roots, path.join(root, 'x', '..', 'y.csv'))).toBe(path.join(root, 'y.csv'));
  });

  it('refuses `..` out of the roots', () => {
    expect(allowed(path.join(root, '..', 'out', 'secret.log'))).toBe(false);
    expect(allowed(path.join(root, 'evidence', '..', '..', 'x.pdf'))).toBe(false);
    expect(allowed(path.join(root, '..'))).toBe(false);
  });

  it('refuses a symlinked folder leading outside, for reading and for writing', () => {
    expect(allowed(path.join(root, 'linked-dir'))).toBe(false);
    expect(allowed(path.join(root, 'linked-dir', 'secret.log'))).toBe(false);
    expect(allowed(path.join(root, 'linked-dir', 'report.pdf'))).toBe(false); // does not exist yet
    expect(allowed(path.join(root, 'linked-dir', 'new', 'report.pdf'))).toBe(false);
  });

  it('refuses a symlinked file leading outside, and a dangling link by its target', () => {
    expect(allowed(path.join(root, 'linked-file.log'))).toBe(false);
    expect(allowed(path.join(root, 'dangling.pdf'))).toBe(false);
    expect(() => allowedPath(roots, path.join(root, 'loop-a', 'x'))).toThrow(/symbolic links|resolve/);
  });

  it('does not confuse a prefix with a parent (/a/bc is not inside /a/b)', () => {
    expect(allowed(path.join(t.dir, 'rootx', 'f.pdf'))).toBe(false);
    expect(allowed(`${root}x`)).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true); // a name that starts with two dots is still a child
    expect(isInside('/', '/etc')).toBe(true);
  });

  it('never folds case: a differently-cased name is judged by what the file system says it is', () => {
    const upper = path.join(t.dir, 'ROOT', 'x.pdf');
    // On a case-sensitive file system ROOT is another (missing) folder, outside; on a case-insensitive one the
    // real path comes back as the existing folder's own spelling, inside. Either way, no string trick passes.
    const caseInsensitive = existsSync(path.join(t.dir, 'ROOT'));
    expect(allowed(upper)).toBe(caseInsensitive);
    expect(allowed(path.join(t.dir, 'OUT', 'secret.log'))).toBe(false);
    expect(allowed(path.join(root, 'LINKED-DIR', 'secret.log'))).toBe(caseInsensitive ? false : true);
  });

  it('refuses NUL and, in the transports, relative paths', () => {
    expect(allowed(`${root}/a\u0000b`)).toBe(false);
    expect(pathViolation({ out: 'relative.csv' }, roots)).toBe('relative.csv');
    expect(pathViolation({ paths: [path.join(root, 'a.log'), path.join(root, 'linked-dir')] }, roots)).toBe(
      path.join(root, 'linked-dir'),
    );
    expect(pathViolation({ pdf: path.join(root, 'linked-dir', 'r.pdf') }, roots)).not.toBeNull();
    expect(pathViolation({ path: '/etc/passwd' }, null)).toBeNull();
    expect(pathProblem(null, '/etc/passwd')).toBeNull();
  });

  it('covers every registry parameter that names a file', async () => {
    const named = new Set<string>();
    for (const m of await allMethods()) {
      const shape = (m.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const k of Object.keys(shape))
        if (/^(path|paths|out|file|files|dir|folder|output|directory|pdf|html)$/i.test(k)) named.add(k);
    }
    expect(named.size).toBeGreaterThan(3);
    for (const k of named) expect(PATH_PARAM_KEYS, k).toContain(k);
  });

  it('folder import refuses a link inside an allowed folder that leads outside', () => {
    const dir = path.join(root, 'with-link');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'ok.log'), 'x\n');
    symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'z-secret.log'));
    expect(() => expandPaths([dir], undefined, roots)).toThrow(/z-secret\.log leads to .*outside the folders/);
    // Without roots (the CLI) the user's own links are followed, as before.
    expect(expandPaths([dir], undefined, null).files.map((f) => path.basename(f))).toEqual(['ok.log', 'z-secret.log']);
  });
});

describe('methods under the path policy (no transport in front)', () => {
  it('report.generate, export.events and case.create refuse a symlinked folder leading outside', async () => {
    const ctx = createApiContext({ allowedRoots: [root], analyst: 't' });
    try {
      await expect(call(ctx, 'case.create', { path: path.join(root, 'linked-dir', 'c.sscase') })).rejects.toThrow(
        /outside the folders/,
      );
      await call(ctx, 'case.create', { path: path.join(root, 'c.sscase') });
      for (const [method, params] of [
        ['report.generate', { html: path.join(root, 'linked-dir', 'r.html') }],
        ['report.generate', { pdf: path.join(root, 'dangling.pdf') }],
        ['export.events', { format: 'csv', out: path.join(root, 'linked-dir', 'e.csv') }],
        ['export.case', { format: 'jsonl', out: path.join(root, 'linked-dir', 'e.jsonl') }],
        ['evidence.import', { paths: [path.join(root, 'linked-file.log')] }],
        ['evidence.import', { paths: [path.join(root, 'with-link')] }],
      ] as const) {
        await expect(invoke(ctx, method, params), `${method} ${JSON.stringify(params)}`).rejects.toThrow(
          /outside the folders/,
        );
      }
      expect(existsSync(path.join(outside, 'r.html'))).toBe(false);
      expect(existsSync(path.join(outside, 'e.csv'))).toBe(false);
      expect(existsSync(path.join(outside, 'not-yet.pdf'))).toBe(false);
      expect(readFileSync(path.join(outside, 'secret.log'), 'utf8')).toBe('{"secret":true}\n');
    } finally {
      closeContext(ctx);
    }
  });
});
