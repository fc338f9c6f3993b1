import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dryRun, type DryEvent } from '../dry-run.js';
import { fixture } from '../../test/helpers.js';

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
const byAction = (evs: DryEvent[], a: string) => evs.filter((e) => e.action === a);

describe('github-audit importer', () => {
  it('reads the streaming format: tokens, bots, workflow runs, and explains every bad line', async () => {
    const run = await dryRun(fixture('github-audit', 'stream.jsonl'));
    expect(run.error).toBeUndefined();
    expect(run.format).toBe('github-audit');
    expect(run.records).toBe(12);
    expect(run.events.length + run.rejects.length + run.merged).toBe(run.records);
    expect(run.events).toHaveLength(8);
    expect(run.merged).toBe(0);

    const reasons = run.rejects.map((r) => [(r.ref as { line: number }).line, r.reason.split(':')[0]]);
    expect(reasons).toEqual([
      [9, 'no parseable timestamp (no created_at / @timestamp)'],
      [10, 'invalid JSON'],
      [11, 'invalid JSON'],
      [12, 'invalid UTF-8 at byte 36 of the record'],
    ]);

    const [pat, denied] = byAction(run.events, 'api.request');
    expect(iso(pat.ts)).toBe('2026-03-10T10:00:00.123Z');
    expect(pat).toMatchObject({
      principal: 'svc-release',
      principalType: 'access_key',
      sessionKey: 'k3Q9+ZVJQm4u1cPq0sE8mW1lYp2y0n1M1X9d3bS2aQc=',
      category: 'read',
      resource: 'github-api:/repos/{owner}/{repo}/contents/{path}',
      outcome: 'success',
      srcIp: '203.0.113.7',
      userAgent: 'curl/8.5.0',
    });
    expect(pat.detail).toContain('GET /repos/{owner}/{repo}/contents/{path}');
    expect(pat.detail).toContain('token_scopes=repo,read:org');
    expect(pat.facts).toMatchObject({
      account: 'acme-corp',
      credential_type: 'personal_access_token',
      alias: 'github-user-id|5101',
    });

    expect(denied).toMatchObject({
      principal: 'deploy-bot[bot]',
      principalType: 'bot',
      category: 'delete',
      outcome: 'failure',
      errorCode: '403',
      srcIp: null,
    });

    const [created] = byAction(run.events, 'workflows.created_workflow_run');
    expect(iso(created.ts)).toBe('2026-03-10T10:05:00.000Z');
    expect(created).toMatchObject({
      principal: 'github-actions[bot]',
      principalType: 'bot',
      sessionKey: '1111111111',
      category: 'exec',
      resource: 'github:acme-corp/payments-api',
      resourceType: 'repository',
    });
    // What derivation needs to tie this run to the OIDC subject repo:acme-corp/payments-api:ref:refs/heads/main.
    expect(created.facts).toMatchObject({
      ci_repository: 'acme-corp/payments-api',
      ci_run_id: '7004242424',
      ci_ref: 'refs/heads/main',
      ci_workflow: 'deploy',
    });

    const [completed] = byAction(run.events, 'workflows.completed_workflow_run');
    // The run names who started it; the run's own events are not that account at work (interactive or not).
    expect(completed).toMatchObject({
      principal: 'alice',
      principalType: 'unknown',
      outcome: 'failure',
      errorCode: 'failure',
      sessionKey: '7004242424',
    });

    const [push] = byAction(run.events, 'git.push');
    expect(push).toMatchObject({ principalType: 'access_key', category: 'write', resource: 'github:acme-corp/web' });
    expect(iso(push.ts)).toBe('2026-03-10T10:10:00.000Z');

    expect(byAction(run.events, 'org.update_member')[0]).toMatchObject({
      category: 'privilege',
      resource: 'github:user/mallory',
      principalType: 'user',
    });

    const [stream] = byAction(run.events, 'audit_log_streaming.destroy');
    expect(stream).toMatchObject({ category: 'logging', resource: 'github:enterprise/acme' });
    expect(stream.facts?.log_tamper).toBe('audit_log_streaming.destroy');
    expect(iso(stream.ts)).toBe('2024-12-17T09:00:00.000Z'); // "00:00:00000000": seconds run into the fraction

    const [pat2] = byAction(run.events, 'personal_access_token.create');
    expect(pat2).toMatchObject({ category: 'credential' });
    expect(pat2.facts).toMatchObject({ issued_key: '990001', issued_to: 'mallory' });
  });

  it('reads the export (a JSON array) with index/offset refs', async () => {
    const run = await dryRun(fixture('github-audit', 'export.json'));
    expect(run.format).toBe('github-audit');
    expect(run.records).toBe(2);
    expect(run.rejects).toEqual([]);
    const text = readFileSync(fixture('github-audit', 'export.json'), 'utf8');
    const second = text.indexOf('{', text.indexOf('}') + 1);
    expect(run.events.map((e) => e.ref)).toEqual([
      { index: 0, offset: 4 },
      { index: 1, offset: second },
    ]);
    expect(run.events[1].raw).toBe(text.slice(second, text.lastIndexOf('}') + 1));
    expect(run.events[0]).toMatchObject({
      action: 'org.add_member',
      category: 'privilege',
      resource: 'github:user/bob',
    });
    expect(run.events[1]).toMatchObject({
      principal: 'renovate[bot]',
      principalType: 'bot',
      resource: 'github:acme-corp/web',
    });
    expect(run.events[1].raw.startsWith('{')).toBe(true);
  });
});

describe('github-audit: events about a credential', () => {
  // Token fields on an event about a credential name the credential acted on, not the one the actor used.
  it("keys only the actor's own token as session; the revoked / created / regenerated token is the resource", async () => {
    const run = await dryRun(fixture('github-audit', 'credential-events.jsonl'));
    expect(run.format).toBe('github-audit');
    expect(run.rejects).toEqual([]);
    expect(run.events).toHaveLength(8);
    const [use, revokedWeb, created, revokedApi, regenerated, keyWeb, keyApi, appSecret] = run.events;

    // The bot's own use of its token: that token is its session.
    expect(use).toMatchObject({ principal: 'rel-bot', sessionKey: 'cmVsLWJvdC10b2tlbi1oYXNoLTAwMDAwMDAwMDAwMDAwMDA=' });

    // j-park revokes that token in the web UI: not a session of the token; the token is what was acted on.
    expect(revokedWeb).toMatchObject({
      principal: 'j-park',
      principalType: 'user',
      sessionKey: null,
      category: 'credential',
      resource: 'github:token/4400001',
      resourceType: 'token',
      srcIp: '192.0.2.77',
    });
    expect(revokedWeb.detail).toContain('user=rel-bot');
    expect(revokedWeb.detail).toContain('token_id=4400001');
    expect(revokedWeb.facts?.issued_key).toBeUndefined();

    // Creating a token issues it; the creator has no token session in the web UI.
    expect(created).toMatchObject({
      principal: 'rel-bot',
      sessionKey: null,
      resource: 'github:token/4400002',
      resourceType: 'token',
    });
    expect(created.facts).toMatchObject({ issued_key: '4400002', issued_to: 'rel-bot' });

    // An app revokes it through the API: the app's own token (hashed_token + programmatic_access_type) is the session.
    expect(revokedApi).toMatchObject({
      principal: 'pat-reaper[bot]',
      sessionKey: 'cGF0LXJlYXBlci1hcHAtdG9rZW4taGFzaC0wMDAwMDAwMDA=',
      resource: 'github:token/4400002',
    });

    expect(regenerated).toMatchObject({ sessionKey: null, resource: 'github:token/5500001', category: 'credential' });
    expect(regenerated.facts).toMatchObject({ issued_key: '5500001', issued_to: 'ops-admin' });

    // A deploy key added in the web UI: its hash names the new key, not a session of ci-admin.
    expect(keyWeb).toMatchObject({
      principal: 'ci-admin',
      sessionKey: null,
      resource: 'github:hashed_token/bmV3LWRlcGxveS1rZXktaGFzaC0wMDAwMDAwMDAwMDAwMA==',
      resourceType: 'token',
    });
    expect(keyWeb.detail).toContain('repo=acme/web');
    // Added through the API with a PAT: the token fields are the actor's, the repository is the target.
    expect(keyApi).toMatchObject({
      principal: 'infra-bot',
      sessionKey: 'aW5mcmEtYm90LXBhdC1oYXNoLTAwMDAwMDAwMDAwMDAwMA==',
      resource: 'github:acme/web',
      resourceType: 'repository',
    });

    expect(appSecret).toMatchObject({ principal: 'ops-admin', sessionKey: null, resource: 'github:acme' });
  });
});

describe('github-audit: a token followed from its creation to its deletion', () => {
  const HASH = 'dGhlLWRlcGxveS1ib3QtcmVsZWFzZS10b2tlbi1oYXNoMDAwMDA=';
  it('the token is the resource of every step of its life, each with its stage; the creator is not a token session', async () => {
    const run = await dryRun(fixture('github-audit', 'token-lifecycle.jsonl'));
    expect(run.format).toBe('github-audit');
    expect(run.rejects).toEqual([]);
    const life = run.events.filter((e) => e.resource === 'github:token/4817263');
    expect(life.map((e) => [e.action, e.facts?.credential_stage])).toEqual([
      ['personal_access_token.create', 'created'],
      ['personal_access_token.request_created', 'requested'],
      ['personal_access_token.access_granted', 'granted'],
      ['personal_access_token.access_revoked', 'revoked'],
      ['personal_access_token.destroy', 'deleted'],
    ]);
    const [create] = life;
    // programmatic_access_type and hashed_token on a create describe the new token, not how the actor signed in.
    expect(create).toMatchObject({
      principal: 'acme-deploy-bot',
      principalType: 'user',
      sessionKey: null,
      category: 'credential',
    });
    expect(create.facts).toMatchObject({
      issued_key: `${HASH}\n4817263`,
      issued_to: 'acme-deploy-bot',
      credential_type: 'Fine-grained personal access token',
    });
    expect(create.detail).toContain('user_programmatic_access_name=release-drafter');
    // Its use: the hash is the session key, the token the actor's credential.
    const use = run.events.find((e) => e.action === 'api.request')!;
    expect(use).toMatchObject({ sessionKey: HASH, principalType: 'access_key', resource: 'github:acme/payments' });
    // The organization owner's steps are hers, made in the web UI.
    expect(life[2]).toMatchObject({ principal: 'mlopez', principalType: 'user', sessionKey: null });
    const classic = run.events.find((e) => e.action === 'oauth_access.create')!;
    expect(classic).toMatchObject({ sessionKey: null, resource: 'github:token/990011', principalType: 'user' });
    expect(classic.facts?.issued_key).toBe('Y2xhc3NpYy10b2tlbi1sYXB0b3AtdGNoZW4taGFzaDAwMDA=\n990011');
  });

  it('an outcome stated only by the event name: a failed two-factor challenge, a denied token request', async () => {
    const run = await dryRun(fixture('github-audit', 'token-lifecycle.jsonl'));
    expect(run.events.find((e) => e.action === 'user.two_factor_challenge_failure')).toMatchObject({
      outcome: 'failure',
      errorCode: 'two_factor_challenge_failure',
    });
    const denied = run.events.find((e) => e.action === 'personal_access_token.request_denied')!;
    expect(denied).toMatchObject({ outcome: 'failure', resource: 'github:token/tchen/scratch' });
    expect(denied.facts?.credential_stage).toBe('denied');
    expect(run.events.find((e) => e.action === 'personal_access_token.access_granted')!.outcome).toBe('success');
  });
});
