// Derivation on the shared corpus's real samples (skipped when ../shared is absent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, HAS_CORPUS } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { CoverageResult, DeviationResult, EventJson, ScopeResult, SessionJson } from './types.js';

const ROLE = 'arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0';

describe.skipIf(!HAS_CORPUS)('OTRF EC2 proxy → S3 exfiltration', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([corpus('cloudtrail', 'otrf-ec2-proxy-s3-exfiltration.jsonl')]);
  });
  afterAll(() => c?.close());

  it('yields the stolen instance-role session, child of the AssumeRole by ec2.amazonaws.com', async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ROLE });
    const stolen = sessions.find((s) => s.key === 'ASIA5FLZVX4OPVKKVBMX');
    expect(stolen).toBeDefined();
    expect(stolen!.src_ips).toEqual(['1.2.3.4']);
    expect(stolen!.host).toBe('i-0317f6c6b66ae9c40');
    expect(stolen!.events).toBe(11);
    expect(stolen!.parent).toMatchObject({
      identity: 'ec2.amazonaws.com',
      action: 'sts:AssumeRole',
      ts: '2020-09-14T00:48:30.000Z',
    });
    const issuing = await c.api<{ facts: Record<string, string>; principal: string }>('events.get', {
      id: stolen!.parent!.event,
    });
    expect(issuing.facts.issued_key).toBe('ASIA5FLZVX4OPVKKVBMX');
    expect(issuing.principal).toBe('ec2.amazonaws.com');
    // The parent session is the AWS service's own, and the child's identity is the role, not the service.
    expect(stolen!.parent!.session).not.toBeNull();
    expect(stolen!.identity).toBe(ROLE);
  });

  it('flags it: used from 1.2.3.4, where its issuer never was (and where pedro worked)', async () => {
    const dev = await c.api<DeviationResult>('deviations.list', {});
    const top = dev.deviations[0];
    expect(top.identity).toBe(ROLE);
    expect(top.reasons[0]).toMatch(/ASIA5FLZVX4OPVKKVBMX/);
    expect(top.reasons[0]).toMatch(
      /used from 1\.2\.3\.4 \(also where arn:aws:iam::123456789123:user\/pedro worked\), where its issuer never was/,
    );
    expect(top.details[0].events).toHaveLength(11);
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ROLE });
    const stolen = sessions.find((s) => s.key === 'ASIA5FLZVX4OPVKKVBMX')!;
    const flagged = await c.api<EventJson[]>('events.list', {
      filter: { session: `S${stolen.id}`, flags: ['deviation'] },
    });
    expect(flagged).toHaveLength(11);
    expect(flagged.every((e) => e.src_ip === '1.2.3.4' && e.identity === ROLE && e.session === `S${stolen.id}`)).toBe(
      true,
    );
  });

  it('reports the instance credentials that were issued but never seen in use', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', { identity: ROLE });
    expect(cov.identities[0].flags).toContain('unused_credentials');
    expect(cov.identities[0].details.find((d) => d.flag === 'unused_credentials')!.text).toMatch(/^2 of 3 credentials/);
  });

  it('scope from the role reaches the S3 objects it read', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: ROLE });
    expect(s.resources.map((r) => r.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^arn:aws:s3:::/)]));
    expect(s.identities.map((i) => i.name)).toEqual([ROLE]);
  });
});

describe.skipIf(!HAS_CORPUS)('Panther: compromised root credentials', () => {
  let c: TestCase;
  const ROOT = 'arn:aws:iam::493859302102:root';
  const TRACY = 'arn:aws:iam::493859302102:user/tracy_stone';
  beforeAll(async () => {
    c = await caseFrom([
      corpus('cloudtrail', 'panther-scenario-compromised-root-creds-victim.jsonl'),
      corpus('cloudtrail', 'panther-scenario-compromised-root-creds-attacker.jsonl'),
    ]);
  });
  afterAll(() => c?.close());

  it("yields the attacker's sessions apart from the owner's", async () => {
    const sessions = await c.api<SessionJson[]>('sessions.list', { identity: ROOT });
    const attacker = sessions.filter((s) => s.src_ips.includes('92.55.146.245'));
    const owner = sessions.filter((s) => s.src_ips.includes('71.253.251.71'));
    expect(attacker.length).toBeGreaterThanOrEqual(2);
    expect(owner.length).toBeGreaterThanOrEqual(1);
    expect(attacker.some((s) => owner.some((o) => o.id === s.id))).toBe(false);
    const main = attacker.find((s) => s.events === 8)!;
    expect(main.start).toBe('2020-11-01T08:29:10.000Z');
    const events = await c.api<EventJson[]>('events.list', { filter: { session: `S${main.id}` } });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'signin:ConsoleLogin',
        'cloudtrail:StopLogging',
        'iam:CreateAccessKey',
        'iam:CreateUser',
        'iam:AttachUserPolicy',
      ]),
    );
  });

  it("yields the attacker's access key: its session is the child of CreateAccessKey in the attacker's session", async () => {
    const [key] = await c.api<SessionJson[]>('sessions.list', { identity: TRACY });
    expect(key.key).toBe('AKIASWJJJ66ZZZII4IYY');
    expect(key.parent).toMatchObject({ identity: ROOT, action: 'iam:CreateAccessKey' });
    const parent = (await c.api<SessionJson[]>('sessions.list', { identity: ROOT })).find(
      (s) => s.id === key.parent!.session,
    )!;
    expect(parent.src_ips).toEqual(['92.55.146.245']);
    const edges = await c.api<{ edges_in: { kind: string; identity: string }[] }>('identities.get', {
      identity: TRACY,
    });
    expect(edges.edges_in).toEqual([expect.objectContaining({ kind: 'minted', identity: ROOT })]);
  });

  it('scope from root since the break-in reaches the new user through the minted key; not from after it', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: ROOT, since: '2020-11-01T00:00:00Z' });
    expect(s.identities.find((i) => i.name === TRACY)).toMatchObject({
      via: 'minted',
      first_seen: '2020-11-01T08:37:03.000Z',
    });
    expect(s.paths).toContainEqual([ROOT, TRACY]);
    const late = await c.api<ScopeResult>('scope.run', { identity: ROOT, since: '2020-11-01T08:38:00Z' });
    expect(late.identities.map((i) => i.name)).toEqual([ROOT]);
  });

  it('flags StopLogging as log tampering and ranks root as deviating from its baseline', async () => {
    const cov = await c.api<CoverageResult>('coverage.list', {});
    expect(cov.tamper.map((t) => t.action)).toEqual(['cloudtrail:StopLogging']);
    expect(cov.identities.find((i) => i.identity === ROOT)!.flags).toContain('log_tamper');
    const stop = await c.api<EventJson[]>('events.list', { filter: { flags: ['log_tamper'] } });
    expect(stop).toHaveLength(1);
    const dev = await c.api<DeviationResult>('deviations.list', { baseline_until: '2020-10-28T00:00:00Z' });
    const root = dev.deviations.find((d) => d.identity === ROOT)!;
    expect(root.reasons.join('\n')).toMatch(/92\.55\.146\.245/);
    expect(root.reasons.join('\n')).toMatch(/cloudtrail:StopLogging/);
    expect(root.reasons.join('\n')).toMatch(/iam:CreateUser/);
  });
});
