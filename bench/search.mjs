// Grid search latency (issue 11: p95 ≤ 300 ms on 1M events): what the grid asks for a new search — the count
// and the first page of 200 rows — in-process, on a fresh connection per query (no statement, page or match
// cache carried over from the previous run of the same query; the OS file cache stays warm, as in a session).
// Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure.
//
//   node bench/search.mjs CASE.sscase [--dist DIR] [--runs 5] [--only free|fields|columns]
//
// --dist runs another build (e.g. a checkout of main built to /tmp/main/dist) for before/after figures in the same
// minute. Queries the old grammar cannot express are still run and their hit counts printed, so a 0 shows.
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { GRID_FREE_TEXT } from './lib/grid-queries.mjs';
import { caseArgs } from './lib/case-args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { casePath, opt } = caseArgs(
  'node bench/search.mjs CASE.sscase [--dist DIR] [--runs 5] [--only free|fields|columns]',
);
const dist = path.resolve(opt('dist', path.join(root, 'dist')));
const runs = Number(opt('runs', '5'));
const only = opt('only', null);

const { openCase } = await import(pathToFileURL(path.join(dist, 'core', 'casefile', 'open.js')).href);
const { queryEvents, countEvents } = await import(pathToFileURL(path.join(dist, 'core', 'query', 'events.js')).href);

// The UI benchmark's free-text searches (bench/ui.mjs), then field filters of the new grammar.
const FREE = GRID_FREE_TEXT;
const FIELDS = [
  'action:s3:Get*',
  'action:*GetSecretValue',
  'action:*StopLogging',
  'action:iam:Attach*',
  'ua:*curl*',
  'ua:aws-cli*',
  'resource:*corp-data-1*',
  'outcome:failure',
  '-outcome:success',
  'ip:10.0.0.0/8',
  'ip:203.0.113.*',
  'ip:198.51.100.0/24',
  'ip:10.16.0.0/12',
  'principal:*ci-deployer*',
  'category:delete',
  'flag:deviation',
  'GetSecretValue -outcome:success',
  '(StopLogging OR AttachRolePolicy) -ip:10.0.0.0/8',
  'after:2026-03-15 before:2026-03-16 action:kms:*',
  '-StopLogging',
];
// The grid's column filters (filter.columns: "contains" over one field), alone and under a search.
const COLUMNS = [
  { columns: { action: 'GetSecret' } },
  { columns: { src_ip: '10.6' } },
  { columns: { identity: 'ci-deployer' } },
  { columns: { outcome: 'fail' } },
  { search: 'action:s3:Get*', columns: { resource: 'corp-data-1' } },
  { search: 'GetSecretValue', columns: { src_ip: '203.0.113' } },
];
const asFilter = (q) => (typeof q === 'string' ? { search: q } : q);
const queries =
  only === 'free' ? FREE : only === 'fields' ? FIELDS : only === 'columns' ? COLUMNS : [...FREE, ...FIELDS, ...COLUMNS];

const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const all = [];
const allCpu = [];
for (const q of queries) {
  const times = [];
  const cpu = [];
  let hits = null;
  let error = null;
  for (let r = 0; r < runs; r++) {
    const h = openCase(casePath, { readonly: true });
    try {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      // The grid sends the count first, then the first page.
      const n = countEvents(h.db, asFilter(q));
      const rows = queryEvents(h.db, asFilter(q), { limit: 200 });
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      hits = n;
      if (rows.length > Math.min(200, n)) throw new Error('more rows than the count');
    } catch (e) {
      error = e.message.split('\n')[0];
      break;
    } finally {
      h.close();
    }
  }
  all.push(...times);
  allCpu.push(...cpu);
  console.log(
    JSON.stringify({
      q,
      hits,
      ...(error
        ? { error }
        : { p50: Math.round(pct(times, 50)), max: Math.round(Math.max(...times)), cpu50: Math.round(pct(cpu, 50)) }),
    }),
  );
}
console.log(
  JSON.stringify({ dist, queries: queries.length, runs, p50: Math.round(pct(all, 50)), p95: Math.round(pct(all, 95)) }),
);
