// Synthetic Google Workspace activities (one per line, as a log shipper or `jq -c '.items[]'` writes them) for the
// importer bench: people signing in (password, SAML), OAuth apps granted and using Drive and Gmail with users'
// tokens, a domain-wide-delegated service account downloading Drive files as users, and admin changes.
import { prng } from '../../bench/lib/random.js';

const digits = (rnd: () => number, n: number) => {
  let s = String(1 + Math.floor(rnd() * 9));
  for (let i = 1; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
};

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const users = ['dana.ops', 'li.chen', 'sam.finance', 'it-admin', 'cfo'].map((u) => ({
    email: `${u}@acme.example`,
    profileId: digits(rnd, 21),
  }));
  const apps = ['Meeting Notes Sync', 'Quarterly Reports Bot', 'CRM Connector'].map((name) => ({
    name,
    clientId: `${digits(rnd, 12)}-${digits(rnd, 10)}abcdefghij.apps.googleusercontent.com`,
  }));
  const dwd = { clientId: digits(rnd, 21), name: 'backup-exporter' };
  const docs = Array.from({ length: 40 }, (_, i) => ({
    id: `1${digits(rnd, 12)}Xq${i}`,
    title: pick(['Board deck', 'Payroll', 'Customer list', 'Roadmap', 'Offer letter']) + ` ${i}`,
    type: pick(['document', 'spreadsheet', 'presentation', 'pdf']),
  }));
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 3000);
    const u = pick(users);
    const r = rnd();
    let app: string,
      actor: Record<string, unknown> = { callerType: 'USER', email: u.email, profileId: u.profileId },
      ip = `203.0.113.${1 + (i % 200)}`;
    let events: unknown[];
    if (r < 0.2) {
      app = 'login';
      const fail = rnd() < 0.1;
      events = [
        {
          type: 'login',
          name: fail ? 'login_failure' : 'login_success',
          parameters: [
            { name: 'login_type', value: pick(['google_password', 'saml']) },
            ...(fail ? [{ name: 'login_failure_type', value: 'login_failure_invalid_password' }] : []),
            { name: 'is_suspicious', boolValue: false },
          ],
        },
      ];
    } else if (r < 0.55) {
      app = 'token';
      const a = pick(apps);
      ip = `34.102.${i % 250}.15`;
      const method = pick([
        'drive.files.list',
        'drive.files.get',
        'gmail.users.messages.get',
        'gmail.users.messages.list',
      ]);
      const call = () => ({
        type: 'auth',
        name: 'activity',
        parameters: [
          { name: 'api_name', value: method.split('.')[0] },
          { name: 'method_name', value: method },
          { name: 'client_id', value: a.clientId },
          { name: 'num_response_bytes', intValue: String(Math.floor(rnd() * 500000)) },
          { name: 'app_name', value: a.name },
          { name: 'client_type', value: 'WEB' },
        ],
      });
      events = rnd() < 0.2 ? [call(), call()] : [call()];
      if (rnd() < 0.05)
        events = [
          {
            type: 'auth',
            name: pick(['authorize', 'revoke']),
            parameters: [
              { name: 'client_id', value: a.clientId },
              { name: 'app_name', value: a.name },
              { name: 'client_type', value: 'WEB' },
              { name: 'scope', multiValue: ['https://www.googleapis.com/auth/drive.readonly', 'openid'] },
            ],
          },
        ];
    } else if (r < 0.9) {
      app = 'drive';
      const d = pick(docs);
      if (rnd() < 0.3) {
        actor = {
          ...actor,
          applicationInfo: { oauthClientId: dwd.clientId, applicationName: dwd.name, impersonation: true },
        };
        ip = '35.199.14.2';
      }
      events = [
        {
          type: 'access',
          name: pick(['view', 'view', 'download', 'edit', 'preview']),
          parameters: [
            { name: 'primary_event', boolValue: true },
            { name: 'doc_id', value: d.id },
            { name: 'doc_type', value: d.type },
            { name: 'doc_title', value: d.title },
            { name: 'visibility', value: 'shared_internally' },
            { name: 'owner', value: users[4].email },
          ],
        },
      ];
    } else {
      app = 'admin';
      events = [
        {
          type: 'USER_SETTINGS',
          name: pick(['CREATE_USER', 'CHANGE_PASSWORD', 'ASSIGN_ROLE', 'CHANGE_APPLICATION_SETTING']),
          parameters: [
            { name: 'USER_EMAIL', value: pick(users).email },
            { name: 'ROLE_NAME', value: '_SEED_ADMIN_ROLE' },
          ],
        },
      ];
    }
    out.push(
      JSON.stringify({
        kind: 'admin#reports#activity',
        id: {
          time: new Date(t).toISOString(),
          uniqueQualifier: `-${digits(rnd, 18)}`,
          applicationName: app,
          customerId: 'C03az79cb',
        },
        etag: `"kL3LnWNZ9a3d0Xq1c2Yh8rV0m0I/${digits(rnd, 10)}"`,
        actor,
        ipAddress: ip,
        events,
      }),
    );
  }
  return out;
}
