// Synthetic application audit log (JSON lines with field names vendors commonly use: `timestamp`, `user`,
// `operation`, `resource`, `source_ip`, `status`, `session_id`) for the importer bench: service accounts exporting
// and reading records through an API, people signing in (some failing), admin changes. Read with guessed fields,
// no mapping. `n` records.

import { prng } from '../../bench/lib/random.js';

const SERVICES = ['svc-export@acme.io', 'svc-sync@acme.io', 'reporting-bot'];
const PEOPLE = ['alice@acme.io', 'bob@acme.io'];
const ACTIONS = ['record.read', 'record.list', 'record.update', 'export.start', 'export.download', 'record.delete'];
const AGENTS = ['acme-sdk/4.2.0 python/3.12', 'curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0'];

export function generate(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const session = () => Math.floor(rnd() * 0xffffffff).toString(16);
  const sessions = new Map<string, string>();
  const out: string[] = [];
  let t = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 5000);
    const human = rnd() < 0.15;
    const user = human ? pick(PEOPLE) : pick(SERVICES);
    let action: string;
    let status = 'success';
    if (human && rnd() < 0.3) {
      action = 'user.login';
      if (rnd() < 0.25) status = 'denied';
      else sessions.set(user, session());
    } else if (human && rnd() < 0.1) action = pick(['role.grant', 'apikey.create', 'audit.disable']);
    else action = pick(ACTIONS);
    if (status === 'success' && rnd() < 0.02) status = '403';
    let sid = sessions.get(user);
    if (!sid) sessions.set(user, (sid = session()));
    out.push(
      JSON.stringify({
        timestamp: new Date(t).toISOString(),
        user,
        operation: action,
        resource: `acme:${action.split('.')[0]}/${Math.floor(rnd() * 2000)}`,
        source_ip: human
          ? `203.0.113.${Math.floor(rnd() * 50)}`
          : `10.0.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)}`,
        status,
        session_id: sid,
        user_agent: human ? AGENTS[2] : pick(AGENTS.slice(0, 2)),
        request_id: `req-${i.toString(36)}`,
      }),
    );
  }
  return out;
}
