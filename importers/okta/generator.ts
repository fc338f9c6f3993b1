// Synthetic Okta System Log events (JSON lines, as a log stream writes them) for the importer bench: user
// sessions with MFA challenges, OAuth service apps getting client-credential tokens, API-token calls, admin
// privilege grants, brute-force failures from one IP and a log-stream deactivation.

import { prng } from '../../bench/lib/random.js';

const id = (rnd: () => number, prefix: string, len = 17) => {
  let s = prefix;
  for (let i = 0; i < len; i++)
    s += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(rnd() * 62)];
  return s;
};

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const users = ['alice@acme.example', 'bob@acme.example', 'svc-sync@acme.example'].map((login) => ({
    id: id(rnd, '00u'),
    login,
    session: id(rnd, '102', 22),
  }));
  const apps = ['reporting-service', 'ci-deployer'].map((name) => ({ id: id(rnd, '0oa'), name }));
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 4000);
    const r = rnd();
    const tx = id(rnd, 'Z', 26);
    let actor: Record<string, unknown>,
      eventType: string,
      result = 'SUCCESS',
      reason: string | null = null,
      target: unknown[] | null = null;
    let ext: string | null = null,
      message: string;
    const detail: Record<string, unknown> = {};
    if (r < 0.35) {
      const u = pick(users);
      actor = { id: u.id, type: 'User', alternateId: u.login, displayName: u.login.split('@')[0], detailEntry: null };
      eventType = pick([
        'user.session.start',
        'user.authentication.sso',
        'policy.evaluate_sign_on',
        'user.authentication.auth_via_mfa',
      ]);
      ext = u.session;
      message = 'User login to Okta';
      const q = rnd();
      if (q < 0.1) result = 'CHALLENGE';
      else if (q < 0.18) {
        result = 'FAILURE';
        reason = 'INVALID_CREDENTIALS';
      }
      if (eventType === 'user.authentication.sso')
        target = [
          {
            id: id(rnd, '0oa'),
            type: 'AppInstance',
            alternateId: 'Salesforce',
            displayName: 'Salesforce.com',
            detailEntry: null,
          },
        ];
    } else if (r < 0.65) {
      const a = pick(apps);
      actor = { id: a.id, type: 'PublicClientApp', alternateId: a.name, displayName: a.name, detailEntry: null };
      eventType = 'app.oauth2.as.token.grant.access_token';
      message = 'OAuth2 access token is granted';
      target = [
        {
          id: `AT.${id(rnd, '', 40)}`,
          type: 'access_token',
          alternateId: null,
          displayName: 'Access Token',
          detailEntry: { expires: new Date(t + 3600e3).toISOString(), subject: a.id },
        },
      ];
    } else if (r < 0.85) {
      const u = users[2];
      actor = { id: u.id, type: 'User', alternateId: u.login, displayName: 'svc-sync', detailEntry: null };
      eventType = pick(['group.user_membership.add', 'user.lifecycle.create', 'user.account.update_profile']);
      message = 'API call';
      detail.requestApiTokenId = '00T1abcdefghijklmnop';
      target = [
        {
          id: id(rnd, '00u'),
          type: 'User',
          alternateId: `new${i}@acme.example`,
          displayName: 'New Hire',
          detailEntry: null,
        },
      ];
    } else if (r < 0.97) {
      actor = {
        id: '198.51.100.9',
        type: 'IP address',
        alternateId: 'unknown',
        displayName: '198.51.100.9',
        detailEntry: null,
      };
      eventType = 'user.session.start';
      result = 'FAILURE';
      reason = 'VERIFICATION_ERROR';
      message = 'User login to Okta';
    } else {
      const u = users[0];
      actor = { id: u.id, type: 'User', alternateId: u.login, displayName: 'alice', detailEntry: null };
      eventType = i % 2 === 0 ? 'user.account.privilege.grant' : 'system.log_stream.lifecycle.deactivate';
      ext = u.session;
      message = 'Grant user privilege';
      target = [{ id: users[1].id, type: 'User', alternateId: users[1].login, displayName: 'bob', detailEntry: null }];
    }
    const ip = actor.type === 'IP address' ? '198.51.100.9' : `73.${i % 200}.${(i >> 3) % 250}.11`;
    out.push(
      JSON.stringify({
        actor,
        client: {
          userAgent: {
            rawUserAgent:
              'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/122.0 Safari/537.36',
            os: 'Mac OS X',
            browser: 'CHROME',
          },
          zone: 'null',
          device: 'Computer',
          id: null,
          ipAddress: ip,
          geographicalContext: {
            city: 'Berlin',
            state: 'Berlin',
            country: 'Germany',
            postalCode: '10115',
            geolocation: { lat: 52.52, lon: 13.4 },
          },
        },
        device: null,
        authenticationContext: {
          authenticationProvider: null,
          credentialProvider: null,
          credentialType: null,
          issuer: null,
          interface: null,
          authenticationStep: 0,
          externalSessionId: ext ?? 'unknown',
        },
        displayMessage: message,
        eventType,
        outcome: { result, reason },
        published: new Date(t).toISOString(),
        securityContext: {
          asNumber: 3320,
          asOrg: 'deutsche telekom ag',
          isp: 'deutsche telekom ag',
          domain: 't-online.de',
          isProxy: false,
        },
        severity: result === 'SUCCESS' ? 'INFO' : 'WARN',
        debugContext: {
          debugData: { requestId: tx, requestUri: '/api/v1/authn', url: '/api/v1/authn?', threatSuspected: 'false' },
        },
        legacyEventType: null,
        transaction: { type: 'WEB', id: tx, detail },
        uuid: `${i.toString(16).padStart(8, '0')}-a1b2-11ee-9c3d-${id(rnd, '', 12).toLowerCase()}`,
        version: '0',
        request: { ipChain: [{ ip, geographicalContext: null, version: 'V4', source: null }] },
        target,
      }),
    );
  }
  return out;
}
