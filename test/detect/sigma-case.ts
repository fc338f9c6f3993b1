// The SigmaHQ family tests' common ground (families.test.ts, saas-families.test.ts): a case made from fixtures under
// test/fixtures/sigma through the whole path (import, derivation that runs the rules, stored matches), and the
// check each row of their tables makes.
import { expect } from 'vitest';
import { caseFrom, type TestCase } from '../derive/case.js';
import { fixture } from '../helpers.js';
import { eventRaw } from '../../core/casefile/raw.js';
import type { MatchJson } from '../../core/query/detections.js';

export interface SigmaCase {
  c: TestCase;
  matches: MatchJson[];
}

/** A case of these test/fixtures/sigma files and every detection stored in it. */
export async function sigmaCase(files: string[]): Promise<SigmaCase> {
  const c = await caseFrom(files.map((f) => fixture('sigma', f)));
  const { matches } = await c.api<{ matches: MatchJson[] }>('detections.list', {});
  return { c, matches };
}

/** The raw records a rule matched. */
function raws({ c, matches }: SigmaCase, ruleId: string): string[] {
  return matches.filter((m) => m.rule.id === ruleId).map((m) => eventRaw(c.handle.db, m.event)!.toString('utf8'));
}

/** The rule matched the record holding `must` and no record holding `mustNot` (its near miss). */
export function expectRuleMatch(s: SigmaCase, rule: string, must: string, mustNot: string | null): void {
  const r = raws(s, rule);
  expect(
    r.some((x) => x.includes(must)),
    `${rule} matches ${must}`,
  ).toBe(true);
  if (mustNot)
    expect(
      r.some((x) => x.includes(mustNot)),
      `${rule} does not match ${mustNot}`,
    ).toBe(false);
}
