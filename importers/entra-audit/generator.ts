// Synthetic Entra ID audit records (diagnostic-settings JSON lines) for the importer bench: apps and managed
// identities adding secrets and role members, admins consenting to permissions and changing policies, with
// modified properties old/new values, a share of failures.

import { prng, uuid } from '../../bench/lib/random.js';

const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const apps = ['Terraform-Deployer', 'GitHub-Actions-Prod', 'HR-Sync'].map((displayName) => ({
    displayName,
    servicePrincipalId: uuid(rnd),
    appId: uuid(rnd),
  }));
  const users = ['admin@acme.example', 'alice@acme.example'].map((userPrincipalName) => ({
    userPrincipalName,
    id: uuid(rnd),
    displayName: null,
    ipAddress: '203.0.113.5',
    roles: [],
  }));
  const targets = ['billing-app', 'payroll-api', 'SimuLandApp'].map((displayName) => ({ displayName, id: uuid(rnd) }));
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 5000);
    const time = new Date(t).toISOString();
    const corr = uuid(rnd);
    const r = rnd();
    const byApp = rnd() < 0.6;
    const initiatedBy = byApp ? { app: { ...pick(apps), servicePrincipalName: null } } : { user: pick(users) };
    const tgt = pick(targets);
    let activity: string, category: string, opType: string, target: Record<string, unknown>;
    if (r < 0.3) {
      activity = 'Update application – Certificates and secrets management ';
      category = 'ApplicationManagement';
      opType = 'Update';
      const key = uuid(rnd);
      target = {
        ...tgt,
        type: 'Application',
        modifiedProperties: [
          {
            displayName: 'KeyDescription',
            oldValue: '[]',
            newValue: `["[KeyIdentifier=${key},KeyType=Password,KeyUsage=Verify,DisplayName=ci-secret-${i}]"]`,
          },
          { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
        ],
      };
    } else if (r < 0.55) {
      activity = 'Add member to role';
      category = 'RoleManagement';
      opType = 'Assign';
      target = {
        ...tgt,
        type: 'ServicePrincipal',
        modifiedProperties: [
          { displayName: 'Role.DisplayName', oldValue: null, newValue: '"Application Administrator"' },
        ],
      };
    } else if (r < 0.75) {
      activity = 'Consent to application';
      category = 'ApplicationManagement';
      opType = 'Assign';
      target = {
        ...tgt,
        type: 'ServicePrincipal',
        modifiedProperties: [
          { displayName: 'ConsentAction.Permissions', oldValue: null, newValue: '"Scope: Mail.Read User.Read"' },
        ],
      };
    } else {
      activity = pick([
        'Update user',
        'Update conditional access policy',
        'Delete application',
        'Add service principal',
      ]);
      category = 'UserManagement';
      opType = activity.startsWith('Delete') ? 'Delete' : activity.startsWith('Add') ? 'Add' : 'Update';
      target = {
        ...tgt,
        type: 'User',
        userPrincipalName: 'carol@acme.example',
        modifiedProperties: [{ displayName: 'AccountEnabled', oldValue: '[true]', newValue: '[false]' }],
      };
    }
    const failed = rnd() < 0.05;
    out.push(
      JSON.stringify({
        time,
        resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
        operationName: activity.trim(),
        operationVersion: '1.0',
        category: 'AuditLogs',
        tenantId: TENANT,
        resultSignature: 'None',
        durationMs: 0,
        callerIpAddress: byApp ? `20.1.${i % 250}.7` : '203.0.113.5',
        correlationId: corr,
        identity: byApp ? initiatedBy.app!.displayName : 'admin',
        Level: 4,
        properties: {
          id: `Directory_${corr}_ABCDE_${i}`,
          category,
          correlationId: corr,
          result: failed ? 'failure' : 'success',
          resultReason: failed ? 'The directory object quota limit for the tenant has been exceeded.' : '',
          activityDisplayName: activity,
          activityDateTime: time.replace('Z', '+00:00'),
          loggedByService: 'Core Directory',
          operationType: opType,
          userAgent: null,
          initiatedBy,
          targetResources: [{ ...target, administrativeUnits: [] }],
          additionalDetails: [{ key: 'User-Agent', value: 'Microsoft Azure Graph Client Library 2.1.17' }],
        },
      }),
    );
  }
  return out;
}
