// Shared test helpers: temp dirs, the shared corpus (tests that read it skip cleanly when it is absent, except
// under CI=true, where test/corpus-present.test.ts fails instead).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFormatId } from '../importers/formats.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Fixtures that belong to no single format (derivation stories across sources). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const CORPUS = process.env.SESSIONSCOPE_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(CORPUS);

/**
 * A fixture file: `fixture('okta', 'x.json')` is a format's own (importers/okta/fixtures/x.json, beside its
 * importer); any other first part names a shared folder under test/fixtures (`fixture('derive', …)`).
 */
export function fixture(first: string, ...rest: string[]): string {
  return isFormatId(first)
    ? path.join(ROOT, 'importers', first, 'fixtures', ...rest)
    : path.join(FIXTURES, first, ...rest);
}

export function corpus(...p: string[]): string {
  return path.join(CORPUS, ...p);
}

export function tempDir(prefix = 'ss-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One CloudTrail record as a JSON line (newline included): user/etl reading an S3 object at 10:00:`i mod 60` on
 * 2026-03-10. `extra` adds or replaces top-level fields.
 */
export function trailLine(i: number, extra: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({
      eventVersion: '1.08',
      eventTime: `2026-03-10T10:00:${String(i % 60).padStart(2, '0')}Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/etl' },
      sourceIPAddress: '10.0.0.5',
      ...extra,
    }) + '\n'
  );
}
