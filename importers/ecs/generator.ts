// Synthetic ECS documents as an Elasticsearch export writes them (NDJSON; half wrapped as search hits with
// _index/_id/_source, as elasticdump writes them) for the importer bench: CloudTrail, Okta, Vault and
// Kubernetes events the way Elastic's integrations index them, with their vendor fields.

import { prng } from '../../bench/lib/random.js';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 2000);
    const ts = new Date(t).toISOString();
    const ip = `81.2.${i % 250}.${(i >> 4) % 250}`;
    const outcome = rnd() < 0.05 ? 'failure' : 'success';
    const r = rnd();
    let doc: Record<string, unknown>;
    if (r < 0.4) {
      const action = pick(['AssumeRole', 'GetObject', 'ListBuckets', 'PutObject', 'GetSecretValue']);
      doc = {
        '@timestamp': ts,
        ecs: { version: '8.11.0' },
        event: {
          action,
          provider: 's3.amazonaws.com',
          outcome,
          kind: 'event',
          category: ['network'],
          type: ['access'],
          dataset: 'aws.cloudtrail',
        },
        user: { name: 'ci-deployer', id: 'AROAEXAMPLEID:ci-deployer' },
        source: { ip, address: ip },
        user_agent: { original: 'aws-cli/2.15.0 Python/3.11.6' },
        cloud: { account: { id: '111122223333' }, region: 'eu-west-1', provider: 'aws' },
        aws: {
          cloudtrail: {
            user_identity: {
              type: 'AssumedRole',
              arn: 'arn:aws:sts::111122223333:assumed-role/ci-deployer/run-42',
              access_key_id: `ASIA${String(i % 97).padStart(16, 'X')}`,
            },
            resources: { arn: 'arn:aws:s3:::acme-exports/report.csv' },
          },
        },
        related: { user: ['ci-deployer'], ip: [ip] },
      };
    } else if (r < 0.65) {
      doc = {
        '@timestamp': ts,
        ecs: { version: '8.11.0' },
        event: {
          action: pick([
            'user.session.start',
            'app.oauth2.as.token.grant.access_token',
            'user.account.privilege.grant',
          ]),
          outcome,
          kind: 'event',
          category: ['authentication', 'session'],
          type: ['start'],
          dataset: 'okta.system',
        },
        user: { name: 'alice@acme.example', id: '00u1abcdefghijklmn' },
        source: { ip },
        user_agent: { original: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)' },
        okta: {
          actor: { type: 'User', alternate_id: 'alice@acme.example' },
          authentication_context: { external_session_id: `102${(i % 31).toString(36)}abcdefghijklmnopq` },
        },
        message: 'User login to Okta',
      };
    } else if (r < 0.85) {
      doc = {
        '@timestamp': ts,
        ecs: { version: '8.11.0' },
        event: {
          action: pick(['read', 'update', 'list']),
          outcome,
          kind: 'event',
          category: ['authentication'],
          type: ['info'],
          dataset: 'hashicorp_vault.audit',
          id: `req-${i}`,
        },
        user: { id: 'payments-api' },
        source: { ip },
        hashicorp_vault: {
          audit: {
            auth: {
              accessor: `hmac-sha256:${(i % 13).toString(16).padStart(64, '0')}`,
              display_name: 'kubernetes-prod-payments-api',
              policies: ['default', 'payments-read'],
            },
            request: { path: 'secret/data/apps/payments/db', operation: 'read', mount_type: 'kv' },
          },
        },
      };
    } else {
      doc = {
        '@timestamp': ts,
        ecs: { version: '8.11.0' },
        event: { action: pick(['get', 'list', 'create', 'patch']), outcome, kind: 'event' },
        user: { name: 'system:serviceaccount:prod:deployer' },
        source: { ip: ['10.0.1.5'] },
        user_agent: { original: 'kubectl/v1.29.2' },
        orchestrator: { type: 'kubernetes', namespace: 'prod', resource: { type: 'pods', name: `api-${i % 20}` } },
        kubernetes: {
          audit: {
            auditID: `a-${i}`,
            stage: 'ResponseComplete',
            user: { username: 'system:serviceaccount:prod:deployer' },
          },
        },
      };
    }
    out.push(
      JSON.stringify(
        i % 2 === 0
          ? { _index: '.ds-logs-2026.03.01-000001', _id: `doc${i.toString(36)}`, _score: 1, _source: doc }
          : doc,
      ),
    );
  }
  return out;
}
