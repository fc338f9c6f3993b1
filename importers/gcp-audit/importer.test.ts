import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as gcpAudit } from './importer.js';

const DEPLOYER = 'deployer@acme-prod.iam.gserviceaccount.com';
const BACKUP = 'backup-agent@acme-prod.iam.gserviceaccount.com';
const KEY =
  '//iam.googleapis.com/projects/acme-prod/serviceAccounts/backup-agent@acme-prod.iam.gserviceaccount.com/keys/4f2a9c1e0b7d33e8a1c5f6b2d9e0a7c4b3f1e2d5';

describe('gcp-audit importer', () => {
  it('reads a gcloud --format=json array: impersonation, SA keys, workload identity', async () => {
    const run = await runFixture('gcp-audit', 'impersonation-gcloud.json');
    expect(run.format).toBe('gcp-audit');
    expect(run.records).toBe(9);
    expect(run.events).toHaveLength(9);
    expect(run.rejects).toEqual([]);
    expect(run.events[0].ref).toEqual({ index: 0, offset: 4 });

    // A person mints a token for a CI service account (nanoseconds truncated to µs, UTC).
    const mint = run.events[0];
    expect(mint.ts).toBe(Date.parse('2026-03-10T14:02:11.123Z') * 1000 + 456);
    expect(mint).toMatchObject({
      principal: 'alice@acme.example',
      principalType: 'user',
      action: 'GenerateAccessToken',
      category: 'credential',
      outcome: 'success',
      srcIp: '198.51.100.7',
      resourceType: 'service_account',
    });
    expect(mint.facts).toMatchObject({
      target_identity: DEPLOYER,
      issued_to: DEPLOYER,
      account: 'acme-prod',
      delegation_chain: `alice@acme.example\n${DEPLOYER}`,
    });

    // The impersonated SA acts; the real caller is in serviceAccountDelegationInfo.
    const read = only(run, (e) => e.action === 'storage.objects.get', 'reading the payroll object');
    expect(read).toMatchObject({
      principal: DEPLOYER,
      principalType: 'service_account',
      sessionKey: 'delegation:alice@acme.example',
      category: 'read',
      resource: '//storage.googleapis.com/projects/_/buckets/acme-payroll/objects/2026-03.csv',
    });
    expect(read.facts).toMatchObject({ impersonator: 'alice@acme.example' });

    // A key is created for the backup SA; the key name it states is the session key of the SA's later calls.
    const create = only(run, (e) => e.action.endsWith('CreateServiceAccountKey'), 'creating a key');
    expect(create.facts).toMatchObject({ issued_key: KEY, issued_to: BACKUP });
    expect(create.principal).toBe('terraform@acme-prod.iam.gserviceaccount.com');
    const list = only(run, (e) => e.action === 'storage.objects.list', 'using the key');
    expect(list).toMatchObject({ principal: BACKUP, sessionKey: KEY, srcIp: '203.0.113.66' });

    // Workload identity federation: the GitHub repo behind the pool principal.
    const wif = run.events[4];
    expect(wif.principal).toMatch(
      /^principal:\/\/iam\.googleapis\.com\/.*workloadIdentityPools\/github-pool\/subject\//,
    );
    expect(wif.principalType).toBe('workload');
    expect(wif.facts).toMatchObject({
      federated_subject: 'repo:acme/deploy:ref:refs/heads/main',
      workload_pool: 'projects/123456789012/locations/global/workloadIdentityPools/github-pool',
      issued_to: DEPLOYER,
    });

    const policy = only(run, (e) => e.action === 'SetIamPolicy', 'granting owner');
    expect(policy).toMatchObject({ category: 'privilege', detail: 'ADD roles/owner user:mallory@example.net' });

    const sink = only(run, (e) => e.action.endsWith('DeleteSink'), 'deleting the audit sink');
    expect(sink.category).toBe('logging');
    expect(sink.facts?.log_tamper).toBe('google.logging.v2.ConfigServiceV2.DeleteSink');

    const denied = only(run, (e) => e.action.endsWith('AccessSecretVersion'), 'reading a secret');
    expect(denied).toMatchObject({
      outcome: 'failure',
      errorCode: 'PERMISSION_DENIED',
      category: 'credential',
      sessionKey: KEY,
    });
    expect(denied.detail).toContain("Permission 'secretmanager.versions.access' denied");

    // No status, but a permission was not granted; callerIp "private" is not an address.
    const mig = run.events[8];
    expect(mig).toMatchObject({
      outcome: 'failure',
      errorCode: 'PERMISSION_DENIED',
      srcIp: null,
      principalType: 'service',
    });
    expect(mig.facts?.source_host).toBe('private');
  });

  it('reads GKE requests, rule-test quirks (lower-cased keys, callerIP) and time fallbacks', async () => {
    const run = await runFixture('gcp-audit', 'gke.jsonl');
    expect(run.format).toBe('gcp-audit');
    expect(run.events).toHaveLength(4);
    const [exec, secret, crb, anon] = run.events;
    expect(exec).toMatchObject({
      principal: 'system:serviceaccount:ci:runner',
      principalType: 'service_account',
      action: 'io.k8s.core.v1.pods.exec.create',
      category: 'exec',
      resource: 'k8s:prod/pods/api-7d9f8-abcde/exec',
      resourceType: 'k8s:pods',
      outcome: 'success',
    });
    // "+02:00" offset normalized to UTC.
    expect(iso(secret.ts)).toBe('2026-03-10T15:00:05.250Z');
    expect(secret).toMatchObject({
      category: 'credential',
      outcome: 'failure',
      errorCode: 'PERMISSION_DENIED',
      resource: 'k8s:kube-system/secrets/admin-token',
    });
    expect(crb).toMatchObject({
      principal: 'bob@acme.example',
      srcIp: '198.51.100.20',
      category: 'privilege',
      resource: 'k8s:/clusterrolebindings/ci-admin',
    });
    expect(iso(crb.ts)).toBe('2026-03-10T15:10:00.500Z');
    // Only receiveTimestamp: the entry is still placed.
    expect(iso(anon.ts)).toBe('2026-03-10T15:20:00.000Z');
    expect(anon).toMatchObject({
      principal: 'system:anonymous',
      principalType: 'unknown',
      outcome: 'failure',
      resource: 'k8s:/pods',
    });
  });

  it('reads the Logging API {"entries":[…]} wrapper', async () => {
    const run = await runFixture('gcp-audit', 'logging-api-entries.json');
    expect(run.format).toBe('gcp-audit');
    expect(run.records).toBe(2);
    expect(run.events.map((e) => e.action)).toEqual(['io.k8s.core.v1.pods.exec.create', 'io.k8s.core.v1.secrets.get']);
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('gcp-audit', 'malformed.jsonl', 'gcp-audit');
    expect(run.records).toBe(9);
    expect(run.events).toHaveLength(1);
    expect(run.rejects).toHaveLength(8);
    const r = rejectsByLine(run);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no protoPayload: not a Cloud Audit Log entry');
    expect(r[5]).toBe('no parseable timestamp (timestamp / receiveTimestamp)');
    expect(r[6]).toBe('no parseable timestamp (timestamp / receiveTimestamp)');
    expect(r[7]).toBe('a Cloud Logging entry with a text or JSON payload, not an audit log entry (no protoPayload)');
    expect(r[8]).toBe('protoPayload is a google.appengine.logging.v1.RequestLog, not a Cloud Audit Log entry');
    expect(r[9]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
  });

  it('does not claim records of other families', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.jsonl', head: '', values, lines: [] });
    expect(
      gcpAudit.detect(sample([{ eventName: 'GetObject', eventSource: 's3.amazonaws.com', userIdentity: {} }])),
    ).toBe(0);
    expect(
      gcpAudit.detect(
        sample([
          {
            textPayload: 'LOG: connection received',
            logName: 'projects/p/logs/cloudsql.googleapis.com%2Fpostgres.log',
          },
        ]),
      ),
    ).toBe(0);
    expect(gcpAudit.detect(sample([{ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'get' }]))).toBe(0);
  });
});

describe('gcp-audit: GKE workload identity', () => {
  it("a pod's Kubernetes service account, as the cluster names it, behind a Google service account or alone", async () => {
    const run = await runFixture('gcp-audit', 'gke-workload-identity.jsonl');
    expect(run.rejects).toEqual([]);
    const get = only(run, (e) => e.action.endsWith('storage.objects.get'), 'the impersonated read');
    expect(get.principal).toBe('invoice-reader@acme-prod.iam.gserviceaccount.com');
    // Workload Identity: the pod's KSA is the real caller, named as the cluster's audit log names it.
    expect(get.facts).toMatchObject({
      impersonator: 'k8s|system:serviceaccount:payments:api',
      delegation_chain: 'k8s|system:serviceaccount:payments:api\ninvoice-reader@acme-prod.iam.gserviceaccount.com',
    });
    // Workload Identity Federation for GKE: the pod calls as its own principal.
    const list = only(run, (e) => e.action.endsWith('storage.objects.list'), 'the direct listing');
    expect(list.facts).toMatchObject({
      federated_subject: 'system:serviceaccount:payments:api',
      identity_provider: 'acme-prod.svc.id.goog',
      alias: 'k8s|system:serviceaccount:payments:api',
    });
  });
});
