// `npm run bench`: every benchmark, one after another, each printing JSON lines of what it measured.
//   import     CloudTrail import, end to end (issue 2), and search latency on the case
//   importers  each importer's rate on its generator's records (issue 3)
//   derive     derivation vs import time and query latencies on a ~1M-event multi-source case (issue 4)
//   report     20 findings citing 2,000 events to PDF (issue 6)
//   ui         browser-mode timings on a 1M-event case (issue 5)
// `npm run bench -- import importers` runs only those; extra flags after `--` go to every benchmark.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = {
  import: ['bench/import.mjs'],
  importers: ['bench/importers.mjs'],
  derive: ['bench/derive.mjs'],
  report: ['bench/report.mjs'],
  ui: ['bench/ui.mjs'],
};
const args = process.argv.slice(2);
const names = args.filter((a) => a in ALL);
const flags = args.filter((a) => !(a in ALL));
if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
}
let failed = 0;
for (const name of names.length ? names : Object.keys(ALL)) {
  const [script] = ALL[name];
  if (!existsSync(path.join(root, script))) continue;
  const extra = [];
  if (name === 'ui' && !flags.some((f) => f.endsWith('.sscase'))) {
    // The UI benchmark runs on the largest case the import benchmark built (1M events with `--events 1000000`).
    const big = ['import-1000000', 'import-200000']
      .map((d) => path.join(root, 'bench', 'out', d, 'cloudtrail-jsonl.sscase'))
      .find((f) => existsSync(f));
    if (!big) {
      console.log('\n== bench ui: skipped (run `npm run bench -- import --events 1000000` first to build its case)');
      continue;
    }
    extra.push(big);
  }
  console.log(`\n== bench ${name}`);
  const r = spawnSync(process.execPath, [path.join(root, script), ...flags, ...extra], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
