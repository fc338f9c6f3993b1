// One measured import, in a fresh process: the same engine the CLI runs (import worker + parse worker).
// Prints one JSON line: {ms, events, records, rejected, derived, maxRssMB, firstRowsMs, loadavg}.
// firstRowsMs: when a second, read-only connection (what the UI's server holds) first sees an event row — the
// import runs on its worker thread, so this thread is free to poll.
import Database from 'better-sqlite3';
import os from 'node:os';
import { createCase } from '../dist/core/casefile/open.js';
import { startImport } from '../dist/core/evidence/import-job.js';

const [casePath, ...paths] = process.argv.slice(2);
createCase(casePath, { name: 'bench' }).close();
const reader = new Database(casePath, { readonly: true, fileMustExist: true });
const anyRow = reader.prepare('SELECT 1 FROM event_rows LIMIT 1').pluck();
let firstRowsMs = null;
const t0 = performance.now();
const poll = setInterval(() => {
  if (firstRowsMs === null && anyRow.get() !== undefined) firstRowsMs = performance.now() - t0;
}, 25);
const s = await startImport({ casePath, paths, analyst: 'bench', noDerive: process.env.BENCH_NO_DERIVE === '1' });
const ms = performance.now() - t0;
clearInterval(poll);
reader.close();
const sum = (k) => s.evidence.reduce((a, e) => a + e[k], 0);
process.stdout.write(
  JSON.stringify({
    ms,
    events: sum('events'),
    records: sum('records'),
    rejected: sum('rejected'),
    derived: s.derived,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    firstRowsMs,
    loadavg: os.loadavg()[0],
  }) + '\n',
);
