// An EKS service account and its IRSA role (k8s audit + CloudTrail), and an administrator whose IAM role
// session appears in the k8s audit log (user.extra) with the same access key as in CloudTrail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { EventJson, IdentityDetail, ScopeResult, SessionJson } from './types.js';

const A = '111122223333';
const SA = 'system:serviceaccount:payments:payments-api';
const IRSA = `arn:aws:iam::${A}:role/payments-irsa`;
const ADMIN = `arn:aws:iam::${A}:role/eks-admin`;

describe.skipIf(!hasImporters('k8s-audit'))('EKS service account ↔ IRSA role', () => {
  let c: TestCase;
  beforeAll(async () => {
    c = await caseFrom([fixture('derive', 'eks-audit.jsonl'), fixture('derive', 'eks-cloudtrail.jsonl')]);
  });
  afterAll(() => c?.close());

  it('one identity for the service account across k8s audit and CloudTrail', async () => {
    const sa = await c.api<IdentityDetail>('identities.get', { identity: SA });
    expect(sa).toMatchObject({ key: `k8s|${SA}`, kind: 'service_account', nhi: true });
    expect(sa.sources).toEqual(['cloudtrail', 'k8s-audit']);
    expect(sa.aliases.find((a) => a.system === 'aws' && a.value === SA)).toMatchObject({ method: 'eks-irsa-subject' });
    const events = await c.api<EventJson[]>('events.list', { filter: { identity: SA } });
    expect(events.map((e) => e.action)).toEqual(['sts:AssumeRoleWithWebIdentity', 'get secrets', 'list configmaps']);
  });

  it("the IRSA role session is the child of the service account's web-identity exchange", async () => {
    const [s] = await c.api<SessionJson[]>('sessions.list', { identity: IRSA });
    expect(s.key).toBe('ASIAIRSAPAYMENTS0001');
    expect(s.parent).toMatchObject({ identity: SA, action: 'sts:AssumeRoleWithWebIdentity' });
    const sa = await c.api<IdentityDetail>('identities.get', { identity: SA });
    expect(sa.edges_out).toEqual([expect.objectContaining({ kind: 'federated', identity: IRSA })]);
  });

  it("the EKS administrator's k8s user is its IAM role (user.extra and the shared access key)", async () => {
    const admin = await c.api<IdentityDetail>('identities.get', { identity: 'kubernetes-admin' });
    expect(admin.name).toBe(ADMIN);
    expect(admin.sources).toEqual(['cloudtrail', 'k8s-audit']);
    const [s] = await c.api<SessionJson[]>('sessions.list', { identity: ADMIN });
    expect(s).toMatchObject({ key: 'ASIAEKSADMIN00000001', events: 2, sources: ['cloudtrail', 'k8s-audit'] });
    const exec = (await c.api<EventJson[]>('events.list', { filter: { session: s.key! } })).find(
      (e) => e.format === 'k8s-audit',
    )!;
    expect(exec.action).toBe('create pods/exec');
    expect(exec.identity).toBe(ADMIN);
  });

  it('scope from the service account reaches the role and what both touched', async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: SA });
    expect(s.identities.map((i) => [i.name, i.via])).toEqual([
      [SA, 'start'],
      [IRSA, 'federated'],
    ]);
    const names = s.resources.map((r) => r.name);
    expect(names).toContain(`arn:aws:dynamodb:us-east-1:${A}:table/payments`);
    expect(names.some((n) => n.includes('secrets') && n.includes('db-creds'))).toBe(true);
    expect(names.some((n) => n.includes('pods'))).toBe(false);
  });
});
