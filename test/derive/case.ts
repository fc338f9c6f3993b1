// Builds a case from evidence files in-process (createCase + runImport), for derivation tests.
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport, type ImportSummary } from '../../core/evidence/import-job.js';
import { createApiContext } from '../../core/api/context.js';
import { invoke } from '../../core/api/dispatch.js';
import type { ApiContext } from '../../core/api/registry.js';
import { getImporter } from '../../importers/registry.js';
import type { FormatId } from '../../core/model/event.js';
import { tempDir } from '../helpers.js';

export interface TestCase {
  handle: CaseHandle;
  ctx: ApiContext;
  summary: ImportSummary;
  dir: string;
  api<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Imports more evidence into the same case (derivation runs again, as after any import). */
  add(paths: string[], format?: FormatId): Promise<ImportSummary>;
  close(): void;
}

export async function caseFrom(paths: string[], opts: { gap?: number } = {}): Promise<TestCase> {
  const { dir, cleanup } = tempDir('ss-derive-');
  const handle = createCase(path.join(dir, 'case.sscase'), { name: 'derive test', analyst: 'tester' });
  if (opts.gap)
    handle.db.prepare("UPDATE case_meta SET value = ? WHERE key = 'session_gap_seconds'").run(String(opts.gap));
  const summary = await runImport(handle.db, { casePath: handle.path, paths, analyst: 'tester' });
  const ctx = createApiContext({ caseFile: handle, analyst: 'tester' });
  return {
    handle,
    ctx,
    summary,
    dir,
    api: <T>(method: string, params: unknown = {}) => invoke(ctx, method, params) as Promise<T>,
    add: (more: string[], format?: FormatId) =>
      runImport(handle.db, { casePath: handle.path, paths: more, format, analyst: 'tester' }),
    close() {
      handle.close();
      cleanup();
    },
  };
}

/** True when every named importer is registered (tests for a format skip until its importer lands). */
export function hasImporters(...formats: string[]): boolean {
  return formats.every((f) => getImporter(f) !== null);
}
