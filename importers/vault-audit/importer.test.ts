import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as vaultAudit } from './importer.js';

const HMAC = /^hmac-sha256:[0-9a-f]{64}$/;

describe('vault-audit importer', () => {
  it('pairs requests with responses by request.id, however interleaved', async () => {
    const run = await runFixture('vault-audit', 'file-device.log');
    expect(run.format).toBe('vault-audit');
    expect(run.records).toBe(17);
    expect(run.events).toHaveLength(10);
    expect(run.merged).toBe(7);
    expect(run.rejects).toEqual([]);

    // A Kubernetes login: the request (line 1) has no token; the response (line 3) carries the new one.
    const login = only(run, (e) => e.action === 'kubernetes:update', 'the kubernetes login');
    expect(login.ref).toEqual({ line: 1 });
    expect(login.merged).toEqual([{ line: 3 }]);
    expect(iso(login.ts)).toBe('2026-03-10T14:00:00.100Z');
    expect(login).toMatchObject({
      principal: 'kubernetes-prod-payments-api',
      principalType: 'workload',
      category: 'auth',
      outcome: 'success',
      resource: 'vault:auth/kubernetes/login',
      resourceType: 'vault:kubernetes',
      srcIp: '10.6.8.20',
      sessionKey: null,
    });
    expect(login.facts).toMatchObject({
      auth_role: 'payments',
      federated_subject: 'system:serviceaccount:prod:payments-api',
      issued_to: 'kubernetes-prod-payments-api',
      'auth_meta.service_account_namespace': 'prod',
      alias: 'vault-entity|5c1d2e3f-0000-4000-8000-0000000000b2',
    });
    const issued = login.facts!.issued_key;
    expect(issued).toMatch(HMAC);

    // The token's later reads carry its accessor as the session key; values stay HMAC'd in raw.
    const read = only(run, (e) => e.resource === 'vault:secret/data/payments/db', 'reading the payments secret');
    expect(read).toMatchObject({
      sessionKey: issued,
      action: 'kv:read',
      category: 'credential',
      principal: 'kubernetes-prod-payments-api',
    });
    expect(read.merged).toEqual([{ line: 6 }]);
    expect(read.raw).toContain('"password":"hmac-sha256:');
    expect(read.facts?.federated_subject).toBeUndefined();

    const backup = only(run, (e) => e.resource === 'vault:secret/data/backup/s3', 'the AppRole read');
    expect(backup).toMatchObject({
      principal: 'approle',
      principalType: 'app',
      userAgent: 'vault-agent/1.15.4',
      ref: { line: 2 },
      merged: [{ line: 4 }],
    });
    expect(backup.facts?.auth_role).toBe('backup-agent');

    // A CI job logs in with its GitHub OIDC token.
    const jwt = only(run, (e) => e.action === 'jwt:update', 'the jwt login');
    expect(jwt).toMatchObject({ principalType: 'workload', category: 'auth' });
    expect(jwt.facts).toMatchObject({
      federated_subject: 'repo:acme/deploy:ref:refs/heads/main',
      auth_role: 'github-deploy',
    });

    // Denied before a token was resolved: no accessor, the token's HMAC names it; the error is readable.
    const pki = only(run, (e) => e.action === 'pki:update', 'the denied issue');
    expect(pki).toMatchObject({
      outcome: 'failure',
      errorCode: 'permission denied',
      category: 'credential',
      srcIp: '203.0.113.66',
      principal: null,
    });
    expect(pki.sessionKey).toMatch(HMAC);

    // A response whose request line is missing, and a request whose response never came, stay events.
    const orphan = only(run, (e) => e.resource === 'vault:team-a/secret/data/team/api-key', 'the namespaced read');
    expect(orphan).toMatchObject({ ref: { line: 11 }, merged: [], outcome: 'success' });
    expect(only(run, (e) => e.action === 'kv:list', 'the unanswered list')).toMatchObject({
      ref: { line: 12 },
      merged: [],
      outcome: 'success',
      category: 'read',
    });

    const audit = only(run, (e) => e.resource === 'vault:sys/audit/file', 'disabling the audit device');
    expect(audit).toMatchObject({ category: 'logging', action: 'system:delete' });
    expect(audit.facts?.log_tamper).toBe('delete sys/audit/file');
    expect(only(run, (e) => e.action === 'pki:help', 'help without request id')).toMatchObject({
      category: 'read',
      sessionKey: issued,
    });

    // A token minting a child token: the caller acts, the child's accessor is issued.
    const child = only(run, (e) => e.resource === 'vault:auth/token/create', 'creating a child token');
    expect(child).toMatchObject({
      principal: 'approle',
      category: 'credential',
      sessionKey: backup.sessionKey,
      merged: [{ line: 17 }],
    });
    expect(child.facts).toMatchObject({ issued_to: 'token-backup-child' });
    expect(child.facts?.issued_key).toMatch(HMAC);
    expect(child.facts?.issued_key).not.toBe(backup.sessionKey);
  });

  it('says who logged in, by auth method, and ties CI logins to their workload (jwt, kubernetes, aws, approle, oidc, userpass)', async () => {
    const run = await runFixture('vault-audit', 'auth-methods-and-leases.log');
    expect(run.format).toBe('vault-audit');
    expect(run.records).toBe(36);
    expect(run.events).toHaveLength(18);
    expect(run.rejects).toEqual([]);
    const at = (line: number) => only(run, (e) => (e.ref as { line: number }).line === line, `from line ${line}`);

    // GitHub Actions through the jwt method: the claims are in auth.metadata (claim_mappings), not in a "sub"; the
    // subject is the alias name the display name carries after the mount's prefix ("jwt-").
    const gha = at(1);
    expect(gha).toMatchObject({
      action: 'jwt:update',
      category: 'auth',
      principal: 'jwt-repo:acme/payments:ref:refs/heads/main',
      principalType: 'workload',
    });
    expect(gha.facts).toMatchObject({
      federated_subject: 'repo:acme/payments:ref:refs/heads/main',
      identity_provider: 'token.actions.githubusercontent.com',
      auth_role: 'gha-payments',
      credential_type: 'jwt',
      ci_repository: 'acme/payments',
      ci_ref: 'refs/heads/main',
      ci_run_id: '8817272379',
      ci_workflow: 'deploy',
      source_identity: 'acme-release-bot',
      issued_to: 'jwt-repo:acme/payments:ref:refs/heads/main',
    });
    expect(gha.facts?.issued_key).toMatch(HMAC);
    // A jwt mount at another path ("auth/ci/github/" → prefix "ci-github-"), a job_workflow_ref and a tag.
    expect(at(9)).toMatchObject({
      principalType: 'workload',
      facts: expect.objectContaining({
        federated_subject: 'repo:acme/web:environment:prod',
        identity_provider: 'token.actions.githubusercontent.com',
        ci_repository: 'acme/web',
        ci_workflow: 'acme/web/.github/workflows/release.yml@refs/tags/v2.4.0',
        ci_ref: 'refs/tags/v2.4.0',
        ci_run_id: '9001',
        source_identity: 'mlopez',
      }),
    });
    // A pod's projected token on a jwt mount: the mapped "sub" and "iss".
    expect(at(11)).toMatchObject({
      principalType: 'workload',
      facts: expect.objectContaining({
        federated_subject: 'system:serviceaccount:payments:api',
        identity_provider: 'oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F',
      }),
    });
    expect(at(11).facts?.ci_repository).toBeUndefined();
    const k8s = at(13);
    expect(k8s).toMatchObject({
      principal: 'kubernetes-payments-api',
      principalType: 'workload',
      facts: expect.objectContaining({
        federated_subject: 'system:serviceaccount:payments:api',
        auth_role: 'payments-api',
        credential_type: 'kubernetes',
      }),
    });
    // The kubernetes method does not log which cluster verified the token: no provider is claimed.
    expect(k8s.facts?.identity_provider).toBeUndefined();
    const aws = at(15);
    expect(aws).toMatchObject({
      principalType: 'workload',
      facts: expect.objectContaining({ credential_type: 'aws', auth_role: 'batch' }),
    });
    expect(aws.facts?.alias).toContain('aws|arn:aws:sts::111122223333:assumed-role/batch-worker/i-0abc123def4567890');
    expect(at(17)).toMatchObject({
      principal: 'approle',
      principalType: 'app',
      facts: expect.objectContaining({ auth_role: 'backup-agent', credential_type: 'approle' }),
    });
    const person = at(19);
    expect(person).toMatchObject({ principal: 'oidc-j.park@acme.example', principalType: 'user', category: 'auth' });
    expect(person.facts?.alias).toContain('email|j.park@acme.example');
    expect(person.facts?.federated_subject).toBeUndefined();
    expect(at(21)).toMatchObject({ principal: 'userpass-ops', principalType: 'user' });

    // Later requests of the CI token: the same kind of principal, the run's facts, no second federation.
    const creds = at(3);
    expect(creds).toMatchObject({
      principal: gha.principal,
      principalType: 'workload',
      sessionKey: gha.facts!.issued_key,
      category: 'credential',
      srcIp: '203.0.113.66',
    });
    expect(creds.facts).toMatchObject({ ci_run_id: '8817272379', source_identity: 'acme-release-bot' });
    expect(creds.facts?.federated_subject).toBeUndefined();
  });

  it('states the credentials secrets engines mint: the clear username / access key / serial first, then the lease', async () => {
    const run = await runFixture('vault-audit', 'auth-methods-and-leases.log');
    const at = (line: number) => only(run, (e) => (e.ref as { line: number }).line === line, `from line ${line}`);
    const USER = 'v-jwt-repo-payments-9JfcACajYsxiNltTta43-1773153372';

    // database/creds with the username logged unhashed: the Postgres user that will connect.
    expect(at(3).facts).toMatchObject({
      issued_key: `${USER}\ndatabase/creds/payments-ro/RRuBcFRETSZ019U7agDD3exu`,
      issued_to: `pg|${USER}`,
      login: USER,
    });
    // The same with the username HMAC'd (Vault's default): the lease only; the HMAC stays in raw, as written.
    const hashed = at(5);
    expect(hashed.facts).toMatchObject({ issued_key: 'database/creds/payments-ro/Xq1zK9wPLmN3bV5cR7tY2uIo' });
    expect(hashed.facts?.issued_to).toBeUndefined();
    expect(hashed.facts?.login).toBeUndefined();
    expect(hashed.raw).toMatch(/"username":"hmac-sha256:[0-9a-f]{64}"/);
    // Denied: nothing was issued.
    expect(at(7)).toMatchObject({ outcome: 'failure', errorCode: 'permission denied' });
    expect(at(7).facts?.issued_key).toBeUndefined();

    // AWS: the access key CloudTrail will show as the caller's, and the assumed-role session it acts as.
    expect(at(23).facts).toMatchObject({
      issued_key: 'ASIAQ3EGT7KXVAULT7QW\naws/creds/deploy/p9T2sL0xQw8eR4yU6iO1aS3d',
      issued_to: 'aws|arn:aws:sts::111122223333:assumed-role/deploy/vault-jwt-repo-acme-payments-1773151200-abcd',
    });
    // Kubernetes engine: the service account the token acts as.
    expect(at(25).facts).toMatchObject({
      issued_key: 'kubernetes/creds/ci-deployer/Zr5Hq2Lm8Nb1Vc4Xk7Jp0Ws6',
      issued_to: 'k8s|system:serviceaccount:payments:ci-deployer',
    });
    // PKI: no lease (generate_lease off), the certificate serial.
    expect(at(27).facts).toMatchObject({ issued_key: '4f:1c:09:8e:2a:77:d3:5b:c0:11:e2:9a:46:38:70:fd:21:aa:0b:5e' });
    // Azure: the application (client id) the secret belongs to, as Entra logs name it.
    expect(at(29).facts).toMatchObject({
      issued_key: 'azure/creds/reader/Gt7Yh3Kd9Ls1Qw5Ez2Xc8Vb4',
      issued_to: 'entra-app|3c8e51a7-0d94-4b62-a1f3-9e27c6d40b85',
    });
    // GCP roleset key: the key material is HMAC'd; the lease names the credential.
    expect(at(31).facts).toMatchObject({ issued_key: 'gcp/roleset/exporter/key/Ba3Nc6Md9Pf2Qg5Rh8Sj1Tk4' });
    expect(at(31).facts?.issued_to).toBeUndefined();
    // SSH OTP: the host account it logs in as.
    expect(at(33).facts).toMatchObject({ issued_key: 'ssh/creds/otp-ops/Lm2Kn5Jb8Hv1Gc4Fx7Dz0Sa3', login: 'deploy' });
    // A lease renewal names an existing lease: nothing new.
    const renew = at(35);
    expect(renew.resource).toBe('vault:sys/leases/renew');
    expect(renew.facts?.issued_key).toBeUndefined();
  });

  it('reads KMIP entries: the TTLV operation, result and client certificate', async () => {
    const run = await runFixture('vault-audit', 'kmip.log');
    expect(run.format).toBe('vault-audit');
    expect(run.records).toBe(3);
    const [get, destroy] = run.events;
    expect(get).toMatchObject({
      action: 'kmip:Get',
      category: 'credential',
      outcome: 'success',
      srcIp: '192.168.0.10',
      principalType: 'workload',
      sessionKey: '79311139933792246475030417908586135267121780670',
      merged: [{ line: 2 }],
      resource: 'kmip:k-7731',
      resourceType: 'kmip:object',
    });
    expect(destroy).toMatchObject({
      action: 'kmip:Destroy',
      category: 'delete',
      outcome: 'failure',
      errorCode: 'PermissionDenied',
      srcIp: '2001:db8::10',
    });
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('vault-audit', 'malformed.log', 'vault-audit');
    expect(run.records).toBe(9);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 9]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no parseable timestamp (time)');
    expect(r[5]).toBe('no request object: not a Vault audit entry');
    expect(r[6]).toBe('not a Vault audit entry (type "audit")');
    expect(r[7]).toBe('no parseable timestamp (time)');
    expect(r[9]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
    // Wrongly typed fields: what can be read is kept, the rest left empty.
    const odd = run.events.find((e) => (e.ref as { line: number }).line === 8)!;
    expect(odd).toMatchObject({
      outcome: 'failure',
      errorCode: 'permission denied',
      srcIp: '10.0.0.1',
      action: 'request',
    });
  });

  it('does not claim other JSON logs with a "type" field', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.log', head: '', values, lines: [] });
    expect(vaultAudit.detect(sample([{ type: 'request', time: '2026-01-01T00:00:00Z', request: 'GET /' }]))).toBe(0);
    expect(
      vaultAudit.detect(sample([{ type: 'api_key.created', effective_at: 1700000000, actor: { type: 'session' } }])),
    ).toBe(0);
  });
});
