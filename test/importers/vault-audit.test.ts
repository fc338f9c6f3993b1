import { describe, expect, it } from 'vitest';
import { runFixture, only, iso, rejectsByLine } from './importer-helpers.js';
import { vaultAudit } from '../../importers/vault-audit.js';

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
      principal: 'kubernetes-prod-payments-api', principalType: 'service_account', category: 'auth', outcome: 'success',
      resource: 'vault:auth/kubernetes/login', resourceType: 'vault:kubernetes', srcIp: '10.6.8.20', sessionKey: null,
    });
    expect(login.facts).toMatchObject({
      auth_role: 'payments', federated_subject: 'system:serviceaccount:prod:payments-api', issued_to: 'kubernetes-prod-payments-api',
      'auth_meta.service_account_namespace': 'prod', alias: 'vault-entity|5c1d2e3f-0000-4000-8000-0000000000b2',
    });
    const issued = login.facts!.issued_key;
    expect(issued).toMatch(HMAC);

    // The token's later reads carry its accessor as the session key; values stay HMAC'd in raw.
    const read = only(run, (e) => e.resource === 'vault:secret/data/payments/db', 'reading the payments secret');
    expect(read).toMatchObject({ sessionKey: issued, action: 'kv:read', category: 'credential', principal: 'kubernetes-prod-payments-api' });
    expect(read.merged).toEqual([{ line: 6 }]);
    expect(read.raw).toContain('"password":"hmac-sha256:');
    expect(read.facts?.federated_subject).toBeUndefined();

    const backup = only(run, (e) => e.resource === 'vault:secret/data/backup/s3', 'the AppRole read');
    expect(backup).toMatchObject({ principal: 'approle', principalType: 'service_account', userAgent: 'vault-agent/1.15.4', ref: { line: 2 }, merged: [{ line: 4 }] });
    expect(backup.facts?.auth_role).toBe('backup-agent');

    // A CI job logs in with its GitHub OIDC token.
    const jwt = only(run, (e) => e.action === 'jwt:update', 'the jwt login');
    expect(jwt).toMatchObject({ principalType: 'workload', category: 'auth' });
    expect(jwt.facts).toMatchObject({ federated_subject: 'repo:acme/deploy:ref:refs/heads/main', auth_role: 'github-deploy' });

    // Denied before a token was resolved: no accessor, the token's HMAC names it; the error is readable.
    const pki = only(run, (e) => e.action === 'pki:update', 'the denied issue');
    expect(pki).toMatchObject({ outcome: 'failure', errorCode: 'permission denied', category: 'credential', srcIp: '203.0.113.66', principal: null });
    expect(pki.sessionKey).toMatch(HMAC);

    // A response whose request line is missing, and a request whose response never came, stay events.
    const orphan = only(run, (e) => e.resource === 'vault:team-a/secret/data/team/api-key', 'the namespaced read');
    expect(orphan).toMatchObject({ ref: { line: 11 }, merged: [], outcome: 'success' });
    expect(only(run, (e) => e.action === 'kv:list', 'the unanswered list')).toMatchObject({ ref: { line: 12 }, merged: [], outcome: 'success', category: 'read' });

    const audit = only(run, (e) => e.resource === 'vault:sys/audit/file', 'disabling the audit device');
    expect(audit).toMatchObject({ category: 'logging', action: 'system:delete' });
    expect(audit.facts?.log_tamper).toBe('delete sys/audit/file');
    expect(only(run, (e) => e.action === 'pki:help', 'help without request id')).toMatchObject({ category: 'read', sessionKey: issued });

    // A token minting a child token: the caller acts, the child's accessor is issued.
    const child = only(run, (e) => e.resource === 'vault:auth/token/create', 'creating a child token');
    expect(child).toMatchObject({ principal: 'approle', category: 'credential', sessionKey: backup.sessionKey, merged: [{ line: 17 }] });
    expect(child.facts).toMatchObject({ issued_to: 'token-backup-child' });
    expect(child.facts?.issued_key).toMatch(HMAC);
    expect(child.facts?.issued_key).not.toBe(backup.sessionKey);
  });

  it('reads KMIP entries: the TTLV operation, result and client certificate', async () => {
    const run = await runFixture('vault-audit', 'kmip.log');
    expect(run.format).toBe('vault-audit');
    expect(run.records).toBe(3);
    const [get, destroy] = run.events;
    expect(get).toMatchObject({ action: 'kmip:Get', category: 'credential', outcome: 'success', srcIp: '192.168.0.10', principalType: 'workload',
      sessionKey: '79311139933792246475030417908586135267121780670', merged: [{ line: 2 }], resource: 'kmip:k-7731', resourceType: 'kmip:object' });
    expect(destroy).toMatchObject({ action: 'kmip:Destroy', category: 'delete', outcome: 'failure', errorCode: 'PermissionDenied', srcIp: '2001:db8::10' });
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
    expect(odd).toMatchObject({ outcome: 'failure', errorCode: 'permission denied', srcIp: '10.0.0.1', action: 'request' });
  });

  it('does not claim other JSON logs with a "type" field', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.log', head: '', values, lines: [] });
    expect(vaultAudit.detect(sample([{ type: 'request', time: '2026-01-01T00:00:00Z', request: 'GET /' }]))).toBe(0);
    expect(vaultAudit.detect(sample([{ type: 'api_key.created', effective_at: 1700000000, actor: { type: 'session' } }]))).toBe(0);
  });
});
