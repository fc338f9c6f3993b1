// Shared by the importer tests: run a fixture through the dry run (same reader, checks and accounting as an
// import) and check the invariant every importer owes: each record is an event, a merge or a reject.
import { expect } from 'vitest';
import { dryRun, type DryEvent, type DryRun } from '../../importers/dry-run.js';
import type { FormatId } from '../../core/model/event.js';
import { fixture } from '../helpers.js';

export async function runFixture(format: string, name: string, forced?: FormatId): Promise<DryRun> {
  const run = await dryRun(fixture(format, name), forced ? { format: forced } : {});
  expect(run.error, run.error).toBeUndefined();
  expect(run.events.length + run.rejects.length + run.merged).toBe(run.records);
  return run;
}

export function only(run: DryRun, pred: (e: DryEvent) => boolean, what: string): DryEvent {
  const hits = run.events.filter(pred);
  expect(hits.length, `exactly one event ${what}`).toBe(1);
  return hits[0];
}

export function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/** The reject reasons by line (1-based), for fixtures of JSON lines. */
export function rejectsByLine(run: DryRun): Record<number, string> {
  const out: Record<number, string> = {};
  for (const r of run.rejects) out[(r.ref as { line: number }).line] = r.reason;
  return out;
}
