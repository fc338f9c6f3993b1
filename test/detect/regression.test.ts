// SigmaHQ's own regression data, rule by rule: each case is a rule and the event(s) SigmaHQ recorded for it,
// with how many must match at least (test/fixtures/sigmahq-regression). The data is Windows event logs exported as
// JSON, read here through a minimal Windows view (EventData and System fields by name): what is tested is the
// evaluator's semantics — modifiers, wildcards, escaping, conditions — against the expected outcomes.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fixture } from '../helpers.js';
import { parseRuleText } from '../../core/detect/sigma/load.js';
import { compileFor } from '../../core/detect/compile.js';
import { matches } from '../../core/detect/evaluate.js';
import type { SigmaFormat } from '../../core/detect/formats/types.js';
import type { View } from '../../core/detect/record.js';
import type { DetectionRule } from '../../core/detect/sigma/rule.js';

interface Case {
  rule: string;
  id: string;
  title: string;
  test: string;
  match_count: number;
  events: unknown[];
  text: string;
}

const data = JSON.parse(readFileSync(fixture('sigmahq-regression', 'cases.json'), 'utf8')) as {
  commit: string;
  cases: Case[];
};

const windows: SigmaFormat = {
  id: 'generic',
  logsources: [{ product: 'windows' }],
  records: 'json',
  schema: ['*'],
  roots: ['Event.EventData.', 'Event.System.', 'Event.UserData.', ''],
  fields: {
    provider_name: 'Event.System.Provider.#attributes.Name',
    provider_guid: 'Event.System.Provider.#attributes.Guid',
  },
};

/**
 * Windows field names as the Sigma specification gives them: EventData names with spaces stripped ("Source
 * Name" → SourceName), and the fields of UserData's one child element.
 */
function windowsEvent(json: unknown): unknown {
  const ev = (json as { Event: Record<string, unknown> }).Event;
  const data = Object.fromEntries(
    Object.entries((ev.EventData as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [
      k.replace(/ /g, ''),
      v,
    ]),
  );
  const user = ev.UserData as Record<string, unknown> | undefined;
  const userFields = user ? (Object.values(user)[0] as Record<string, unknown>) : {};
  return { Event: { ...ev, EventData: { ...userFields, ...data } } };
}

function view(json: unknown): View {
  const w = windowsEvent(json);
  return { json: w, audit: null, text: JSON.stringify(w), norm: () => ({}), memo: null };
}

describe(`SigmaHQ regression data (${data.cases.length} cases at ${data.commit.slice(0, 12)})`, () => {
  test('there is regression data to test against', () => {
    expect(data.cases.length).toBeGreaterThan(150);
  });
  for (const c of data.cases) {
    test(`${c.title} (${c.rule.split('/').pop()}): ${c.match_count} match(es)`, () => {
      const parsed = parseRuleText(c.text, c.rule);
      const rule = parsed.find((p): p is { rule: DetectionRule } => 'rule' in p && p.rule.kind === 'detection');
      expect(parsed.filter((p) => 'error' in p)).toEqual([]);
      expect(rule).toBeDefined();
      const compiled = compileFor(rule!.rule, windows);
      if ('reason' in compiled) throw new Error(compiled.reason);
      // SigmaHQ's runner takes match_count as a minimum (more matches only warn): its JSON can hold more events.
      const n = c.events.filter((e) => matches(compiled, view(e))).length;
      expect(n).toBeGreaterThanOrEqual(c.match_count);
    });
  }
});
