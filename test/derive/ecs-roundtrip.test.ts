// ECS round trip: the sample incident exported as ECS NDJSON and imported into a new case derives the same
// identities, sessions (with their parents) and scope — resources, session keys and the importers' facts survive —
// and the ECS fields read as Elastic's own integrations fill them.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { caseFrom, type TestCase } from './case.js';
import type { EventJson, IdentityJson, ScopeResult, SessionJson } from './types.js';

type Doc = Record<string, any>;

describe('ECS export → import round trip (sample incident)', () => {
  let before: TestCase;
  let after: TestCase;
  let docs: Doc[];
  const dir = tempDir('ss-ecs-rt-');
  beforeAll(async () => {
    before = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
    const file = path.join(dir.dir, 'sample.ndjson');
    await before.api('export.case', { format: 'ecs', out: file });
    docs = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Doc);
    after = await caseFrom([file]);
  });
  afterAll(() => {
    before?.close();
    after?.close();
    dir.cleanup();
  });

  const all = (c: TestCase) => c.api<EventJson[]>('events.list', { limit: 100000 });

  it('every event comes back with its resource, session key, principal and outcome', async () => {
    const [a, b] = [await all(before), await all(after)];
    expect(b.length).toBe(a.length);
    const view = (e: EventJson) =>
      [e.ts, e.principal, e.principal_type, e.session_key, e.action, e.category, e.resource, e.outcome, e.src_ip].join(
        '|',
      );
    expect(b.map(view).sort()).toEqual(a.map(view).sort());
    const share = (xs: EventJson[], f: (e: EventJson) => unknown) => xs.filter((e) => f(e) !== null).length;
    expect(share(b, (e) => e.resource)).toBe(share(a, (e) => e.resource));
    expect(share(b, (e) => e.session_key)).toBe(share(a, (e) => e.session_key));
  });

  it('the same identities, with the same kinds', async () => {
    const ids = async (c: TestCase) =>
      (await c.api<IdentityJson[]>('identities.list', { limit: 100000 }))
        .filter((i) => i.events > 0)
        .map((i) => `${i.name} ${i.kind} ${i.nhi}`)
        .sort();
    expect(await ids(after)).toEqual(await ids(before));
  });

  it('the same sessions, tied to the same parents by the same rules', async () => {
    const sessions = async (c: TestCase) => {
      const list = await c.api<SessionJson[]>('sessions.list', { limit: 100000 });
      const byId = new Map(list.map((s) => [s.id, s]));
      return list
        .map((s) => {
          const p = s.parent;
          const ps = p?.session != null ? byId.get(p.session) : undefined;
          return [
            s.identity,
            s.kind,
            s.kind === 'credential' ? s.key : '',
            s.start,
            s.events,
            p ? `${p.identity} ${p.action} ${p.ts} ${p.method} ${p.confidence}` : '-',
            ps ? `${ps.identity} ${ps.start}` : '-',
          ].join('|');
        })
        .sort();
    };
    expect(await sessions(after)).toEqual(await sessions(before));
  });

  it('scope from the release bot reaches the same identities and resources', async () => {
    const scope = async (c: TestCase) => {
      const s = await c.api<ScopeResult>('scope.run', { identity: 'acme-release-bot', since: '2026-03-10T13:00:00Z' });
      return {
        identities: s.identities.map((i) => `${i.name} ${i.via} ${i.first_seen}`),
        resources: s.resources.map((r) => `${r.name} ${r.first_touch} ${r.events} ${[...r.actions].sort()}`).sort(),
      };
    };
    const [a, b] = [await scope(before), await scope(after)];
    expect(a.resources.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it('ECS fields as the integrations fill them: the source id, provider, cloud, user, related, source', () => {
    const ct = docs.find((d) => d.event.action === 'iam:CreateAccessKey')!;
    const record = JSON.parse(ct.event.original);
    expect(ct.event).toMatchObject({ id: record.eventID, provider: 'iam.amazonaws.com' });
    expect(ct.cloud).toEqual({ provider: 'aws', account: { id: '111122223333' }, region: record.awsRegion });
    expect(ct.user).toEqual({ id: record.userIdentity.principalId, name: 'prod-admin' });
    expect(ct.related.entity).toEqual(
      expect.arrayContaining([record.userIdentity.arn, 'arn:aws:iam::111122223333:role/prod-admin']),
    );
    expect(ct.source).toEqual({ address: record.sourceIPAddress, ip: record.sourceIPAddress });
    expect(ct.sessionscope).toMatchObject({ format: 'cloudtrail', event_id: expect.any(String) });
    expect(ct.sessionscope.facts).toMatchObject({ issued_key: 'AKIAQ3EGT7KX5NHD4YJC' });
    const gh = docs.find((d) => d.event.dataset === 'sessionscope.github-audit')!;
    const ghr = JSON.parse(gh.event.original);
    expect(gh.event.id).toBe(ghr._document_id);
    expect(gh.user).toEqual({ id: String(ghr.actor_id), name: ghr.actor });
    expect(gh.related.user).toEqual(expect.arrayContaining([ghr.actor, String(ghr.actor_id)]));
    const vault = docs.find((d) => d.event.dataset === 'sessionscope.vault-audit' && d.event.id)!;
    expect(vault.event.id).toBe(JSON.parse(vault.event.original.split('\n')[0]).request.id);
  });
});
