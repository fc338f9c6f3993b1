import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
const one = (evs: DryEvent[], line: number) => {
  const e = evs.find((x) => (x.ref as { line: number }).line === line);
  if (!e) throw new Error(`no event for line ${line}`);
  return e;
};

describe('teleport importer', () => {
  it('normalizes sessions, bots, impersonation and explains bad records', async () => {
    const run = await dryRun(fixture('teleport', 'events.jsonl'));
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('teleport');
    expect(run.records).toBe(18);
    expect(run.events).toHaveLength(13);
    expect(run.events.length + run.rejects.length + run.merged).toBe(run.records);
    expect(run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason.replace(/:.*/, '')])).toEqual([
      [14, 'no parseable timestamp (no time field)'],
      [15, 'no parseable timestamp (yesterday)'],
      [16, 'invalid JSON'],
      [17, 'invalid UTF-8 at byte 95 of the record'],
      [18, 'invalid JSON'],
    ]);

    const start = one(run.events, 1);
    expect(iso(start.ts)).toBe('2026-03-10T10:00:00.100Z');
    expect(start).toMatchObject({
      action: 'session.start',
      principal: 'alice@example.com',
      principalType: 'user',
      sessionKey: '5e1b2c3d-0000-4a4a-9b9b-111122223333',
      category: 'exec',
      resource: 'host:web-1',
      srcIp: '198.51.100.23',
      outcome: 'success',
    });
    expect(start.facts).toMatchObject({ login: 'ubuntu', account: 'prod.example.com', host: 'web-1' });

    const curl = one(run.events, 2);
    expect(curl).toMatchObject({
      action: 'session.command',
      category: 'exec',
      sessionKey: start.sessionKey,
      outcome: 'success',
      detail: '/usr/bin/curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    });
    expect(one(run.events, 3)).toMatchObject({
      outcome: 'failure',
      errorCode: '1',
      detail: '/usr/bin/cat /etc/shadow',
    });

    const join = one(run.events, 5);
    expect(join).toMatchObject({
      action: 'bot.join',
      principal: 'deployer',
      principalType: 'bot',
      category: 'auth',
      resource: 'teleport:bot/deployer',
    });
    expect(join.facts).toMatchObject({
      federated_subject: 'repo:acme-corp/payments-api:ref:refs/heads/main',
      identity_provider: 'token.actions.githubusercontent.com',
      ci_repository: 'acme-corp/payments-api',
      ci_run_id: '7004242424',
      ci_ref: 'refs/heads/main',
      credential_type: 'github',
      alias: 'teleport|bot-deployer',
      source_identity: 'alice',
    });

    const cert = one(run.events, 6);
    expect(cert).toMatchObject({
      action: 'cert.create',
      principal: 'bot-deployer',
      principalType: 'bot',
      category: 'credential',
    });
    expect(cert.facts).toMatchObject({ impersonator: 'bot-deployer', issued_to: 'bot-deployer' });

    const dbStart = one(run.events, 7);
    expect(dbStart).toMatchObject({
      principalType: 'bot',
      sessionKey: 'db-sid-1',
      category: 'auth',
      resource: 'db:orders',
      srcIp: '2001:db8::7',
    });
    expect(dbStart.facts).toMatchObject({ impersonator: 'bot-deployer', login: 'svc_deploy' });
    expect(one(run.events, 8)).toMatchObject({
      action: 'db.session.query',
      category: 'query',
      detail: 'SELECT email FROM customers',
      outcome: 'success',
    });
    expect(one(run.events, 9)).toMatchObject({
      action: 'db.session.query.failed',
      outcome: 'failure',
      errorCode: 'TDB02W',
      detail: 'DROP TABLE customers · permission denied for table customers',
    });

    expect(one(run.events, 10)).toMatchObject({
      action: 'kube.request',
      category: 'read',
      resource: 'k8s:payments/secrets/db',
      outcome: 'failure',
      errorCode: '403',
      srcIp: '2a02:cf40::',
    });
    expect(one(run.events, 11).facts).toMatchObject({ target_identity: 'arn:aws:iam::123456789012:role/DeployRole' });
    expect(one(run.events, 12).facts).toMatchObject({
      issued_to: 'spiffe://prod.example.com/svc/deployer',
      issued_key: 'aa:bb:cc',
    });
    expect(one(run.events, 13)).toMatchObject({
      action: 'user.login',
      category: 'auth',
      outcome: 'failure',
      errorCode: 'T1000W',
      srcIp: '203.0.113.66',
      detail: 'invalid credentials',
    });
  });
});
