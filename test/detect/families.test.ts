// SigmaHQ rules per family on fixtures written in each format's real shapes (test/fixtures/sigma): each rule
// matches the record written for it and not its near miss. Run through the whole path: import, derivation
// (which runs the rules), the stored matches, the events' sigma flag.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TestCase } from '../derive/case.js';
import type { MatchJson } from '../../core/query/detections.js';
import { expectRuleMatch, sigmaCase, type SigmaCase } from './sigma-case.js';

let s: SigmaCase;
let c: TestCase;
let matches: MatchJson[];

const FILES = [
  'cloudtrail.jsonl',
  'k8s-eks.jsonl',
  'k8s-aks.json',
  'okta.jsonl',
  'gcp.jsonl',
  'github.jsonl',
  'audit.log',
  'entra-signin.jsonl',
  'entra-audit.jsonl',
];

beforeAll(async () => {
  s = await sigmaCase(FILES);
  ({ c, matches } = s);
});
afterAll(() => c?.close());

/** [family, rule id, text only the record that must match holds, text of a record that must not] */
const CASES: [string, string, string, string | null][] = [
  ['cloudtrail', '9b1b8e9b-0a5d-4af1-9d2f-4c4b6e7c2c9d', 'ct-trufflehog', null], // GetCallerIdentity by TruffleHog
  ['cloudtrail', '4db60cc0-36fb-42b7-9b58-a5b53019fb74', 'ct-stoplogging', null], // CloudTrail stopped
  ['cloudtrail', '77caf516-34e5-4df9-b4db-20744fea0a60', 'ct-console-nomfa', 'ct-console-mfa'], // console login without MFA
  ['cloudtrail', '39c9f26d-6e3b-4dbb-9c7a-4154b0281112', 'ct-deletebucket-ok', 'ct-deletebucket-denied'], // errorCode: null
  ['cloudtrail', 'a136ac98-b2bc-4189-a14d-f0d0388e57a7', 'ct-versioning-suspended', null], // requestParameters|contains
  ['cloudtrail', '055fb148-60f8-462d-ad16-26926ce050f1', 'ct-loginprofile-other', 'ct-loginprofile-self'], // fieldref filter
  ['cloudtrail', '8ad1600d-e9dc-4251-b0ee-a65268f29add', 'ct-root-api', 'ct-root-service'], // root, not AwsServiceEvent
  ['k8s-audit', 'a1b0ca4e-7835-413e-8471-3ff2b8a66be6', 'k8s-exec-1', null], // exec into a container (EKS)
  ['k8s-audit (AKS wrapper)', 'a1b0ca4e-7835-413e-8471-3ff2b8a66be6', 'aks-exec-1', null],
  ['k8s-audit', 'eeb3e9e1-b685-44e4-9232-6bb701f925b5', 'k8s-secrets-list', null], // secrets enumeration
  ['k8s-audit', '402b955c-8fe0-4a8c-b635-622b4ac5f902', 'k8s-hostpath', 'k8s-plain-pod'], // hostPath deep in the pod spec
  ['okta', '19951c21-229d-4ccb-8774-b993c3ff3c5c', 'okta-token-create', null],
  ['okta', '9058ca8b-f397-4fd1-a9fa-2b7aad4d6309', 'okta-admin-proxy', 'okta-token-create'], // isProxy 'true' vs false
  ['okta', '91b76b84-8589-47aa-9605-c837583b82a9', 'okta-password-as-user', 'okta-login-failed-email'], // re filter
  ['gcp-audit (ECS names)', 'e2feb918-4e77-4608-9697-990a1aaf74c3', 'gcp-buckets-list', null],
  ['gcp-audit (data.protoPayload)', '32438676-1dba-4ac7-bf69-b86cba995e05', 'gcp-accesspolicy-delete', null],
  ['google workspace admin', '22f2fb54-5312-435d-852f-7c74f81684ca', 'gws-caa-setting', null], // parameter SETTING_NAME
  ['google workspace login', '38360161-76c4-4283-842e-efcf997dafc8', 'gws-suspicious-login', null],
  ['github-audit', 'f9405037-bc97-4eb7-baba-167dad399b83', 'gh-secret-1', 'gh-push-1'],
  ['auditd', '1543ae20-cbdf-4ec1-8d12-7664d667a825', 'a2="/tmp/drop"', 'a2="/tmp/ok"'], // chmod 777 (EXECVE record)
  ['auditd (hex arguments)', '1543ae20-cbdf-4ec1-8d12-7664d667a825', 'a1=752B73', null], // chmod u+s, hex-encoded
  ['auditd (SYSCALL name)', 'eca5e022-d368-4043-98e5-9736fb01f72f', 'comm="dmesg"', null], // syscall 103 = syslog
  ['auditd (keywords on the command line)', '70b4156e-50fc-4523-aa50-c9dddf1993fc', '--to-ports', null],
  ['entra-signin (diagnostic)', '2b7d6fc0-71ac-4cf7-8ed1-b5788ee5257a', 'si-lockout', null], // ResultType 50053
  ['entra-signin (protocol)', '248649b7-d64f-46f0-9fb2-a52774166fb5', 'si-devicecode', 'si-lockout'], // "Device Code"
  ['entra-signin (Log Analytics)', 'b4a6d707-9430-4f5f-af68-0337f52d5c42', 'si-ca-blocked', null], // ResultType + description
  ['entra-signin (JSON-text column)', '4f77e1d7-3982-4ee0-8489-abf2d6b75284', 'si-ca-blocked', 'si-devicecode'], // isCompliant false
  ['entra-audit (diagnostic)', 'ebbeb024-5b1d-4e16-9c0c-917f86c708a7', 'au-admin-role', 'au-sp-role'], // targetResources contains Admin
  ['entra-audit (Log Analytics)', '7091372f-623c-4293-bc37-20c32b3492be', 'au-consent-blocked', null], // result reason
  ['entra-audit (Log Analytics)', 'b04934b2-0a68-4845-8a19-bdfed3a68a7a', 'au-sp-role', 'au-admin-role'], // targetResources.type
];

describe('SigmaHQ rules on fixtures per family', () => {
  test('every fixture imported without rejects', () => {
    for (const e of c.summary.evidence) expect(e.rejected, e.path).toBe(0);
  });
  test.each(CASES)('%s: rule %s matches %s, not %s', (_family, rule, must, mustNot) =>
    expectRuleMatch(s, rule, must, mustNot),
  );
  test('each match names its rule author, licence and link (DRL 1.1)', () => {
    const m = matches.find((x) => x.rule.id === '4db60cc0-36fb-42b7-9b58-a5b53019fb74')!;
    expect(m.rule).toMatchObject({
      title: 'AWS CloudTrail Important Change',
      author: 'vitaliy0x1',
      license: 'DRL-1.1',
      source: 'sigmahq',
      level: 'medium',
    });
    expect(m.rule.url).toMatch(
      /^https:\/\/github\.com\/SigmaHQ\/sigma\/blob\/[0-9a-f]{40}\/rules\/cloud\/aws\/cloudtrail\/aws_cloudtrail_disable_logging\.yml$/,
    );
    expect(m.rule.tags).toContain('attack.defense-impairment');
    expect(m.identity).toContain('ci-deployer');
    expect(m.session).toMatch(/^S\d+$/);
  });
  test('matched events carry the sigma flag; others do not', async () => {
    const flagged = await c.api<{ id: number }[]>('events.list', { filter: { flags: ['sigma'] }, limit: 10000 });
    const ids = new Set(flagged.map((e) => e.id));
    for (const m of matches) expect(ids.has(m.event)).toBe(true);
    const gitPush = (
      await c.api<{ id: number; action: string }[]>('events.list', { filter: { search: 'git.push' } })
    )[0];
    expect(ids.has(gitPush.id)).toBe(false);
  });
  test('filters: by rule, identity and level', async () => {
    const byRule = await c.api<{ matches: MatchJson[] }>('detections.list', {
      rule: 'AWS CloudTrail Important Change',
    });
    expect(byRule.matches.length).toBe(1);
    const high = await c.api<{ matches: MatchJson[] }>('detections.list', { level: 'high+' });
    expect(high.matches.every((m) => m.rule.level === 'high' || m.rule.level === 'critical')).toBe(true);
    expect(high.matches.length).toBeGreaterThan(0);
    const ci = await c.api<{ matches: MatchJson[] }>('detections.list', { identity: 'ci-deployer' });
    expect(ci.matches.length).toBeGreaterThan(3);
    expect(ci.matches.every((m) => m.identity?.includes('ci-deployer'))).toBe(true);
    await expect(c.api('detections.list', { identity: 'nobody-at-all' })).rejects.toThrow(/no identity matches/);
    await expect(c.api('detections.list', { level: 'severe' })).rejects.toThrow(
      /use informational, low, medium, high, critical/,
    );
  });
  test('the rule catalogue: all bundled rules parse; why others cannot run here', async () => {
    const cat = await c.api<{
      counts: Record<string, number>;
      rules: { id: string; status: string; reasons: string[]; formats: string[] }[];
    }>('detections.rules', {});
    expect(cat.counts.invalid).toBe(0);
    expect(cat.counts.total).toBe(336);
    const saml = cat.rules.find(
      (r) => r.id === '21a5ec1b-6b9f-4e60-9be8-9ecf7ba0fdbc' || r.reasons.some((x) => x.includes("'status'")),
    );
    expect(saml?.status).toBe('not_applicable');
    // Entra ID Protection (19), PIM (7) and the Microsoft 365 alert rules (14): sources not imported.
    const unread = cat.rules.filter((r) => r.status === 'no_source');
    expect(unread.length).toBe(40);
    expect(unread.some((r) => r.reasons[0].includes('Microsoft 365 Defender'))).toBe(true);
    const ct = cat.rules.find((r) => r.id === '4db60cc0-36fb-42b7-9b58-a5b53019fb74')!;
    expect(ct).toMatchObject({ status: 'runs', formats: ['cloudtrail'] });
  });
});
