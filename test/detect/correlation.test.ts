// Correlation rules: unit semantics of each type, and, end to end, rules grouped by the resolved identity and by
// the session firing across CloudTrail and Kubernetes audit (the EKS user's IAM role session is the CloudTrail
// caller: derivation resolves them to one identity and one session). Also: the analyst's rule folder is
// remembered by the case, malformed rules are reported with reasons, and none of it enters the analyst's audit
// as if typed by them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caseFrom, type TestCase } from '../derive/case.js';
import { fixture } from '../helpers.js';
import { correlate, type CorrInput } from '../../core/detect/correlate.js';
import type { CorrelationRule } from '../../core/detect/sigma/rule.js';
import type { MatchJson } from '../../core/query/detections.js';
import { deriveAll } from '../../core/derive/index.js';

const S = 1e6;
function corr(
  type: CorrelationRule['type'],
  condition: CorrelationRule['condition'],
  span = 60,
  n = 2,
): CorrelationRule {
  return {
    kind: 'correlation',
    meta: {
      id: 'c',
      name: null,
      title: 'c',
      status: null,
      level: null,
      description: null,
      author: null,
      date: null,
      modified: null,
      references: [],
      tags: [],
      license: null,
      falsepositives: [],
    },
    type,
    rules: Array.from({ length: n }, (_, i) => `r${i}`),
    groupBy: ['g'],
    timespan: span * S,
    timespanText: `${span}s`,
    condition,
    field: type === 'value_count' ? 'f' : null,
    aliases: new Map(),
    generate: false,
  };
}
const inp = (ts: number, slot = 0, g = 'a', values: string[] = []): CorrInput => ({
  ts: ts * S,
  events: [ts],
  slot,
  group: { g },
  values,
  identity: null,
  session: null,
});

describe('correlation semantics', () => {
  test('event_count gte: sliding window, per group, restarts after firing', () => {
    const r = corr('event_count', [{ op: 'gte', n: 3 }], 60, 1);
    const out = correlate(r, [inp(0), inp(10), inp(100), inp(120), inp(130), inp(131, 0, 'b'), inp(140)]);
    expect(out.map((m) => m.events)).toEqual([[100, 120, 130]]);
  });
  test('event_count lt: anchored windows judged when they close', () => {
    const r = corr('event_count', [{ op: 'lt', n: 2 }], 60, 1);
    const out = correlate(r, [inp(0), inp(10), inp(100), inp(300), inp(310)]);
    expect(out.map((m) => m.events)).toEqual([[100]]);
  });
  test('value_count counts distinct values', () => {
    const r = corr('value_count', [{ op: 'gte', n: 3 }], 60, 1);
    expect(correlate(r, [inp(0, 0, 'a', ['x']), inp(1, 0, 'a', ['x']), inp(2, 0, 'a', ['y'])])).toEqual([]);
    expect(correlate(r, [inp(0, 0, 'a', ['x']), inp(1, 0, 'a', ['y']), inp(2, 0, 'a', ['z'])]).length).toBe(1);
  });
  test('temporal: every rule within the span, any order', () => {
    const r = corr('temporal', [], 60);
    expect(correlate(r, [inp(0, 1), inp(30, 0)]).length).toBe(1);
    expect(correlate(r, [inp(0, 1), inp(90, 0)]).length).toBe(0);
    expect(correlate(r, [inp(0, 1, 'a'), inp(30, 0, 'b')]).length).toBe(0);
  });
  test('temporal_ordered: in the listed order', () => {
    const r = corr('temporal_ordered', [], 60);
    expect(correlate(r, [inp(0, 1), inp(30, 0)]).length).toBe(0);
    expect(correlate(r, [inp(0, 0), inp(30, 1)]).map((m) => m.events)).toEqual([[0, 30]]);
    expect(correlate(r, [inp(0, 0), inp(50, 0), inp(100, 1)]).map((m) => m.events)).toEqual([[50, 100]]);
  });
});

describe('correlations across sources, by resolved identity and session', () => {
  let c: TestCase;
  let all: MatchJson[];
  beforeAll(async () => {
    c = await caseFrom([fixture('sigma', 'cloudtrail.jsonl'), fixture('sigma', 'k8s-eks.jsonl')]);
    await c.api('detections.run', { rules_dirs: [fixture('sigma', 'rules')] });
    all = (await c.api<{ matches: MatchJson[] }>('detections.list', {})).matches;
  });
  afterAll(() => c?.close());

  const byId = (id: string) => all.filter((m) => m.rule.id === id);
  const formatsOf = async (ids: number[]) =>
    new Set((await c.api<{ format: string }[]>('events.list', { filter: { ids }, limit: 100 })).map((e) => e.format));

  test('temporal_ordered grouped by identity: StopLogging in CloudTrail, then exec in Kubernetes', async () => {
    const m = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000001');
    expect(m.length).toBe(1);
    expect(m[0]).toMatchObject({
      kind: 'correlation',
      rule: { level: 'critical', source: 'local', author: 'SessionScope tests' },
    });
    expect(m[0].events!.length).toBe(2);
    expect(await formatsOf(m[0].events!)).toEqual(new Set(['cloudtrail', 'k8s-audit']));
    expect(m[0].identity).toContain('ci-deployer');
    expect(m[0].group!.identity).toBe(String(m[0].identity_id));
    expect(m[0].rule.url).toMatch(/^file:\/\/.*cross-source\.yml$/);
  });
  test('temporal grouped by session joins the two sources too', async () => {
    const m = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000010');
    expect(m.length).toBe(1);
    expect(await formatsOf(m[0].events!)).toEqual(new Set(['cloudtrail', 'k8s-audit']));
    expect(m[0].session).toMatch(/^S\d+$/);
  });
  test('event_count and value_count', () => {
    expect(byId('5d1c4b1e-0d2a-4c55-9c1e-000000000011').map((m) => m.events!.length)).toEqual([2]);
    const v = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000013');
    expect(v.length).toBe(1);
    expect(v[0].group!['userIdentity.arn']).toBe('arn:aws:sts::111122223333:assumed-role/ci-deployer/run-42');
  });
  test('correlated rules are not reported alone, unless a correlation says generate: true', () => {
    expect(byId('5d1c4b1e-0d2a-4c55-9c1e-000000000012')).toEqual([]); // only used by event_count
    expect(byId('5d1c4b1e-0d2a-4c55-9c1e-000000000002').length).toBe(1); // generate: true in the session rule
  });
  test('a global filter drops the matches it names', async () => {
    const m = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000017');
    expect(m.length).toBe(1);
    expect(await formatsOf(m.map((x) => x.event))).toEqual(new Set(['cloudtrail']));
    const { eventRaw } = await import('../../core/casefile/raw.js');
    expect(eventRaw(c.handle.db, m[0].event)!.toString()).toContain('prod-data');
  });
  test('a sessionscope rule on the normalized event and the resolved identity', () => {
    const m = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000015');
    expect(m.length).toBe(1);
    expect(m[0].identity).toContain('ci-deployer');
  });
  test('the folder is remembered: derivation runs its rules again', async () => {
    deriveAll(c.handle.db);
    const again = (
      await c.api<{ matches: MatchJson[] }>('detections.list', { rule: '5d1c4b1e-0d2a-4c55-9c1e-000000000001' })
    ).matches;
    expect(again.length).toBe(1);
  });
  test('cite a match in a finding: the events are cited, the caption names rule, author and link', async () => {
    const m = byId('5d1c4b1e-0d2a-4c55-9c1e-000000000001')[0];
    const r = await c.api<{ ids: number[]; finding: number }>('detections.cite', {
      match: m.match,
      finding: { title: 'Trail stopped before a pod shell', severity: 'high' },
    });
    expect(r.ids.length).toBe(2);
    const f = await c.api<{ events: { id: number; citation: { caption: string | null } }[] }>('findings.get', {
      id: r.finding,
    });
    expect(f.events.map((e) => e.id).sort()).toEqual([...m.events!].sort());
    expect(f.events[0].citation.caption).toContain('SessionScope tests');
    expect(f.events[0].citation.caption).toContain('file://');
  });
  test("machine matches never enter the analyst's audit log; the analyst's actions do", async () => {
    const audit = await c.api<{ method: string }[]>('audit.list', { limit: 1000 });
    const methods = audit.map((e) => e.method);
    expect(methods).toContain('detections.run');
    expect(methods).toContain('detections.cite');
    expect(methods.filter((x) => x.startsWith('detections.list'))).toEqual([]);
  });
  test('malformed rules: a clear reason each, the others still run', async () => {
    await c.api('detections.run', { rules_dirs: [fixture('sigma', 'rules-bad')] });
    const cat = await c.api<{
      rules: { title: string | null; status: string; reasons: string[]; file: string; source: string }[];
    }>('detections.rules', {});
    const bad = cat.rules.filter((r) => r.source === 'local' && r.file === 'broken.yml');
    const reason = (t: string) => bad.find((r) => r.title === t)?.reasons.join(' ');
    expect(reason('Broken condition')).toContain('ends where a search identifier was expected');
    expect(reason('Unknown modifier')).toContain("unknown modifier 'startwith'");
    expect(reason('Field CloudTrail does not have')).toContain("'CommandLine' is not a field of cloudtrail records");
    expect(reason('A correlation of a rule that does not exist')).toContain('no_such_rule is not loaded');
    expect(bad.some((r) => r.status === 'invalid' && r.reasons[0].startsWith('YAML'))).toBe(true);
    // The earlier folder's rules still match.
    expect(
      (await c.api<{ total: number }>('detections.list', { rule: '5d1c4b1e-0d2a-4c55-9c1e-000000000001' })).total,
    ).toBe(1);
  });
  test('a folder that does not exist is refused, not remembered', async () => {
    await expect(c.api('detections.run', { rules_dirs: ['/no/such/rules'] })).rejects.toThrow(/does not exist/);
    const cat = await c.api<{ rules_dirs: string[] }>('detections.rules', {});
    expect(cat.rules_dirs.some((d) => d.includes('no/such'))).toBe(false);
  });
});

describe('the report shows detections beside the findings, with rule authors', () => {
  test('a finding citing matched events names the rules; the Detections section lists every rule', async () => {
    const c = await caseFrom([fixture('sigma', 'cloudtrail.jsonl'), fixture('sigma', 'k8s-eks.jsonl')]);
    try {
      const stop = (
        await c.api<{ matches: MatchJson[] }>('detections.list', { rule: '4db60cc0-36fb-42b7-9b58-a5b53019fb74' })
      ).matches[0];
      await c.api('detections.cite', { match: stop.match, finding: { title: 'Logging stopped', severity: 'high' } });
      const { buildModel } = await import('../../core/report/build-model.js');
      const { renderReport } = await import('../../core/report/html/document.js');
      const model = await buildModel(c.handle, { analyst: 'tester' });
      const f = model.blocks.find((b) => b.kind === 'finding');
      const dets = f && f.kind === 'finding' ? f.finding.detections.map((d) => [d.title, d.author]) : [];
      expect(dets).toContainEqual(['AWS CloudTrail Important Change', 'vitaliy0x1']);
      expect(
        model.detections.rules.some((r) => r.title === 'AWS CloudTrail Important Change' && r.author === 'vitaliy0x1'),
      ).toBe(true);
      const html = renderReport(model).html;
      expect(html).toContain('Detections (Sigma)');
      expect(html).toContain('Sigma rules on these events:');
      expect(html).toContain('Detection Rule License (DRL) 1.1');
    } finally {
      c.close();
    }
  });
});
