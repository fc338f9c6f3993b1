// Synthetic Vault file-audit-device lines for the importer bench: Kubernetes, AppRole and JWT (CI) logins that
// issue tokens, then those tokens (by accessor) reading KV secrets and issuing PKI certificates, request and
// response lines interleaved as concurrent clients produce them, some denials, KMIP traffic and an
// audit-device disable. All tokens, accessors and values are HMAC'd as Vault writes them.

import { prng, uuid } from '../../bench/lib/random.js';

const hmac = (rnd: () => number) => {
  let s = 'hmac-sha256:';
  for (let i = 0; i < 64; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
};

interface Token {
  accessor: string;
  token: string;
  auth: Record<string, unknown>;
}

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const logins = [
    {
      path: 'auth/kubernetes/login',
      mount: 'kubernetes',
      display: 'kubernetes-prod-payments-api',
      meta: {
        role: 'payments',
        service_account_name: 'payments-api',
        service_account_namespace: 'prod',
        service_account_uid: uuid(rnd),
        service_account_secret_name: '',
      },
      policies: ['default', 'payments-read'],
    },
    {
      path: 'auth/approle/login',
      mount: 'approle',
      display: 'approle',
      meta: { role_name: 'backup-agent' },
      policies: ['default', 'backup'],
    },
    {
      path: 'auth/jwt/login',
      mount: 'jwt',
      display: 'jwt-repo:acme/deploy:ref:refs/heads/main',
      meta: { role: 'github-deploy', sub: 'repo:acme/deploy:ref:refs/heads/main' },
      policies: ['default', 'deploy'],
    },
  ];
  const tokens: Token[] = [];
  const out: string[] = [];
  const held: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  const time = (ms: number) =>
    new Date(ms).toISOString().replace('Z', `${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}Z`);
  while (out.length < n) {
    t += Math.floor(rnd() * 300);
    const id = uuid(rnd);
    const ip = `10.6.${(t >> 5) % 250}.${t % 250}`;
    const r = rnd();
    let req: Record<string, unknown>,
      auth: Record<string, unknown>,
      response: Record<string, unknown> | undefined,
      error: string | undefined;
    if (tokens.length < 3 || r < 0.08) {
      const l = pick(logins);
      const tok: Token = { accessor: hmac(rnd), token: hmac(rnd), auth: {} };
      tok.auth = {
        client_token: tok.token,
        accessor: tok.accessor,
        display_name: l.display,
        policies: l.policies,
        token_policies: l.policies,
        metadata: l.meta,
        entity_id: uuid(rnd),
        token_type: 'service',
        token_ttl: 3600,
        token_issue_time: new Date(t).toISOString().slice(0, 19) + 'Z',
      };
      tokens.push(tok);
      if (tokens.length > 50) tokens.shift();
      auth = { token_type: 'default' };
      req = {
        id,
        operation: 'update',
        mount_type: l.mount,
        namespace: { id: 'root' },
        path: l.path,
        data: { jwt: hmac(rnd), role: hmac(rnd) },
        remote_address: ip,
      };
      response = { mount_type: l.mount, auth: { ...tok.auth } };
    } else if (r < 0.995) {
      const tok = pick(tokens);
      auth = tok.auth;
      const kv = rnd() < 0.7;
      const path = kv
        ? `secret/data/apps/${pick(['payments', 'backup', 'deploy'])}/${pick(['db', 'api-key', 'tls'])}`
        : 'pki/issue/internal-server';
      req = {
        id,
        operation: kv ? 'read' : 'update',
        mount_type: kv ? 'kv' : 'pki',
        client_token: tok.token,
        client_token_accessor: tok.accessor,
        namespace: { id: 'root' },
        path,
        remote_address: ip,
        headers: { 'user-agent': ['vault-agent/1.15.4'] },
      };
      if (rnd() < 0.05) error = 'permission denied';
      else
        response = kv
          ? {
              mount_type: 'kv',
              data: {
                data: { password: hmac(rnd), username: hmac(rnd) },
                metadata: { created_time: hmac(rnd), destroyed: false, version: 3 },
              },
            }
          : { mount_type: 'pki', data: { certificate: hmac(rnd), private_key: hmac(rnd), serial_number: hmac(rnd) } };
    } else {
      const tok = tokens[0];
      auth = tok.auth;
      req = {
        id,
        operation: 'delete',
        mount_type: 'system',
        client_token: tok.token,
        client_token_accessor: tok.accessor,
        namespace: { id: 'root' },
        path: 'sys/audit/file',
        remote_address: ip,
      };
      response = { mount_type: 'system' };
    }
    const reqLine = { time: time(t), type: 'request', auth, request: req, ...(error ? { error } : {}) };
    const respLine = {
      time: time(t + 3),
      type: 'response',
      auth,
      request: req,
      response: response ?? { mount_type: req.mount_type, data: { error: hmac(rnd) } },
      ...(error ? { error: `1 error occurred:\n\t* ${error}\n\n` } : {}),
    };
    out.push(JSON.stringify(reqLine));
    held.push(JSON.stringify(respLine));
    while (held.length > 4 || (held.length > 0 && rnd() < 0.6)) out.push(held.shift()!);
  }
  out.push(...held);
  return out.slice(0, n);
}
