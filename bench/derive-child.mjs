// One measured derivation (or the query latencies), in a fresh process, on the built engine (dist/).
//   node bench/derive-child.mjs CASE             → {first, again, rssMB}: deriveAll, then again with nothing changed
//   node bench/derive-child.mjs CASE --queries   → cold (first call) and warm (median of 5) API method latencies
import { openCase } from '../dist/core/casefile/open.js';
import { deriveAll } from '../dist/core/derive/index.js';
import { call } from '../dist/core/api/dispatch.js';

const [casePath, mode] = process.argv.slice(2);
const tOpen = performance.now();
const handle = openCase(casePath);
const openMs = performance.now() - tOpen;
const db = handle.db;

if (mode !== '--queries') {
  const first = deriveAll(db);
  const again = deriveAll(db);
  handle.close();
  process.stdout.write(
    JSON.stringify({ first, again, rssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
  );
  process.exit(0);
}

const ctx = { caseFile: handle, analyst: 'bench', emit() {}, setCase() {}, allowedRoots: null };
const time = async (method, params) => {
  const t0 = performance.now();
  const r = await call(ctx, method, params);
  return [performance.now() - t0, r];
};
const measure = async (method, params) => {
  const [cold, r] = await time(method, params);
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push((await time(method, params))[0]);
  warm.sort((a, b) => a - b);
  return {
    cold: +cold.toFixed(1),
    warm: +warm[2].toFixed(1),
    size: Array.isArray(r) ? r.length : (r.items?.length ?? r.identities?.length ?? r.deviations?.length ?? null),
  };
};
const one = (sql) => db.prepare(sql).pluck().get();
const busiest = one("SELECT name FROM identities WHERE live = 1 AND kind = 'role' ORDER BY events DESC LIMIT 1");
const workload = one(
  "SELECT i.name FROM identities i JOIN identity_edges e ON e.src = i.id WHERE i.live = 1 AND i.kind = 'workload' GROUP BY i.id ORDER BY sum(e.events) DESC LIMIT 1",
);
const issuer = one(
  'SELECT i.name FROM identities i JOIN identity_edges e ON e.src = i.id WHERE i.live = 1 GROUP BY i.id ORDER BY sum(e.events) DESC LIMIT 1',
);
const start = one('SELECT min(first_ts) FROM identities');
const since = new Date(Math.floor(start / 1000) + 10 * 86400_000).toISOString();
const out = {
  'identities.list': await measure('identities.list', {}),
  'identities.list (cli --json: all aliases)': await measure('identities.list', { aliases: -1 }),
  'sessions.list (first 1000)': await measure('sessions.list', {}),
  [`sessions.list --identity ${busiest.split('/').pop()}`]: await measure('sessions.list', {
    identity: busiest,
    limit: 100000,
  }),
  [`scope.run ${busiest.split('/').pop()}`]: await measure('scope.run', { identity: busiest }),
  [`scope.run ${workload} (CI workload → roles → chained roles → minted key)`]: await measure('scope.run', {
    identity: workload,
  }),
  [`scope.run ${issuer} --since +10d (issues most credentials)`]: await measure('scope.run', {
    identity: issuer,
    since,
  }),
  [`events.list --identity ${busiest.split('/').pop()} (1000 rows)`]: await measure('events.list', {
    filter: { identity: busiest },
    limit: 1000,
  }),
  'deviations.list': await measure('deviations.list', {}),
  'coverage.list': await measure('coverage.list', {}),
  'graph.overview': await measure('graph.overview', {}),
  'identities.page (first 500)': await measure('identities.page', {}),
  'sessions.page (first 500)': await measure('sessions.page', {}),
};
// A page deep in the list costs what the first does (keyset): the 20th page of sessions.
{
  let cursor;
  for (let i = 0; i < 19; i++) cursor = (await call(ctx, 'sessions.page', { cursor, limit: 500 })).next ?? cursor;
  out['sessions.page (20th page of 500)'] = await measure('sessions.page', { cursor, limit: 500 });
}
// Search to the first 100 rows, in-process (free text, FTS5-driven, and a field filter).
for (const q of ['AccessDenied', 'GetSecretValue', 'action:s3:Get*', 'ua:*curl*'])
  out[`events.list --search ${q} (100 rows)`] = await measure('events.list', { filter: { search: q }, limit: 100 });
out['case open (ms)'] = +openMs.toFixed(1);
handle.close();
process.stdout.write(JSON.stringify(out) + '\n');
