// Synthetic Salesforce EventLogFile rows of the API event type (the CSV an EventLogFile's LogFile holds, header
// first) for the importer bench: connected apps querying and updating through SOAP on behalf of integration users,
// people's API calls without an app, row counts, response sizes and the odd failed request.
import { prng } from '../../bench/lib/random.js';
import { id18 } from './ids.js';

const HEADER =
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME","CPU_TIME","URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME","API_TYPE","API_VERSION","CLIENT_NAME","METHOD_NAME","ENTITY_NAME","ROWS_PROCESSED","REQUEST_SIZE","RESPONSE_SIZE","CONNECTED_APP_ID","QUERY","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP","URI_ID_DERIVED","USER_AGENT"';

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const alnum = (len: number) =>
    Array.from(
      { length: len },
      () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'[Math.floor(rnd() * 58)],
    ).join('');
  const users = Array.from({ length: 6 }, () => `0055e00000${alnum(5)}`);
  const apps = [
    { id: `0H45e00000${alnum(5)}`, name: 'Drift' },
    { id: `0H45e00000${alnum(5)}`, name: 'Gainsight' },
    { id: '', name: '' },
  ];
  const entities = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];
  const out = [HEADER];
  let t = Date.parse('2026-03-01T00:00:00Z');
  const keys = users.map(() => ({ login: alnum(16), session: alnum(16) }));
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 1500);
    const ui = Math.floor(rnd() * users.length);
    const app = pick(apps);
    const entity = pick(entities);
    const method = pick(['query', 'query', 'queryMore', 'retrieve', 'update', 'create', 'describeSObjects']);
    const fail = rnd() < 0.02;
    const rows = method.startsWith('query') ? Math.floor(rnd() * 2000) : method === 'describeSObjects' ? 0 : 1;
    const d = new Date(t);
    const stamp = d.toISOString().replace(/[-:T]/g, '').replace('Z', '').slice(0, 18);
    out.push(
      [
        'API',
        stamp,
        `4Zk${alnum(16)}`,
        '00D5e000000AbCd',
        users[ui],
        String(Math.floor(rnd() * 3000)),
        String(Math.floor(rnd() * 500)),
        'Api',
        keys[ui].session,
        keys[ui].login,
        'Standard',
        fail ? 'F' : 'S',
        String(Math.floor(rnd() * 1e9)),
        'P',
        '62.0',
        app.name,
        method,
        entity,
        String(rows),
        String(200 + Math.floor(rnd() * 400)),
        String(rows * 900 + 512),
        app.id,
        method === 'query'
          ? `SELECT Id, Name, Email FROM ${entity} WHERE LastModifiedDate > LAST_N_DAYS:${1 + (i % 30)}`
          : '',
        d.toISOString(),
        id18(users[ui])!,
        `44.215.${i % 250}.77`,
        '',
        app.name ? `${app.name}/2.1 (python-requests/2.31.0)` : 'Salesforce Data Loader',
      ]
        .map(q)
        .join(','),
    );
  }
  return out;
}
