import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as k8sAudit } from './importer.js';

const RUNNER = 'system:serviceaccount:ci:runner';
const RUNNER_JTI = 'JTI=7f0c2a1e-9d3b-4e5f-8a6b-0c1d2e3f4a5b';

describe('k8s-audit importer', () => {
  it('merges the stages of one request, interleaved as the apiserver writes them', async () => {
    const run = await runFixture('k8s-audit', 'apiserver-stages.jsonl');
    expect(run.format).toBe('k8s-audit');
    expect(run.records).toBe(13);
    expect(run.events).toHaveLength(10);
    expect(run.merged).toBe(3);
    expect(run.rejects).toEqual([]);

    // exec: RequestReceived (line 1) + ResponseStarted (3) + ResponseComplete (6) → one event at the request's start.
    const exec = only(run, (e) => e.action === 'create pods/exec', 'exec into the api pod');
    expect(exec.ref).toEqual({ line: 1 });
    expect(exec.merged).toEqual([{ line: 3 }, { line: 6 }]);
    expect(iso(exec.ts)).toBe('2026-03-10T14:00:00.100Z');
    expect(exec).toMatchObject({
      principal: RUNNER,
      principalType: 'service_account',
      sessionKey: RUNNER_JTI,
      category: 'exec',
      outcome: 'success',
      resource: 'k8s:prod/pods/api-7d9f8-abcde/exec',
      resourceType: 'k8s:pods',
      srcIp: '10.0.1.17',
    });
    expect(exec.detail).toContain(
      'command: sh -c cat /var/run/secrets/kubernetes.io/serviceaccount/token (container api)',
    );
    expect(exec.detail).toContain('stages RequestReceived → ResponseStarted → ResponseComplete over 150.400 s');
    expect(exec.facts).toMatchObject({
      host: 'ip-10-0-1-17.ec2.internal',
      pod: 'ci/runner-7d9f8-x2k4q',
      correlation_id: 'a1000000-0000-4000-8000-000000000001',
    });

    // Reading a Secret is credential access; the 403 and the forbid decision make it a failure.
    const secret = only(run, (e) => e.action === 'get secrets', 'reading admin-token');
    expect(secret.merged).toEqual([{ line: 4 }]);
    expect(secret).toMatchObject({
      category: 'credential',
      outcome: 'failure',
      errorCode: '403',
      sessionKey: RUNNER_JTI,
    });

    // The kubelet requests a token for a pod's service account: the token's JTI names that credential later.
    const tokenReq = only(run, (e) => e.action === 'create serviceaccounts/token', 'the TokenRequest');
    expect(tokenReq).toMatchObject({
      principal: 'system:node:ip-10-0-1-17.ec2.internal',
      principalType: 'workload',
      category: 'credential',
    });
    expect(tokenReq.facts).toMatchObject({
      issued_to: 'system:serviceaccount:prod:deployer',
      issued_key: 'JTI=c0ffee00-1111-4222-8333-444455556666',
    });

    // Impersonation: the request ran as the service account; the person behind it is the impersonator.
    const patch = only(run, (e) => e.action === 'patch deployments', 'the impersonated patch');
    expect(patch).toMatchObject({
      principal: 'system:serviceaccount:prod:deployer',
      principalType: 'service_account',
      srcIp: '198.51.100.7',
      category: 'write',
    });
    expect(patch.facts?.impersonator).toBe('alice@acme.example');
    expect(patch.detail).toContain('image ghcr.io/evil/miner:latest; privileged; hostPID');

    expect(only(run, (e) => e.action === 'create clusterrolebindings', 'the binding')).toMatchObject({
      category: 'privilege',
      resource: 'k8s:/clusterrolebindings/ci-cluster-admin',
    });
    // A rule-test style reuse of one auditID for two complete requests stays two events.
    expect(run.events.filter((e) => e.facts?.correlation_id === 'abcde12345').map((e) => e.principal)).toEqual([
      'system:anonymous',
      'kubernetes-admin',
    ]);
    expect(only(run, (e) => e.action === 'list pods', 'the panic')).toMatchObject({
      outcome: 'failure',
      errorCode: '500',
    });
    expect(only(run, (e) => e.action === 'get /healthz', 'a non-resource URL')).toMatchObject({
      resource: null,
      category: 'read',
      outcome: 'success',
    });
    // A request whose later stages never came is flushed at the end, outcome unknown.
    const held = only(run, (e) => e.action === 'delete configmaps', 'the unfinished delete');
    expect(held).toMatchObject({ outcome: 'unknown', category: 'delete', ref: { line: 8 }, merged: [] });
  });

  it('orders stages that reach the file out of order', async () => {
    const run = await runFixture('k8s-audit', 'out-of-order-stages.jsonl');
    expect(run.records).toBe(3);
    expect(run.events).toHaveLength(1);
    const [pf] = run.events;
    expect(pf.ref).toEqual({ line: 2 });
    expect(pf.merged).toEqual([{ line: 1 }, { line: 3 }]);
    expect(iso(pf.ts)).toBe('2026-03-10T17:00:00.000Z');
    expect(pf).toMatchObject({
      action: 'create pods/portforward',
      category: 'exec',
      outcome: 'success',
      resource: 'k8s:prod/pods/api-0/portforward',
    });
    expect(pf.detail).toContain('ports: 5432');
  });

  it('times an event by when the request was received (requestReceivedTimestamp), not when a stage was written', async () => {
    const run = await runFixture('k8s-audit', 'received-time.jsonl');
    expect(run.format).toBe('k8s-audit');
    expect(run.records).toBe(4);
    expect(run.events).toHaveLength(3);
    expect(run.merged).toBe(1);
    // No RequestReceived stage (omitStages): the exec's first record is ResponseStarted, written 41 ms after the
    // request arrived; the stream ran 4 min 22 s.
    const exec = only(run, (e) => e.action === 'create pods/exec', 'the exec');
    expect(exec.ref).toEqual({ line: 1 });
    expect(exec.merged).toEqual([{ line: 3 }]);
    expect(exec.ts).toBe(Date.parse('2026-03-10T14:22:41.120Z') * 1000 + 620);
    expect(exec).toMatchObject({
      sessionKey: 'ASIAEXAMPLEOPSKEY001',
      srcIp: '198.51.100.9',
      category: 'exec',
      outcome: 'success',
    });
    expect(exec.detail).toContain('stages ResponseStarted → ResponseComplete over 261.884 s');
    // One ResponseComplete record: still the time the request was received, and how long it took when that shows.
    const list = only(run, (e) => e.action === 'list secrets', 'the slow list');
    expect(list.ts).toBe(Date.parse('2026-03-10T14:23:00.500Z') * 1000);
    expect(list.detail).toContain('stages ResponseComplete over 2.250 s');
    // Without requestReceivedTimestamp the stage's own time is the event's.
    const get = only(run, (e) => e.action === 'get configmaps', 'the get without a received time');
    expect(iso(get.ts)).toBe('2026-03-10T14:24:00.250Z');
  });

  it('reads EKS user.extra (IAM principal) and rule-test escaped keys', async () => {
    const run = await runFixture('k8s-audit', 'eks-cloudwatch.jsonl');
    expect(run.format).toBe('k8s-audit');
    const [admin, coredns] = run.events;
    expect(admin).toMatchObject({
      principal: 'kubernetes-admin',
      principalType: 'role_session',
      sessionKey: 'ASIAEXAMPLE7KEYID123',
      category: 'credential',
      resource: 'k8s:prod/secrets',
    });
    expect(admin.facts).toMatchObject({
      alias:
        'aws|arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice\naws|arn:aws:iam::111122223333:role/PlatformAdmin',
      issuer: 'arn:aws:iam::111122223333:role/PlatformAdmin',
      role_session_name: 'alice',
    });
    expect(coredns).toMatchObject({
      principal: 'system:serviceaccount:kube-system:coredns',
      sessionKey: '5b9488ae-5563-42aa-850b-b0d82edb3e22',
      srcIp: '10.0.27.115',
    });
    // Rule-test time format; the request's receipt (requestReceivedTimestamp), not its stage (06.903).
    expect(iso(coredns.ts)).toBe('2026-03-10T15:01:06.892Z');
    expect(coredns.facts?.pod).toBe('kube-system/coredns-57ff979f67-bl27n');
  });

  it('reads the AKS diagnostic wrapper (Event as JSON text) inside {"records":[…]}', async () => {
    const run = await runFixture('k8s-audit', 'aks-diagnostic-records.json');
    expect(run.format).toBe('k8s-audit');
    expect(run.records).toBe(4);
    expect(run.events).toHaveLength(2);
    expect(run.merged).toBe(1);
    const [lease, secret] = run.events;
    expect(lease.ref).toEqual({ index: 0, offset: 21 });
    expect(lease.merged).toEqual([{ index: 1, offset: 1303 }]);
    expect(lease).toMatchObject({
      principal: 'aksService',
      principalType: 'service',
      action: 'update leases',
      outcome: 'success',
      srcIp: '172.31.51.172',
    });
    expect(iso(lease.ts)).toBe('2026-03-10T16:00:00.643Z');
    expect(lease.facts?.account).toBe(
      '/SUBSCRIPTIONS/AE2861B3-E901-49BD-99F3-660EB5747107/RESOURCEGROUPS/PROD/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/PROD-AKS',
    );
    expect(secret).toMatchObject({
      principal: 'masterclient',
      category: 'credential',
      resource: 'k8s:prod/secrets/db-password',
    });
    expect(run.rejects.map((r) => r.reason)).toEqual(['an AKS "kube-apiserver" record, not a Kubernetes audit event']);
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('k8s-audit', 'malformed.jsonl', 'k8s-audit');
    expect(run.records).toBe(9);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 6, 7, 9]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no parseable timestamp (stageTimestamp / requestReceivedTimestamp)');
    expect(r[6]).toBe('no parseable timestamp (stageTimestamp / requestReceivedTimestamp)');
    expect(r[7]).toMatch(/^properties\.log is not valid JSON: /);
    expect(r[9]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
    // Wrong types that still say something: an epoch time, a string user, a string source IP, a string code.
    const odd = run.events.find((e) => (e.ref as { line: number }).line === 5)!;
    expect(odd).toMatchObject({
      principal: null,
      srcIp: '10.0.0.9',
      outcome: 'failure',
      errorCode: '403',
      action: 'get /api/v1/pods',
    });
    expect(iso(odd.ts)).toBe('2026-03-10T16:00:00.250Z');
  });

  it('does not claim GKE entries (Cloud Audit Logs) or Teleport kube.request events', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.jsonl', head: '', values, lines: [] });
    expect(
      k8sAudit.detect(
        sample([
          {
            protoPayload: { serviceName: 'k8s.io', methodName: 'io.k8s.core.v1.pods.get' },
            timestamp: '2026-01-01T00:00:00Z',
          },
        ]),
      ),
    ).toBe(0);
    expect(
      k8sAudit.detect(
        sample([
          {
            event: 'kube.request',
            verb: 'GET',
            request_path: '/api/v1/pods',
            user: 'bot-ci',
            time: '2026-01-01T00:00:00Z',
          },
        ]),
      ),
    ).toBe(0);
  });
});
