// Credential exchanges across systems (core/derive/exchanges.ts), one rule per describe, each on logs in the
// products' own shapes: a Vault AppRole login presenting the secret id an orchestrator generated, and the database
// user Vault then generated under an HMAC'd name (fixtures written by make-exchange-fixtures.py); on the bundled
// sample incident, Vault JWT logins tied to the GitHub Actions run whose claims they carry, Vault Kubernetes logins
// and IRSA exchanges tied to the pod's own service-account session; the Microsoft token ids (key namespace `entra`).
// The Vault IAM login is tested in vault.test.ts and, end to end, in incident.test.ts.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT } from '../helpers.js';
import { caseFrom, hasImporters, type TestCase } from './case.js';
import type { CoverageResult, EventJson, ScopeResult, SessionJson } from './types.js';

const find = (list: SessionJson[], pred: (s: SessionJson) => boolean, what: string): SessionJson => {
  const hits = list.filter(pred);
  expect(hits.length, what).toBe(1);
  return hits[0];
};

describe('AppRole: the secret id an orchestrator generated, presented by the worker that logs in', () => {
  let c: TestCase;
  let sessions: SessionJson[];
  beforeAll(async () => {
    c = await caseFrom([
      fixture('derive', 'approle-vault-audit.jsonl'),
      fixture('derive', 'approle-postgres-csvlog.log'),
    ]);
    sessions = await c.api<SessionJson[]>('sessions.list', {});
  });
  afterAll(() => c?.close());

  it("the login's own session is the use of the secret id: a child of the orchestrator's token session", async () => {
    const tf = find(sessions, (s) => s.identity === 'token-terraform-ci', "Terraform's token");
    const login = find(sessions, (s) => s.identity === 'approle' && s.kind === 'gap', 'the login request');
    expect(login.parent).toMatchObject({
      session: tf.id,
      identity: 'token-terraform-ci',
      action: 'approle:update',
      method: 'presented-credential',
      confidence: 0.95,
    });
    const secretId = await c.api<EventJson & { facts: Record<string, string> }>('events.get', {
      id: login.parent!.event,
    });
    expect(secretId.resource).toBe('vault:auth/approle/role/billing-worker/secret-id');
    const token = find(sessions, (s) => s.identity === 'approle' && s.kind === 'credential', "the worker's token");
    expect(token.parent).toMatchObject({ session: login.id, action: 'approle:update', method: 'issued-key' });
    // A secret id presented at a login is used: not an unused credential.
    const cov = await c.api<CoverageResult>('coverage.list', { identity: 'token-terraform-ci' });
    expect(cov.identities[0]?.flags ?? []).not.toContain('unused_credentials');
  });

  it("the database user behind an HMAC'd name: the engine's template and the issuing second", async () => {
    const token = find(sessions, (s) => s.identity === 'approle' && s.kind === 'credential', "the worker's token");
    const pg = find(sessions, (s) => s.sources.includes('postgres'), 'the database session');
    expect(pg.parent).toMatchObject({
      session: token.id,
      action: 'database:read',
      method: 'vault-db-username-template',
      confidence: 0.85,
    });
    // Scope from the orchestrator follows the exchange into the database.
    const s = await c.api<ScopeResult>('scope.run', { identity: 'token-terraform-ci' });
    expect(s.resources.find((r) => r.name === 'db:billing')).toMatchObject({ events: 3 });
  });
});

describe('on the sample incident: JWT logins, Kubernetes logins, IRSA', () => {
  let c: TestCase;
  let sessions: SessionJson[];
  beforeAll(async () => {
    c = await caseFrom([path.join(ROOT, 'samples', 'evidence')]);
    sessions = await c.api<SessionJson[]>('sessions.list', { limit: 100000 });
  });
  afterAll(() => c?.close());
  const byId = (id: number | null | undefined) => sessions.find((s) => s.id === id);

  it("a Vault JWT login's token is the child of the GitHub Actions run its claims name (run_id)", () => {
    const tokens = sessions.filter(
      (s) => s.identity === 'jwt-repo:acme/payments:ref:refs/heads/main' && s.kind === 'credential',
    );
    expect(tokens.length).toBeGreaterThanOrEqual(10);
    for (const t of tokens) {
      expect(t.parent, t.key!).toMatchObject({ method: 'ci-run-claims', confidence: 0.95 });
      const run = byId(t.parent!.session)!;
      // The run's own session in the GitHub audit log, keyed by its workflow_run_id, started by the person who merged.
      expect(run.sources).toEqual(['github-audit']);
      expect(run.key).toMatch(/^\d{10}$/);
      expect(run.start <= t.start).toBe(true);
    }
    // Run 408, the one the release bot's push started: its token's parent is the bot's run.
    const stolen = tokens.find((t) => t.src_ips.includes('203.0.113.66'))!;
    expect(byId(stolen.parent!.session)!.identity).toBe('acme-release-bot');
  });

  it("a Vault Kubernetes login's token is the child of the pod's own service-account session (same address)", () => {
    // Tokens whose login is in the logs (two were issued before the capture began: their logins are not).
    const tokens = sessions.filter(
      (s) => s.identity === 'kubernetes-payments-api' && s.kind === 'credential' && s.parent !== null,
    );
    expect(tokens.length).toBeGreaterThan(10);
    const linked = tokens.filter((t) => t.parent?.method === 'federated-subject-session');
    expect(linked.length).toBe(tokens.length);
    for (const t of linked) {
      const pod = byId(t.parent!.session)!;
      expect(pod.identity).toBe('system:serviceaccount:payments:api');
      expect(pod.sources).toEqual(['k8s-audit']);
      expect(pod.key).toMatch(/^JTI=/);
      // The login came from the pod's address.
      expect(t.parent!.confidence).toBe(0.9);
      expect(pod.src_ips).toEqual(expect.arrayContaining(t.src_ips.slice(0, 1)));
    }
  });

  it('an IRSA role session is the child of the pod that had just started; a replay later is not', () => {
    const irsa = sessions.filter(
      (s) =>
        s.identity === 'arn:aws:iam::111122223333:role/payments-api' &&
        s.parent?.method === 'federated-subject-session',
    );
    expect(irsa.length).toBeGreaterThan(5);
    for (const s of irsa) {
      const pod = byId(s.parent!.session)!;
      expect(pod.key).toMatch(/^JTI=/);
      // No address in common (the pod's own against the NAT's): the only live pod (0.8), or among several the one
      // that had started last, at most five minutes before the exchange (0.6).
      expect([0.6, 0.8]).toContain(s.parent!.confidence);
      const gap = Date.parse(s.parent!.ts) - Date.parse(pod.start);
      expect(gap).toBeGreaterThanOrEqual(0);
      if (s.parent!.confidence === 0.6) expect(gap).toBeLessThanOrEqual(5 * 60_000);
    }
    // 14:31: the pod's token replayed from 203.0.113.66, long after the pods started: no pod is named the caller.
    const replay = find(
      sessions,
      (s) => s.identity === 'arn:aws:iam::111122223333:role/payments-api' && s.src_ips.includes('203.0.113.66'),
      'the replayed exchange',
    );
    expect(replay.parent).toMatchObject({ method: 'issued-key' });
    expect(byId(replay.parent!.session)!.sources).toEqual(['cloudtrail']);
  });
});

describe('GKE workload identity: the Kubernetes service account behind Google service accounts', () => {
  let c: TestCase;
  beforeAll(async () => {
    // The pod at work in the cluster's audit log, then its calls to Google Cloud Storage (Cloud Audit Logs).
    c = await caseFrom([fixture('derive', 'gke-pod-audit.jsonl'), fixture('gcp-audit', 'gke-workload-identity.jsonl')]);
  });
  afterAll(() => c?.close());

  it("scope from the pod's service account reaches the service account it impersonated and what both read", async () => {
    const s = await c.api<ScopeResult>('scope.run', { identity: 'system:serviceaccount:payments:api' });
    expect(s.start.names).toEqual(['system:serviceaccount:payments:api']);
    expect(s.identities.map((i) => [i.name, i.via])).toEqual([
      ['system:serviceaccount:payments:api', 'start'],
      ['invoice-reader@acme-prod.iam.gserviceaccount.com', 'impersonated'],
    ]);
    expect(s.resources.map((r) => r.name).sort()).toEqual([
      '//storage.googleapis.com/projects/_/buckets/acme-invoices',
      '//storage.googleapis.com/projects/_/buckets/acme-invoices/objects/2026/04/inv-4411.pdf',
      'k8s:payments/configmaps/api-config',
    ]);
  });
});

describe.skipIf(!hasImporters('entra-signin', 'graph-activity'))(
  'Entra: what a service principal did with the token a sign-in issued (uniqueTokenIdentifier)',
  () => {
    let c: TestCase;
    beforeAll(async () => {
      const dir = fixture('derive', 'ms-app-story');
      c = await caseFrom(readdirSync(dir).map((f) => path.join(dir, f)));
    });
    afterAll(() => c?.close());

    it('the Graph session keyed by SignInActivityId is the child of the sign-in, by its token id', async () => {
      const sessions = await c.api<SessionJson[]>('sessions.list', {});
      const graph = sessions.find((s) => s.sources.includes('graph-activity'))!;
      expect(graph.parent).toMatchObject({ action: 'Sign-in activity', method: 'issued-key', confidence: 1 });
      const signIn = await c.api<EventJson & { facts: Record<string, string> }>('events.get', {
        id: graph.parent!.event,
      });
      expect(signIn.format).toBe('entra-signin');
      expect(signIn.facts.issued_key).toBe(graph.key);
    });
  },
);
