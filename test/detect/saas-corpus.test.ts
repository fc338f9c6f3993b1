// The SaaS Sigma views on the shared corpus's real samples (skipped when ../shared is absent): Panther's rule-test
// records for the Azure Activity Log (diagnostic records, some with the REST `{value, localizedValue}` operation),
// the unified audit log (lower-cased keys) and Workspace (flattened activities), and OTRF's Sentinel OfficeActivity
// row. The rules run over them without error, every rule of these log sources runs in the case, and the matches
// are the records that state what each rule describes (counts checked against the samples by hand).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { corpus, HAS_CORPUS } from '../helpers.js';
import { caseFrom, type TestCase } from '../derive/case.js';
import { eventRaw } from '../../core/casefile/raw.js';
import type { MatchJson } from '../../core/query/detections.js';
import { prefilterMismatches } from './prefilter-exact.js';

const FILES = [
  'panther-azure-activity-tests.jsonl',
  'panther-m365-audit-aad-tests.jsonl',
  'panther-m365-audit-exchange-tests.jsonl',
  'panther-m365-audit-sharepoint-tests.jsonl',
  'otrf-goldensaml-officeactivity-sentinel.jsonl',
  'panther-gsuite-activityevent-tests.jsonl',
];

/** rule id → matches on these samples, and a text every matched record holds (ignoring case). */
const EXPECTED: [string, number, RegExp][] = [
  ['09438caa-07b1-4870-8405-1dbafe3dad95', 1, /elevateAccess\/action/i], // operationName as {value, localizedValue}
  ['92cc3e5d-eb57-419d-8c16-5c63f325a401', 2, /alertsSuppressionRules\/write/i], // upper and lower case
  ['a622fcd2-4b5a-436a-b8a2-a4171161833c', 3, /roleAssignments\/write/i], // keywords
  ['c1182e02-49a3-481c-b3de-0fadc4091488', 5, /listkeys\/action|snapshots\/write|networkSecurityGroups\/write/i],
  ['d22b4df4-5a67-4859-a578-8c9a0b5af9df', 7, /networkSecurityGroups/i],
  ['b831353c-1971-477b-abb6-2828edc3bca1', 2, /vaults\/secrets\//i],
  ['25cb259b-bbdc-4b87-98b7-90d7c72f8743', 2, /rolebindings/i],
  ['c726e007-2cd0-4a55-abfb-79730fbedee5', 9, /Forward|Redirect/], // Parameters of Set-Mailbox / New-InboxRule
  ['d3577be1-42c9-44a7-b56e-2e8de97349d3', 2, /"operation":"(New|Set)-InboxRule"/i],
  ['6aef64e3-60c6-4782-8db3-8448759c714e', 1, /"name":"DELETE_ROLE"/], // a flattened activity
];

describe.skipIf(!HAS_CORPUS)('SigmaHQ rules over real Azure Activity, M365 and Workspace samples', () => {
  let c: TestCase;
  let matches: MatchJson[];
  beforeAll(async () => {
    c = await caseFrom(FILES.map((f) => corpus('other', f)));
    matches = (await c.api<{ matches: MatchJson[] }>('detections.list', {})).matches;
  });
  afterAll(() => c?.close());

  test('each sample is read by its format', () => {
    const formats = c.summary.evidence.map((e) => e.format);
    expect(formats).toEqual([
      'azure-activity',
      'm365-audit',
      'm365-audit',
      'm365-audit',
      'm365-audit',
      'workspace-audit',
    ]);
  });
  test('running the rules again over the samples reports no error', async () => {
    const r = await c.api<{ events: number; hits: number }>('detections.run', {});
    expect(r.events).toBeGreaterThan(200);
    expect(r.hits).toBe(matches.length);
  });
  test('every rule of these log sources runs in the case; the Defender alert rules have no source', async () => {
    const cat = await c.api<{ rules: { id: string; status: string; logsource: string; reasons: string[] }[] }>(
      'detections.rules',
      {},
    );
    const of = (ls: RegExp) => cat.rules.filter((r) => ls.test(r.logsource ?? ''));
    const running = of(/^(azure\/activitylogs|m365\/audit|m365\/exchange|gcp\/google_workspace\..*)$/);
    expect(running.length).toBe(52);
    expect(running.filter((r) => r.status !== 'runs')).toEqual([]);
    const alerts = of(/^m365\/threat_/);
    expect(alerts.length).toBe(14);
    for (const r of alerts) {
      expect(r.status).toBe('no_source');
      expect(r.reasons.join(' ')).toMatch(/alerts .*not imported/);
    }
  });
  test.each(EXPECTED)('rule %s matches %i records, each holding %s', (rule, count, text) => {
    const raws = matches.filter((m) => m.rule.id === rule).map((m) => eventRaw(c.handle.db, m.event)!.toString('utf8'));
    expect(raws.length).toBe(count);
    for (const r of raws) expect(r).toMatch(text);
  });
  test('the prefilter states only what each record says (operation, Operation, application)', () => {
    const r = prefilterMismatches(c.handle.db, ['azure-activity', 'm365-audit', 'workspace-audit']);
    expect(r.bad).toEqual([]);
    expect(r.checked).toBeGreaterThan(150);
  });
});
