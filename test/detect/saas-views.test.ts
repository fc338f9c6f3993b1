// The Sigma views of the sources imported since the engine landed (azure-activity, m365-audit, workspace-audit):
// every bundled SigmaHQ rule of their log sources parses and compiles for its format — no field left unmapped —
// and the per-log-source counts that run are the ones docs/detections.md states.
import { describe, expect, test } from 'vitest';
import { loadRules, parseRuleText } from '../../core/detect/sigma/load.js';
import { compileFor, logsourceFits } from '../../core/detect/compile.js';
import { SIGMA_FORMATS, UNREAD_LOGSOURCES } from '../../core/detect/formats/index.js';
import type { FormatId } from '../../core/model/event.js';
import type { DetectionRule } from '../../core/detect/sigma/rule.js';

const set = loadRules({ bundled: true });
const detections = set.rules.map((r) => r.rule).filter((r): r is DetectionRule => r.kind === 'detection');

/** log source → the format that must run every one of its rules, and how many there are in the snapshot. */
const EXPECTED: [string, FormatId, number][] = [
  ['azure/activitylogs', 'azure-activity', 35],
  ['m365/audit', 'm365-audit', 6],
  ['m365/exchange', 'm365-audit', 1],
  ['gcp/google_workspace.admin', 'workspace-audit', 7],
  ['gcp/google_workspace.login', 'workspace-audit', 3],
  ['gcp/google_workspace.admin', 'gcp-audit', 7],
  ['gcp/google_workspace.login', 'gcp-audit', 3],
];

function source(r: DetectionRule): string {
  return `${r.logsource.product}/${r.logsource.service}`;
}

describe('SigmaHQ rules of the SaaS log sources compile for their formats', () => {
  test('no bundled rule of these log sources is invalid', () => {
    const bad = set.invalid.filter((i) => /azure|m365|gworkspace/i.test(i.file));
    expect(bad).toEqual([]);
  });
  test.each(EXPECTED)('%s: all rules run on %s (%i)', (ls, format, count) => {
    const rules = detections.filter((r) => source(r) === ls);
    expect(rules.length).toBe(count);
    const f = SIGMA_FORMATS[format];
    const problems: string[] = [];
    for (const r of rules) {
      expect(logsourceFits(r.logsource, f), r.meta.title).toBe(true);
      const c = compileFor(r, f);
      if ('reason' in c) problems.push(`${r.meta.title}: ${c.reason}`);
    }
    expect(problems).toEqual([]);
    console.log(`${ls} on ${format}: ${rules.length - problems.length} of ${rules.length} rules run`);
  });
  test('the only unread log sources are the ones no format imports, each with its reason', () => {
    expect(UNREAD_LOGSOURCES.map((u) => `${u.product}/${u.service}`).sort()).toEqual([
      'azure/pim',
      'azure/riskdetection',
      'm365/threat_detection',
      'm365/threat_management',
    ]);
    for (const u of UNREAD_LOGSOURCES) {
      expect(u.why).toMatch(/not imported/);
      for (const f of Object.values(SIGMA_FORMATS))
        expect(logsourceFits({ product: u.product, service: u.service }, f)).toBe(false);
    }
  });
  test('a field the records do not have still makes a rule not applicable', () => {
    for (const [format, product, service] of [
      ['m365-audit', 'm365', 'audit'],
      ['azure-activity', 'azure', 'activitylogs'],
      ['workspace-audit', 'gcp', 'google_workspace.admin'],
    ] as const) {
      const parsed = parseRuleText(
        `title: probe\nlogsource: {product: ${product}, service: ${service}}\n` +
          `detection:\n  sel:\n    NoSuchField: x\n  condition: sel\n`,
      );
      const r = 'rule' in parsed[0] ? (parsed[0].rule as DetectionRule) : null;
      expect(r).not.toBeNull();
      const c = compileFor(r!, SIGMA_FORMATS[format]);
      expect('reason' in c && c.reason, format).toMatch(/NoSuchField/);
    }
  });
  test('the prefilter states the operation only for actions that are one', () => {
    const az = SIGMA_FORMATS['azure-activity'].fromAction!;
    expect(az('Microsoft.Authorization/elevateAccess/action')).toEqual({
      operationname: 'Microsoft.Authorization/elevateAccess/action',
      operationnamevalue: 'Microsoft.Authorization/elevateAccess/action',
    });
    // resource logs' one-word operations and AKS kube-audit records' Kubernetes actions state nothing
    for (const a of ['GetBlob', 'SecretGet', 'get pods', 'pods/exec', 'get', '/api/v1/namespaces', 'request'])
      expect(az(a), a).toBeNull();
    const ws = SIGMA_FORMATS['workspace-audit'].fromAction!;
    expect(ws('admin.CHANGE_APPLICATION_SETTING')).toEqual({
      eventservice: 'admin.googleapis.com',
      'protopayload.servicename': 'admin.googleapis.com',
    });
    expect(ws('token.activity:gmail.users.messages.list')?.eventservice).toBe('token.googleapis.com');
    expect(ws('unknown.login_success')).toBeNull();
  });
});
