// SigmaHQ rules on the SaaS sources imported since the Sigma engine landed, through the whole path (import,
// derivation, stored matches), on fixtures written in each shape the importers read (test/fixtures/sigma):
// Azure Activity Log diagnostic records (storage lines, an Event Hub batch), `az monitor activity-log list`
// objects, Log Analytics AzureActivity rows; the Microsoft 365 unified audit log from the Management Activity
// API, a Search-UnifiedAuditLog CSV and Sentinel's OfficeActivity; Google Workspace Reports API activities
// (one with two events) and BigQuery rows. Each rule matches the record written for it and not its near miss.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestCase } from '../derive/case.js';
import type { MatchJson } from '../../core/query/detections.js';
import { expectRuleMatch, sigmaCase, type SigmaCase } from './sigma-case.js';
import { prefilterMismatches } from './prefilter-exact.js';

let s: SigmaCase;
let c: TestCase;
let matches: MatchJson[];

const FILES = [
  'azure-activity-diagnostic.jsonl',
  'azure-activity-eventhub.json',
  'azure-activity-cli.json',
  'azure-activity-log-analytics.json',
  'm365-management-api.json',
  'm365-search-unifiedauditlog.csv',
  'm365-officeactivity.jsonl',
  'workspace-reports.jsonl',
  'workspace-bigquery.json',
];

beforeAll(async () => {
  s = await sigmaCase(FILES);
  ({ c, matches } = s);
});
afterAll(() => c?.close());

/** [shape, rule id, text only the record that must match holds, text of a record that must not] */
const CASES: [string, string, string, string | null][] = [
  // Azure Activity Log
  ['diagnostic, Start + Success merged', '09438caa-07b1-4870-8405-1dbafe3dad95', 'sig-elevate', 'sig-roleread'], // elevateAccess
  ['diagnostic, keywords', 'a622fcd2-4b5a-436a-b8a2-a4171161833c', 'sig-rolewrite', 'sig-roleread'], // roleAssignments/write
  ['diagnostic, properties.message', '46530378-f9db-4af9-a9e5-889c177d3881', 'sig-device-delete', 'sig-device-read'],
  ['Event Hub, category Delete', '48739819-8230-4ee3-a8ea-e0289d1fb0ff', 'sig-adfs-delete', 'sig-adsync-delete'], // ResourceId
  ['CLI {value, localizedValue}', '288a39fc-4914-4831-9ada-270e9dc12cb4', 'sig-adfs-newserver', 'sig-adfs-policy'], // CategoryValue
  ['CLI operationName.value', '92cc3e5d-eb57-419d-8c16-5c63f325a401', 'sig-suppress', 'sig-readsuppress'],
  [
    'Log Analytics OperationNameValue',
    'b02f9591-12c3-4965-986a-88028629b2e1',
    'sig-arc-pod-delete',
    'sig-arc-pod-write',
  ],
  [
    'Log Analytics provider and category',
    '48739819-8230-4ee3-a8ea-e0289d1fb0ff',
    'sig-la-adfs-delete',
    'sig-adsync-delete',
  ],
  ['Log Analytics Properties_d', 'b831353c-1971-477b-abb6-2828edc3bca1', 'sig-la-secret-delete', 'sig-arc-pod-delete'],
  [
    'Log Analytics Properties (JSON text)',
    '46530378-f9db-4af9-a9e5-889c177d3881',
    'sig-la-device-update',
    'sig-device-read',
  ],
  // Microsoft 365 unified audit log
  [
    'Management API, Parameters',
    'c726e007-2cd0-4a55-abfb-79730fbedee5',
    'sig-m365-newinboxrule-fwd',
    'sig-m365-setmailbox-audit',
  ],
  [
    'Management API, Set-Mailbox',
    'c726e007-2cd0-4a55-abfb-79730fbedee5',
    'sig-m365-setmailbox-fwd',
    'sig-csv-inboxrule',
  ],
  [
    'Management API, ExtendedProperties',
    '13f2d3f5-6497-44a7-bf5f-dc13ffafe5dc',
    'sig-m365-intune-bypass',
    'sig-m365-intune-enroll',
  ],
  ['Management API, Operation', '60de9b57-dc4d-48b9-a6a0-b39e0469f876', 'sig-m365-mfa-off', 'sig-m365-intune-bypass'],
  ['Management API, audit', '58f88172-a73d-442b-94c9-95eaed3cbb36', 'sig-m365-fed-domain', 'sig-m365-setmailbox-fwd'],
  [
    'Management API, exchange status',
    '42127bdd-9133-474f-a6f1-97b6c08a4339',
    'sig-m365-fed-domain',
    'sig-m365-failed-fed-domain',
  ],
  [
    'Management API, TIMailData',
    '3569aefd-e535-4391-8c18-24bd01a21eaf',
    'sig-m365-timail-delivered',
    'sig-m365-timail-blocked',
  ],
  ['CSV AuditData', 'd3577be1-42c9-44a7-b56e-2e8de97349d3', 'sig-csv-inboxrule', 'sig-csv-plain-inboxrule'],
  ['CSV AuditData', 'd3577be1-42c9-44a7-b56e-2e8de97349d3', 'sig-csv-inboxrule', 'sig-m365-setmailbox-audit'],
  [
    'OfficeActivity OperationProperties',
    'c726e007-2cd0-4a55-abfb-79730fbedee5',
    'sig-oa-updateinbox-fwd',
    'sig-oa-plain-updateinbox',
  ],
  [
    'OfficeActivity OfficeWorkload',
    '42127bdd-9133-474f-a6f1-97b6c08a4339',
    'sig-oa-fed-domain',
    'sig-m365-failed-fed-domain',
  ],
  // Google Workspace
  ['Reports API setting_name', '22f2fb54-5312-435d-852f-7c74f81684ca', 'sig-gws-caa', 'sig-gws-gmail-setting'],
  ['Reports API new_value', '780601d1-6376-4f2a-884e-b8d45599f78c', 'sig-gws-2sv-off', 'sig-gws-2sv-on'],
  ['Reports API protoPayload names', '38360161-76c4-4283-842e-efcf997dafc8', 'sig-gws-susp-login', 'sig-gws-login-ok'],
  ['Reports API, an events[] entry', '2d1b83e4-17c6-4896-a37b-29140b40a788', 'sig-multi-granted', 'sig-multi-assigned'],
  ['BigQuery event_name', 'ee2803f0-71c8-4831-b48b-a1fc57601ee4', 'sig-bq-remove-app', 'sig-bq-add-app'],
  ['BigQuery admin record', '780601d1-6376-4f2a-884e-b8d45599f78c', 'sig-bq-2sv-off', 'sig-gws-2sv-on'],
  ['BigQuery record_type', 'eafe6f2b-cfec-4612-aec2-49563c33a087', 'sig-bq-gov-attack', 'sig-bq-drive'],
];

describe('SigmaHQ rules on the SaaS sources, per shape', () => {
  test('every fixture imported without rejects, into its format', () => {
    for (const e of c.summary.evidence) {
      expect(e.rejected, e.path).toBe(0);
      const want = /azure-activity/.test(e.path)
        ? 'azure-activity'
        : /m365/.test(e.path)
          ? 'm365-audit'
          : 'workspace-audit';
      expect(e.format, e.path).toBe(want);
    }
  });
  test.each(CASES)('%s: rule %s matches %s, not %s', (_shape, rule, must, mustNot) =>
    expectRuleMatch(s, rule, must, mustNot),
  );
  test('no SigmaHQ rule of these log sources matches a record it does not describe', () => {
    // Every match on these fixtures is one the table above expects (the near misses match nothing else).
    const expected = new Set(CASES.map(([, rule]) => rule));
    const sigmahq = matches.filter((m) => m.rule.url.includes('github.com/SigmaHQ'));
    expect(sigmahq.map((m) => m.rule.id).filter((id) => !expected.has(id))).toEqual([]);
  });
  test('the prefilter states only what each record says (operation, Operation, application)', () => {
    const r = prefilterMismatches(c.handle.db, ['azure-activity', 'm365-audit', 'workspace-audit']);
    expect(r.bad).toEqual([]);
    expect(r.checked).toBeGreaterThan(40);
  });
});
