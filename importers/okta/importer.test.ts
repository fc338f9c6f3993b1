import { describe, expect, it } from 'vitest';
import { runFixture, iso, rejectsByLine } from '../../test/importers/importer-helpers.js';
import { importer as okta } from './importer.js';

const SESSION = '102nZHzd6OHSfGG51vsoc22gw';

describe('okta importer', () => {
  it('reads a System Log API page: people, OAuth service apps, API tokens, Okta itself', async () => {
    const run = await runFixture('okta', 'system-log-api-page.json');
    expect(run.format).toBe('okta');
    expect(run.records).toBe(9);
    expect(run.events).toHaveLength(9);
    expect(run.rejects).toEqual([]);
    const [login, mfa, policy, token, apiCall, grant, system, spray, stream] = run.events;

    expect(login).toMatchObject({
      principal: 'alice@acme.example',
      principalType: 'user',
      sessionKey: SESSION,
      action: 'user.session.start',
      category: 'auth',
      outcome: 'success',
      srcIp: '73.12.44.9',
      userAgent: expect.stringContaining('Chrome/122'),
      detail: 'User login to Okta',
    });
    expect(iso(login.ts)).toBe('2026-03-10T14:00:00.101Z');
    expect(login.facts).toMatchObject({ alias: 'okta|00u1abvz4pYqdM8ms4x6' });
    expect(login.facts?.correlation_id).toMatch(/^Zf/);

    // CHALLENGE: neither success nor failure; the code says what happened.
    expect(mfa).toMatchObject({ outcome: 'unknown', errorCode: 'CHALLENGE', sessionKey: SESSION });
    expect(mfa.facts?.credential_type).toBe('OTP');
    expect(policy).toMatchObject({ outcome: 'success', resource: 'okta:PolicyEntity/00p1abvweGGDW10Ur4x6' });

    // An OAuth service app gets a client-credentials token: the token is issued to it.
    expect(token).toMatchObject({
      principal: 'reporting-service',
      principalType: 'app',
      category: 'credential',
      srcIp: '20.14.7.9',
      resource: 'okta:AuthorizationServer/https://acme.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9',
    });
    expect(token.facts).toMatchObject({
      issued_key: 'AT.kfe7JvQsu2v2Vx0a1b2c3d4e5f6g7h8i9j0',
      issued_to: 'reporting-service',
      agent: 'reporting-service',
      alias: 'okta|0oa1q2w3e4r5t6y7u8i9',
    });

    // No browser session: the API token that made the call is the credential.
    expect(apiCall).toMatchObject({
      principal: 'svc-sync@acme.example',
      sessionKey: '00T1q2w3e4r5t6y7u8i9',
      category: 'privilege',
      resource: 'okta:User/bob@acme.example',
    });
    expect(apiCall.facts).toMatchObject({ api_token_id: '00T1q2w3e4r5t6y7u8i9', target_identity: 'bob@acme.example' });
    expect(apiCall.detail).toBe('Add user to group membership · on User bob@acme.example, UserGroup Super Admins');

    expect(grant).toMatchObject({ category: 'privilege', sessionKey: SESSION });
    expect(grant.facts?.target_identity).toBe('bob@acme.example');
    expect(system).toMatchObject({
      principal: 'system@okta.com',
      principalType: 'service',
      category: 'delete',
      srcIp: null,
    });

    // Pre-authentication: the actor is an address, not an identity.
    expect(spray).toMatchObject({
      principal: '198.51.100.9',
      principalType: 'unknown',
      outcome: 'failure',
      errorCode: 'Password spray detected',
    });
    expect(spray.detail).toContain('threat suspected');
    expect(spray.facts?.alias).toBeUndefined();

    expect(stream).toMatchObject({ category: 'logging', resource: 'okta:LogStream/0oa1logstream00000x3' });
    expect(stream.facts?.log_tamper).toBe('system.log_stream.lifecycle.deactivate');
  });

  it('reads rule-test exports with lower-cased keys, space-separated times and offsets', async () => {
    const run = await runFixture('okta', 'lowercase-keys.jsonl');
    expect(run.format).toBe('okta');
    const [fail, ok] = run.events;
    expect(fail).toMatchObject({
      principal: 'jane@acme.example',
      sessionKey: 'trsxcsf59kYRG-GwAbWjw-PZA',
      outcome: 'failure',
      errorCode: 'INVALID_CREDENTIALS',
      detail: 'User login to Okta · INVALID_CREDENTIALS',
      userAgent: 'python-requests/2.31.0',
    });
    expect(fail.facts?.correlation_id).toBe('YxT0x8kqnSZQNNL2vZ9y2gAAAYk');
    expect(iso(fail.ts)).toBe('2026-03-11T09:15:00.617Z');
    // "+01:00": the same instant as the failure above.
    expect(ok.ts).toBe(fail.ts);
    expect(ok).toMatchObject({ outcome: 'success', sessionKey: null, srcIp: '203.0.113.40' });
  });

  it('rejects malformed records with reasons a person understands', async () => {
    const run = await runFixture('okta', 'malformed.jsonl', 'okta');
    expect(run.records).toBe(8);
    const r = rejectsByLine(run);
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(r[2]).toMatch(/^invalid JSON: /);
    expect(r[3]).toBe('not a JSON object');
    expect(r[4]).toBe('no parseable timestamp (published)');
    expect(r[5]).toBe('no parseable timestamp (published)');
    expect(r[6]).toBe('no eventType: the event does not say what happened');
    expect(r[8]).toMatch(/^invalid UTF-8 at byte \d+ of the record$/);
    // Wrongly typed actor, outcome and target: the event stays, with what can be read.
    const odd = run.events.find((e) => (e.ref as { line: number }).line === 7)!;
    expect(odd).toMatchObject({ principal: null, action: 'user.session.end', outcome: 'unknown', resource: null });
  });

  it('does not claim CloudTrail (which has an eventType too) or Google Workspace records', () => {
    const sample = (values: unknown[]) => ({ fileName: 'x.jsonl', head: '', values, lines: [] });
    expect(
      okta.detect(
        sample([
          {
            eventVersion: '1.08',
            eventType: 'AwsApiCall',
            eventName: 'GetObject',
            eventSource: 's3.amazonaws.com',
            userIdentity: { type: 'IAMUser' },
            eventTime: '2026-01-01T00:00:00Z',
          },
        ]),
      ),
    ).toBe(0);
    expect(
      okta.detect(
        sample([
          {
            kind: 'admin#reports#activity',
            actor: { email: 'a@b.c' },
            id: { time: '2026-01-01T00:00:00Z' },
            events: [{ type: 'x' }],
          },
        ]),
      ),
    ).toBe(0);
  });
});
