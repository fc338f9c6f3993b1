// One measured import, in a fresh process: the same engine the CLI runs (import worker + parse worker).
// Prints one JSON line: {ms, events, records, rejected, maxRssMB}.
import { createCase } from '../dist/core/casefile/open.js';
import { startImport } from '../dist/core/evidence/import-job.js';

const [casePath, ...paths] = process.argv.slice(2);
createCase(casePath, { name: 'bench' }).close();
const t0 = performance.now();
const s = await startImport({ casePath, paths, analyst: 'bench', noDerive: process.env.BENCH_NO_DERIVE === '1' });
const ms = performance.now() - t0;
const sum = (k) => s.evidence.reduce((a, e) => a + e[k], 0);
process.stdout.write(
  JSON.stringify({
    ms,
    events: sum('events'),
    records: sum('records'),
    rejected: sum('rejected'),
    derived: s.derived,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
