// Realistic PostgreSQL stderr log lines (pgbadger-style prefix `%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h`, with
// log_connections / log_disconnections / log_statement=all): service accounts and people connecting, statements
// (some spanning tab-indented continuation lines), errors with their DETAIL / STATEMENT lines. `n` lines.

import { prng } from '../../bench/lib/random.js';

const ROLES: [string, string, string][] = [
  ['svc_orders', 'orders', 'orders-api'],
  ['svc_reporting', 'warehouse', 'metabase'],
  ['alice', 'orders', 'psql'],
  ['replicator', 'postgres', 'walreceiver'],
  ['svc_backup', 'orders', 'pg_dump'],
];
const STATEMENTS = [
  ['SELECT id, email FROM customers WHERE id = 1042;'],
  ["UPDATE orders SET status = 'shipped' WHERE id = 77;"],
  ["INSERT INTO audit_events (kind, payload) VALUES ('login', '{}');"],
  [
    'SELECT c.id, c.email, sum(o.total)',
    '\tFROM customers c',
    '\tJOIN orders o ON o.customer_id = c.id',
    '\tGROUP BY c.id, c.email;',
  ],
  ['COPY (SELECT * FROM customers) TO STDOUT;'],
  ['BEGIN;'],
  ['COMMIT;'],
];

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23) + ' UTC';
}

export function generate(n: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  let t = Date.UTC(2026, 2, 10, 8, 0, 0);
  let pid = 20000,
    line = 0;
  let role = pick(ROLES);
  let client = '10.0.4.12';
  while (out.length < n) {
    t += Math.floor(r() * 300);
    const k = r();
    if (k < 0.04 || line === 0) {
      pid++;
      line = 1;
      role = pick(ROLES);
      client = `10.0.${Math.floor(r() * 8)}.${Math.floor(r() * 250)}`;
      out.push(
        `${stamp(t)} [${pid}]: [${line++}-1] user=[unknown],db=[unknown],app=[unknown],client=${client} LOG:  connection received: host=${client} port=${40000 + Math.floor(r() * 20000)}`,
      );
      out.push(
        `${stamp(t + 2)} [${pid}]: [${line++}-1] user=${role[0]},db=${role[1]},app=[unknown],client=${client} LOG:  connection authorized: user=${role[0]} database=${role[1]} application_name=${role[2]}`,
      );
      continue;
    }
    const prefix = `${stamp(t)} [${pid}]: [${line++}-1] user=${role[0]},db=${role[1]},app=${role[2]},client=${client}`;
    if (k < 0.08) {
      out.push(`${prefix} ERROR:  permission denied for table payroll`);
      out.push(`${prefix} STATEMENT:  SELECT * FROM payroll;`);
    } else if (k < 0.1) {
      out.push(
        `${prefix} LOG:  disconnection: session time: 0:00:${String(Math.floor(r() * 60)).padStart(2, '0')}.${Math.floor(r() * 999)} user=${role[0]} database=${role[1]} host=${client} port=5432`,
      );
      line = 0;
    } else {
      const st = pick(STATEMENTS);
      out.push(`${prefix} LOG:  duration: ${(r() * 20).toFixed(3)} ms  statement: ${st[0]}`);
      for (const c of st.slice(1)) out.push(c);
    }
  }
  return out.slice(0, n);
}
