// Synthetic Cloud Audit Log entries (JSON lines, as a Cloud Storage sink writes them) for the importer bench:
// service accounts calling with keys, CI impersonating a deploy SA through iamcredentials, workload-identity
// principals, GKE requests (exec, secrets), IAM policy changes, denials and a sink deletion. Deterministic.

import { prng } from '../../bench/lib/random.js';

const PROJECT = 'acme-prod';
const SAS = ['terraform', 'ci-deployer', 'billing-exporter', 'backup-agent', 'support-copilot'].map(
  (n) => `${n}@${PROJECT}.iam.gserviceaccount.com`,
);
const USERS = ['alice@acme.example', 'bob@acme.example'];
const CALLS: [string, string, string][] = [
  ['storage.googleapis.com', 'storage.objects.get', 'projects/_/buckets/acme-exports/objects/report-%d.csv'],
  ['storage.googleapis.com', 'storage.objects.list', 'projects/_/buckets/acme-exports'],
  ['storage.googleapis.com', 'storage.objects.create', 'projects/_/buckets/acme-backups/objects/db-%d.tar.gz'],
  ['compute.googleapis.com', 'v1.compute.instances.list', `projects/${PROJECT}/zones/europe-west1-b/instances`],
  [
    'compute.googleapis.com',
    'v1.compute.instances.insert',
    `projects/${PROJECT}/zones/europe-west1-b/instances/worker-%d`,
  ],
  [
    'secretmanager.googleapis.com',
    'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion',
    `projects/${PROJECT}/secrets/db-password/versions/%d`,
  ],
  ['cloudresourcemanager.googleapis.com', 'SetIamPolicy', `projects/${PROJECT}`],
  ['bigquery.googleapis.com', 'google.cloud.bigquery.v2.JobService.InsertJob', `projects/${PROJECT}/jobs/job_%d`],
];

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 4000);
    const ts = new Date(t).toISOString().replace('Z', `${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}Z`);
    const r = rnd();
    const sa = pick(SAS);
    const auth: Record<string, unknown> = { principalEmail: sa };
    let service: string, method: string, resourceName: string;
    let request: Record<string, unknown> | undefined;
    let metadata: Record<string, unknown> | undefined;
    let resource: Record<string, unknown> = { type: 'audited_resource', labels: { project_id: PROJECT } };
    if (r < 0.08) {
      service = 'iamcredentials.googleapis.com';
      method = 'GenerateAccessToken';
      delete auth.principalEmail;
      auth.principalSubject = `principal://iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/github/subject/repo:acme/app:ref:refs/heads/main`;
      resourceName = 'projects/-/serviceAccounts/1234567890';
      request = {
        '@type': 'type.googleapis.com/google.iam.credentials.v1.GenerateAccessTokenRequest',
        name: `projects/-/serviceAccounts/${SAS[1]}`,
      };
      metadata = { identityDelegationChain: [`projects/-/serviceAccounts/${SAS[1]}`] };
      resource = {
        type: 'service_account',
        labels: { email_id: SAS[1], project_id: PROJECT, unique_id: '1234567890' },
      };
    } else if (r < 0.2) {
      service = 'k8s.io';
      const exec = rnd() < 0.3;
      method = exec
        ? 'io.k8s.core.v1.pods.exec.create'
        : pick(['io.k8s.core.v1.secrets.get', 'io.k8s.core.v1.pods.list', 'io.k8s.apps.v1.deployments.patch']);
      resourceName = exec
        ? `core/v1/namespaces/prod/pods/api-${i % 50}/exec`
        : `core/v1/namespaces/prod/${method.split('.')[4]}/obj-${i % 30}`;
      auth.principalEmail = pick([
        'system:serviceaccount:prod:deployer',
        'system:serviceaccount:kube-system:generic-garbage-collector',
        USERS[0],
      ]);
      resource = {
        type: 'k8s_cluster',
        labels: { cluster_name: 'prod-1', location: 'europe-west1', project_id: PROJECT },
      };
    } else {
      const c = pick(CALLS);
      service = c[0];
      method = c[1];
      resourceName = c[2].replace('%d', String(i % 997));
      if (rnd() < 0.6)
        auth.serviceAccountKeyName = `//iam.googleapis.com/projects/${PROJECT}/serviceAccounts/${sa}/keys/${(i % 7).toString(16).padStart(40, 'a')}`;
      if (rnd() < 0.1) {
        auth.principalEmail = pick(USERS);
        delete auth.serviceAccountKeyName;
      }
      if (rnd() < 0.05) auth.serviceAccountDelegationInfo = [{ firstPartyPrincipal: { principalEmail: USERS[1] } }];
      if (method === 'SetIamPolicy')
        request = {
          '@type': 'type.googleapis.com/google.iam.v1.SetIamPolicyRequest',
          resource: PROJECT,
          policy: { bindings: [{ role: 'roles/editor', members: [`serviceAccount:${sa}`] }] },
        };
    }
    if (i % 5000 === 4999) {
      service = 'logging.googleapis.com';
      method = 'google.logging.v2.ConfigServiceV2.DeleteSink';
      resourceName = `projects/${PROJECT}/sinks/audit-to-siem`;
    }
    const denied = rnd() < 0.04;
    const pp: Record<string, unknown> = {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: denied ? { code: 7, message: 'PERMISSION_DENIED' } : {},
      authenticationInfo: auth,
      requestMetadata: {
        callerIp: rnd() < 0.9 ? `10.${i % 200}.${(i >> 3) % 250}.${(i >> 5) % 250}` : '203.0.113.77',
        callerSuppliedUserAgent: pick([
          'google-cloud-sdk gcloud/465.0.0,gzip(gfe)',
          'Terraform/1.7.4 terraform-provider-google/5.20.0,gzip(gfe)',
          'kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819',
        ]),
        requestAttributes: { time: ts, auth: {} },
        destinationAttributes: {},
      },
      serviceName: service,
      methodName: method,
      authorizationInfo: [
        {
          resource: resourceName,
          permission: `${service.split('.')[0]}.x.${method.split('.').pop()}`,
          granted: !denied,
          resourceAttributes: {},
        },
      ],
      resourceName,
    };
    if (request) pp.request = request;
    if (metadata) pp.metadata = metadata;
    const log = r < 0.3 ? 'data_access' : 'activity';
    out.push(
      JSON.stringify({
        protoPayload: pp,
        insertId: `${i.toString(36)}x${Math.floor(rnd() * 1e9).toString(36)}`,
        resource,
        timestamp: ts,
        severity: denied ? 'ERROR' : 'NOTICE',
        logName: `projects/${PROJECT}/logs/cloudaudit.googleapis.com%2F${log}`,
        receiveTimestamp: ts,
      }),
    );
  }
  return out;
}
