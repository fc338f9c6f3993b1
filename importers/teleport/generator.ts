// Realistic Teleport audit events (JSON lines): SSH sessions with enhanced-recording commands, database sessions
// with queries, Kubernetes requests, Machine ID bot joins from GitHub Actions and certificate issuance. `n` records.

import { prng } from '../../bench/lib/random.js';

const USERS = ['alice@example.com', 'bob@example.com', 'bot-deployer', 'bot-backup'];
const HOSTS = ['web-1', 'web-2', 'db-bastion', 'build-7'];
const PROGRAMS: [string, string[]][] = [
  ['/usr/bin/ls', ['-la', '/var/www']],
  ['/usr/bin/cat', ['/etc/hosts']],
  ['/usr/bin/curl', ['-s', 'https://example.com']],
  ['/usr/bin/psql', ['-h', 'db', '-U', 'app']],
  ['/bin/systemctl', ['restart', 'nginx']],
];
const QUERIES = [
  'SELECT * FROM customers WHERE id = $1',
  "UPDATE orders SET status = 'shipped' WHERE id = 42",
  'SELECT count(*) FROM invoices',
];

function uuid(r: () => number): string {
  const h = () =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}`;
}

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let t = Date.UTC(2026, 2, 10, 8, 0, 0);
  let sid = uuid(r);
  let ei = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 1500);
    const time = new Date(t).toISOString();
    const user = pick(USERS);
    const bot = user.startsWith('bot-');
    const base = { cluster_name: 'prod.teleport.example.com', time, uid: uuid(r), user, user_kind: bot ? 2 : 1 };
    const k = r();
    let rec: Record<string, unknown>;
    if (k < 0.08) {
      sid = uuid(r);
      ei = 0;
      rec = {
        ...base,
        code: 'T2000I',
        event: 'session.start',
        ei: ei++,
        sid,
        login: 'ubuntu',
        server_hostname: pick(HOSTS),
        server_id: uuid(r),
        'addr.remote': `198.51.100.${Math.floor(r() * 250)}:${40000 + Math.floor(r() * 20000)}`,
        'addr.local': '10.0.0.5:3022',
        proto: 'ssh',
      };
    } else if (k < 0.45) {
      const [path, argv] = pick(PROGRAMS);
      const rc = r() < 0.05 ? 1 : 0;
      rec = {
        ...base,
        code: 'T4000I',
        event: 'session.command',
        ei: ei++,
        sid,
        login: 'ubuntu',
        server_id: uuid(r),
        server_hostname: pick(HOSTS),
        path,
        program: path.split('/').pop(),
        argv,
        pid: 1000 + Math.floor(r() * 30000),
        ppid: 900,
        cgroup_id: 4294967537,
        return_code: rc,
      };
    } else if (k < 0.65) {
      const q = pick(QUERIES);
      rec = {
        ...base,
        code: 'TDB02I',
        event: 'db.session.query',
        ei: ei++,
        sid,
        db_service: 'orders-pg',
        db_protocol: 'postgres',
        db_uri: 'orders.internal:5432',
        db_name: 'orders',
        db_user: bot ? 'svc_backup' : 'app',
        db_query: q,
        success: true,
      };
    } else if (k < 0.8) {
      const verb = pick(['GET', 'GET', 'LIST', 'POST', 'DELETE']);
      rec = {
        ...base,
        code: 'T3009I',
        event: 'kube.request',
        kubernetes_cluster: 'prod-eks',
        login: user,
        proto: 'kube',
        verb,
        request_path: '/api/v1/namespaces/payments/pods',
        resource_api_group: 'core/v1',
        resource_kind: 'pods',
        resource_namespace: 'payments',
        resource_name: `api-${Math.floor(r() * 9)}`,
        response_code: verb === 'DELETE' && r() < 0.3 ? 403 : 200,
        'addr.remote': '10.1.2.3:51234',
      };
    } else if (k < 0.88) {
      const run = String(8_000_000_000 + Math.floor(r() * 1e6));
      rec = {
        cluster_name: base.cluster_name,
        time,
        uid: base.uid,
        code: 'TJ001I',
        event: 'bot.join',
        ei: 0,
        bot_name: 'deployer',
        method: 'github',
        token_name: 'github-deployer',
        success: true,
        attributes: {
          actor: 'alice',
          repository: 'acme-corp/payments-api',
          repository_owner: 'acme-corp',
          ref: 'refs/heads/main',
          ref_type: 'branch',
          run_id: run,
          run_attempt: '1',
          run_number: '412',
          sha: 'f00dfeed',
          event_name: 'push',
          workflow: 'deploy',
          job_workflow_ref: 'acme-corp/payments-api/.github/workflows/deploy.yml@refs/heads/main',
          sub: 'repo:acme-corp/payments-api:ref:refs/heads/main',
        },
      };
    } else if (k < 0.95) {
      rec = {
        time,
        uid: base.uid,
        code: 'TC000I',
        event: 'cert.create',
        cert_type: 'user',
        cluster_name: base.cluster_name,
        identity: {
          user: bot ? user : 'bot-deployer',
          impersonator: 'bot-deployer',
          roles: ['deploy'],
          logins: ['-teleport-internal-join'],
          expires: time,
        },
      };
    } else {
      rec = {
        ...base,
        code: r() < 0.2 ? 'T1000W' : 'T1000I',
        event: 'user.login',
        method: 'saml',
        success: r() >= 0.2,
        'addr.remote': `192.0.2.${Math.floor(r() * 250)}:443`,
        user_agent: 'tsh/17.0.2',
      };
    }
    out.push(JSON.stringify(rec));
  }
  return out;
}
