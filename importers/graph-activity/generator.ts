// Synthetic Microsoft Graph activity records (diagnostic-settings JSON lines) for the importer bench: apps with
// app-only tokens paging through mailboxes, users and groups, one token per hour, and people calling through
// delegated tokens; a few throttled (429) and forbidden (403) requests.
import { prng, uuid } from '../../bench/lib/random.js';

const TENANT = '0c4f6e2a-7d1b-4e8a-9c3f-2b5d8e1a4f70';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const apps = [0, 1, 2, 3].map(() => ({ sp: uuid(rnd), app: uuid(rnd) }));
  const users = [0, 1, 2].map(() => ({ id: uuid(rnd), session: uuid(rnd) }));
  const mailboxes = ['ceo', 'cfo', 'legal', 'hr', 'it-admin'].map((m) => `${m}@contoso.example`);
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 1500);
    const time = new Date(t)
      .toISOString()
      .replace(/\.(\d{3})Z$/, (_m, f) => `.${f}${String(i % 10000).padStart(4, '0')}Z`);
    const delegated = rnd() < 0.25;
    const a = pick(apps);
    const u = pick(users);
    const hour = Math.floor(t / 3_600_000);
    const r = rnd();
    const [method, uri] =
      r < 0.55
        ? ['GET', `https://graph.microsoft.com/v1.0/users/${pick(mailboxes)}/messages?$top=50&$skip=${(i % 20) * 50}`]
        : r < 0.75
          ? ['GET', `https://graph.microsoft.com/v1.0/users/${uuid(rnd)}/memberOf`]
          : r < 0.85
            ? ['GET', 'https://graph.microsoft.com/v1.0/groups?$select=id,displayName']
            : r < 0.93
              ? ['POST', `https://graph.microsoft.com/v1.0/users/${pick(mailboxes)}/sendMail`]
              : ['PATCH', `https://graph.microsoft.com/v1.0/users/${uuid(rnd)}`];
    const status = rnd() < 0.03 ? 429 : rnd() < 0.03 ? 403 : method === 'GET' ? 200 : method === 'POST' ? 202 : 204;
    const requestId = uuid(rnd);
    const properties = {
      timeGenerated: time,
      location: 'West Europe',
      requestId,
      operationId: requestId,
      clientRequestId: requestId,
      apiVersion: 'v1.0',
      requestMethod: method,
      responseStatusCode: status,
      tenantId: TENANT,
      durationMs: 20 + Math.floor(rnd() * 800),
      responseSizeBytes: method === 'GET' && status === 200 ? 500 + Math.floor(rnd() * 400_000) : 0,
      signInActivityId: `tok${hour}${(delegated ? u.id : a.sp).slice(0, 8)}`,
      roles: delegated ? '' : 'Mail.Read User.Read.All Group.Read.All',
      scopes: delegated ? 'Mail.Read User.Read' : '',
      tokenIssuedAt: new Date(hour * 3_600_000).toISOString(),
      appId: a.app,
      userId: delegated ? u.id : '',
      servicePrincipalId: delegated ? '' : a.sp,
      sessionId: delegated ? u.session : '',
      clientAuthMethod: delegated ? 0 : 1,
      ipAddress: rnd() < 0.95 ? `20.${i % 200}.${(i >> 5) % 250}.${(i >> 9) % 250}` : '203.0.113.66',
      requestUri: uri,
      userAgent: delegated ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/122.0' : 'msgraph-sdk-python/1.2.0',
    };
    out.push(
      JSON.stringify({
        time,
        resourceId: `/TENANTS/${TENANT}/PROVIDERS/MICROSOFT.AADIAM`,
        operationName: 'Microsoft Graph Activity',
        operationVersion: 'v1.0',
        category: 'MicrosoftGraphActivityLogs',
        resultSignature: String(status),
        callerIpAddress: properties.ipAddress,
        correlationId: requestId,
        level: 'Informational',
        tenantId: TENANT,
        properties,
      }),
    );
  }
  return out;
}
