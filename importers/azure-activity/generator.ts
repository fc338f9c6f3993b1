// Synthetic Azure Activity Log records (diagnostic-settings JSON lines, as a storage account's PT1H.json holds
// them) for the importer bench: service principals, managed identities and people writing, reading and deleting
// resources, long-running writes logged as Start and Success (merged into one event), role assignments, key
// listings, and storage reads streamed beside them.
import { prng, uuid } from '../../bench/lib/random.js';

const TENANT = '0c4f6e2a-7d1b-4e8a-9c3f-2b5d8e1a4f70';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const subs = [uuid(rnd), uuid(rnd)];
  const apps = ['terraform-prod', 'github-deployer', 'backup-agent', 'datadog-integration'].map(() => ({
    oid: uuid(rnd),
    appid: uuid(rnd),
    mi: false,
  }));
  const mis = [0, 1].map(() => ({ oid: uuid(rnd), appid: uuid(rnd), mi: true }));
  const users = ['alice@contoso.example', 'bob@contoso.example'].map((upn) => ({ upn, oid: uuid(rnd) }));
  const ops: [string, string][] = [
    ['Microsoft.Compute/virtualMachines', 'write'],
    ['Microsoft.Compute/virtualMachines', 'delete'],
    ['Microsoft.Storage/storageAccounts', 'write'],
    ['Microsoft.Storage/storageAccounts/listKeys', 'action'],
    ['Microsoft.KeyVault/vaults/secrets', 'write'],
    ['Microsoft.Network/networkSecurityGroups/securityRules', 'write'],
    ['Microsoft.Web/sites/restart', 'action'],
    ['Microsoft.Resources/deployments', 'write'],
  ];
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  const time = (ms: number, i: number) =>
    new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f) => `.${f}${String(i % 10000).padStart(4, '0')}Z`);
  while (out.length < n) {
    const i = out.length;
    t += Math.floor(rnd() * 4000);
    const sub = pick(subs);
    const rg = `/subscriptions/${sub}/resourceGroups/rg-${pick(['prod', 'data', 'web'])}`;
    const ip = rnd() < 0.9 ? `20.${i % 200}.${(i >> 4) % 250}.${(i >> 8) % 250}` : '203.0.113.66';
    const r = rnd();
    let claims: Record<string, string>;
    if (r < 0.55) {
      const a = pick(rnd() < 0.75 ? apps : mis);
      claims = {
        aud: 'https://management.core.windows.net/',
        appid: a.appid,
        appidacr: a.mi ? '2' : '1',
        idtyp: 'app',
        'http://schemas.microsoft.com/identity/claims/objectidentifier': a.oid,
        'http://schemas.microsoft.com/identity/claims/tenantid': TENANT,
        uti: `uti${Math.floor(t / 3_600_000)}${a.oid.slice(0, 6)}`,
      };
      if (a.mi)
        claims.xms_mirid = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${a.oid.slice(0, 4)}`;
    } else {
      const u = pick(users);
      claims = {
        aud: 'https://management.core.windows.net/',
        appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        appidacr: '0',
        'http://schemas.microsoft.com/identity/claims/objectidentifier': u.oid,
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': u.upn,
        name: u.upn,
        uti: `uti${Math.floor(t / 3_600_000)}${u.oid.slice(0, 6)}`,
      };
    }
    const corr = uuid(rnd);
    if (rnd() < 0.08) {
      // A storage read streamed beside the activity log.
      const account = `st${sub.slice(0, 6)}`;
      out.push(
        JSON.stringify({
          time: time(t, i),
          resourceId: `${rg}/providers/Microsoft.Storage/storageAccounts/${account}/blobServices/default`,
          category: 'StorageRead',
          operationName: 'GetBlob',
          statusCode: 200,
          statusText: 'Success',
          callerIpAddress: `${ip}:${40000 + (i % 20000)}`,
          correlationId: corr,
          identity: {
            type: 'OAuth',
            requester: {
              appId: claims.appid,
              objectId: claims['http://schemas.microsoft.com/identity/claims/objectidentifier'],
            },
          },
          properties: {
            accountName: account,
            objectKey: `/${account}/exports/part-${i}.parquet`,
            responseBodySize: 1000 + Math.floor(rnd() * 5_000_000),
            userAgentHeader: 'azsdk-python-storage-blob/12.19.0',
          },
          uri: `https://${account}.blob.core.windows.net/exports/part-${i}.parquet`,
        }),
      );
      continue;
    }
    const roleAssign = rnd() < 0.05;
    const [type, verb] = roleAssign ? ['Microsoft.Authorization/roleAssignments', 'write'] : pick(ops);
    const name = uuid(rnd).slice(0, 8);
    const resourceId = roleAssign
      ? `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/${uuid(rnd)}`
      : `${rg}/providers/${verb === 'action' ? type.split('/').slice(0, -1).join('/') : type}/${name}`;
    const operationName = `${type}/${verb}`;
    const fail = rnd() < 0.04;
    const base = {
      resourceId,
      operationName,
      category: 'Administrative',
      callerIpAddress: ip,
      correlationId: corr,
      identity: {
        authorization: {
          scope: resourceId,
          action: operationName,
          evidence: { role: 'Contributor', principalType: 'ServicePrincipal' },
        },
        claims,
      },
      level: fail ? 'Error' : 'Information',
    };
    const props: Record<string, string> = { eventCategory: 'Administrative', entity: resourceId };
    if (roleAssign)
      props.requestbody = JSON.stringify({
        Properties: {
          PrincipalId: uuid(rnd),
          PrincipalType: 'ServicePrincipal',
          RoleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
          Scope: `/subscriptions/${sub}`,
        },
      });
    const longRunning = verb === 'write' && out.length + 1 < n;
    if (longRunning)
      out.push(
        JSON.stringify({
          time: time(t, i),
          ...base,
          resultType: 'Start',
          resultSignature: 'Started.',
          durationMs: '0',
          properties: props,
        }),
      );
    t += 200 + Math.floor(rnd() * 3000);
    out.push(
      JSON.stringify({
        time: time(t, i + 1),
        ...base,
        resultType: fail ? 'Failure' : 'Success',
        resultSignature: fail ? 'Failed.Conflict' : 'Succeeded.OK',
        durationMs: String(Math.floor(rnd() * 3000)),
        properties: { ...props, statusCode: fail ? 'Conflict' : 'OK' },
      }),
    );
  }
  return out.slice(0, n);
}
