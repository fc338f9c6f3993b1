// Read-path latency at scale (issue 16 §3): case open, and the list calls the workbench and the CLI make —
// identities and sessions pages, deviations, coverage, the overview graph — each through the API (validation,
// handler), on a case opened as a reader (read-only: the case is never written).
//
//   node bench/lists.mjs CASE.sscase [--dist DIR] [--runs 3] [--only name,name]
//
// The first run of each call is cold for that call (its statements, and whatever of the file it reads first); the
// OS file cache is whatever earlier work left. Wall time and this process's CPU time are printed; on a shared
// machine compare before/after builds (--dist) in the same minute.
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const casePath = args.find((a) => a.endsWith('.sscase'));
if (!casePath) {
  console.error('usage: node bench/lists.mjs CASE.sscase [--dist DIR] [--runs 3] [--only name,name]');
  process.exit(2);
}
const dist = path.resolve(opt('dist', path.join(root, 'dist')));
const runs = Number(opt('runs', '3'));
const only = opt('only', null)?.split(',');
const mod = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { createApiContext, closeContext } = await mod('core/api/context.js');
const { invoke } = await mod('core/api/dispatch.js');

const cpu = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
function timed(fn) {
  const t = performance.now();
  const c = cpu();
  const r = fn();
  return { ms: performance.now() - t, cpu: cpu() - c, r };
}
async function timedAsync(fn) {
  const t = performance.now();
  const c = cpu();
  const r = await fn();
  return { ms: performance.now() - t, cpu: cpu() - c, r };
}

const open = timed(() => createApiContext({ casePath, open: { reader: true } }));
const ctx = open.r;
console.log(`open (reader) ${open.ms.toFixed(0)} ms wall, ${open.cpu.toFixed(0)} ms cpu`);

const size = (r) =>
  r?.items
    ? `${r.items.length}/${r.total}`
    : Array.isArray(r)
      ? r.length
      : r?.nodes
        ? `${r.nodes.length}n ${r.edges.length}e`
        : r?.identities
          ? `${r.identities.length}i ${r.sources.length}s ${r.tamper.length}t`
          : r?.deviations
            ? `${r.deviations.length}`
            : '';
const calls = [
  ['identities.page', {}],
  ['identities.page+2', 'next:identities.page'],
  ['identities.page nhi', ['identities.page', { nhi: true }]],
  ['identities.list', {}],
  ['identities.list names', ['identities.list', { aliases: 0 }]],
  ['sessions.page', {}],
  ['sessions.list', { limit: 1000 }],
  ['deviations.list', {}],
  ['coverage.list', {}],
  ['graph.overview', {}],
];
let next = null;
for (const [label, p] of calls) {
  if (only && !only.some((o) => label.startsWith(o))) continue;
  const times = [];
  let info = '';
  for (let i = 0; i < runs; i++) {
    let name = label;
    let params = p;
    if (Array.isArray(p)) [name, params] = p;
    if (typeof p === 'string') {
      name = p.slice(5);
      params = next ? { cursor: next } : {};
    }
    const t = await timedAsync(() => invoke(ctx, name, params));
    if (name === 'identities.page' && !next) next = t.r.next;
    times.push(`${t.ms.toFixed(0)}/${t.cpu.toFixed(0)}`);
    info = size(t.r);
  }
  console.log(`${label.padEnd(22)} wall/cpu ms: ${times.join('  ')}  (${info})`);
}
closeContext(ctx);
