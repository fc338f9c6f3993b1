// Shared test helpers: temp dirs, the shared corpus (tests that read it skip cleanly when it is absent).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const CORPUS = process.env.SESSIONSCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(CORPUS);

export function fixture(...p: string[]): string {
  return path.join(FIXTURES, ...p);
}

export function corpus(...p: string[]): string {
  return path.join(CORPUS, ...p);
}

export function tempDir(prefix = 'ss-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
