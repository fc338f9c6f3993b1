// Synthetic Entra ID sign-in records (diagnostic-settings JSON lines) for the importer bench: service
// principals signing in with client secrets (one credential key, a token per sign-in), managed identities, and
// users in interactive and non-interactive sessions, with AADSTS failures (expired secret, bad password).

import { prng, uuid } from '../../bench/lib/random.js';

const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const sps = ['Terraform-Deployer', 'Datadog-Integration', 'GitHub-Actions-Prod', 'Backup-Agent'].map((name) => ({
    name,
    id: uuid(rnd),
    appId: uuid(rnd),
    key: uuid(rnd),
  }));
  const mis = ['aks-kubelet-identity', 'func-exporter', 'vm-batch-runner'].map((name) => ({
    name,
    id: uuid(rnd),
    appId: uuid(rnd),
  }));
  const users = ['alice@acme.example', 'bob@acme.example', 'svc-reporting@acme.example'].map((upn) => ({
    upn,
    id: uuid(rnd),
    session: uuid(rnd),
  }));
  const resources = [
    ['Windows Azure Service Management API', '797f4846-ba00-4fd7-ba43-dac1f8f63013'],
    ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'],
    ['Azure Key Vault', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093'],
  ];
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 3000);
    const time = new Date(t)
      .toISOString()
      .replace('Z', '0000Z')
      .replace(/\.(\d{3})0000Z$/, (_m, ms) => `.${ms}${String(i % 10000).padStart(4, '0')}Z`);
    const r = rnd();
    const [resName, resId] = pick(resources);
    const id = uuid(rnd);
    const corr = uuid(rnd);
    const ip = rnd() < 0.9 ? `20.${i % 200}.${(i >> 4) % 250}.${(i >> 7) % 250}` : '198.51.100.23';
    let category: string,
      props: Record<string, unknown>,
      resultType = '0';
    const fail = rnd() < 0.05;
    if (r < 0.45) {
      const sp = pick(sps);
      category = 'ServicePrincipalSignInLogs';
      if (fail) resultType = '7000222';
      props = {
        id,
        createdDateTime: time.replace('Z', '+00:00'),
        userId: null,
        appId: sp.appId,
        ipAddress: ip,
        status: { errorCode: Number(resultType) },
        correlationId: corr,
        conditionalAccessStatus: 'notApplied',
        isInteractive: false,
        resourceDisplayName: resName,
        resourceId: resId,
        servicePrincipalName: sp.name,
        servicePrincipalId: sp.id,
        servicePrincipalCredentialKeyId: sp.key,
        clientCredentialType: 'clientSecret',
        uniqueTokenIdentifier: Buffer.from(id).toString('base64url').slice(0, 22),
        managedIdentityType: 'none',
        riskLevelDuringSignIn: 'none',
      };
    } else if (r < 0.7) {
      const mi = pick(mis);
      category = 'ManagedIdentitySignInLogs';
      props = {
        id,
        createdDateTime: time.replace('Z', '+00:00'),
        userId: null,
        appId: mi.appId,
        ipAddress: '',
        status: { errorCode: 0 },
        correlationId: corr,
        isInteractive: false,
        resourceDisplayName: resName,
        resourceId: resId,
        servicePrincipalName: mi.name,
        servicePrincipalId: mi.id,
        uniqueTokenIdentifier: Buffer.from(id).toString('base64url').slice(0, 22),
        managedIdentityType: 'systemAssigned',
      };
    } else {
      const u = pick(users);
      category = rnd() < 0.5 ? 'SignInLogs' : 'NonInteractiveUserSignInLogs';
      if (fail) resultType = '50126';
      props = {
        id,
        createdDateTime: time.replace('Z', '+00:00'),
        userId: u.id,
        userPrincipalName: u.upn,
        userDisplayName: u.upn.split('@')[0],
        appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        appDisplayName: 'Microsoft Azure CLI',
        ipAddress: ip,
        status: fail
          ? {
              errorCode: 50126,
              failureReason: 'Invalid username or password or Invalid on-premise username or password.',
            }
          : { errorCode: 0 },
        correlationId: corr,
        sessionId: u.session,
        isInteractive: category === 'SignInLogs',
        resourceDisplayName: resName,
        resourceId: resId,
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
        uniqueTokenIdentifier: Buffer.from(id).toString('base64url').slice(0, 22),
        conditionalAccessStatus: 'success',
        riskLevelDuringSignIn: 'none',
        location: { city: 'Amsterdam', countryOrRegion: 'NL' },
      };
    }
    out.push(
      JSON.stringify({
        time,
        resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
        operationName: 'Sign-in activity',
        operationVersion: '1.0',
        category,
        tenantId: TENANT,
        resultType,
        resultSignature: 'None',
        durationMs: 0,
        callerIpAddress: props.ipAddress || undefined,
        correlationId: corr,
        Level: 4,
        properties: props,
      }),
    );
  }
  return out;
}
