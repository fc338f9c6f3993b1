// Import benchmark (issues 2 and 16): realistic CloudTrail, as JSON lines and as S3 delivery files
// ({"Records":[…]}, gzip, 1,000 records each), each imported twice — on a quiet machine and with a CPU burner
// pinned to the last core (a busy-loop child started and stopped here: an analyst's laptop is never idle) — and
// loaded by DuckDB (`read_json` into a table of an on-disk database) in the same condition, right after. Reports
// events/s, time to the first rows a reader sees, peak RSS, case size relative to the input, the load average
// around each run, and the ratio to DuckDB's time; then full-text search latency on the case.
//
//   node bench/import.mjs [--events 200000] [--skip-s3] [--quiet-only | --busy-only] [--no-duckdb]
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { createGzip, gunzipSync } from 'node:zlib';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const N = Number(opt('events', '200000'));
const out = path.join(root, 'bench', 'out', `import-${N}`);
const jsonl = path.join(out, 'jsonl');
const s3 = path.join(out, 's3');

function dirBytes(d) {
  return readdirSync(d).reduce((a, f) => a + statSync(path.join(d, f)).size, 0);
}

async function toS3Delivery(srcDir, dstDir) {
  mkdirSync(dstDir, { recursive: true });
  let file = 0,
    n = 0,
    gz = null;
  const open = () => {
    gz = createGzip();
    gz.pipe(
      createWriteStream(
        path.join(dstDir, `111122223333_CloudTrail_us-east-1_${String(file++).padStart(5, '0')}.json.gz`),
      ),
    );
    gz.write('{"Records":[');
    n = 0;
  };
  const close = async () => {
    gz.end(']}');
    await once(gz, 'end').catch(() => {});
  };
  for (const f of readdirSync(srcDir).sort()) {
    const rl = createInterface({ input: createReadStream(path.join(srcDir, f)) });
    for await (const line of rl) {
      if (!gz || n === 1000) {
        if (gz) await close();
        open();
      }
      if (!gz.write((n ? ',' : '') + line)) await once(gz, 'drain');
      n++;
    }
  }
  if (gz) await close();
}

const load = () => +os.loadavg()[0].toFixed(1);

/**
 * A busy loop on the last core, as a browser tab or a VPN client keeps one busy on an analyst's laptop. Pinned with
 * taskset where it exists, so it takes one core and leaves the other; unpinned otherwise (said in the output).
 */
async function startBurner() {
  const core = String(os.cpus().length - 1);
  const loop = [process.execPath, '-e', 'for (;;) {}'];
  let pinned = true;
  let child;
  try {
    execFileSync('taskset', ['-c', core, 'true']);
    child = spawn('taskset', ['-c', core, ...loop], { stdio: 'ignore' });
  } catch {
    pinned = false;
    child = spawn(loop[0], loop.slice(1), { stdio: 'ignore' });
  }
  await new Promise((r) => setTimeout(r, 300)); // running before the measured process starts
  return {
    pinned: pinned ? `cpu${core}` : 'unpinned (no taskset)',
    stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGKILL')))),
  };
}

function rawSize(inputDir) {
  return readdirSync(inputDir).reduce(
    (a, f) =>
      a +
      (f.endsWith('.gz')
        ? gunzipSync(readFileSync(path.join(inputDir, f))).length
        : statSync(path.join(inputDir, f)).size),
    0,
  );
}

function importOnce(label, inputDir, condition) {
  const casePath = path.join(out, `${label}.sscase`);
  for (const s of ['', '-wal', '-shm']) rmSync(casePath + s, { force: true });
  const inBytes = dirBytes(inputDir);
  const before = load();
  const r = JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bench', 'import-child.mjs'), casePath, inputDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    }),
  );
  execFileSync(
    process.execPath,
    [
      '-e',
      `const D=require('better-sqlite3');const d=new D(${JSON.stringify(casePath)});d.pragma('wal_checkpoint(TRUNCATE)');d.close()`,
    ],
    { cwd: root },
  );
  const caseBytes = statSync(casePath).size;
  // The import proper (read, parse, normalize, hash, store, index for search); derivation follows it and is
  // reported on its own (its budget is a share of the import time: bench/derive.mjs).
  const importMs = r.ms - (r.derived?.ms ?? 0);
  return {
    casePath,
    row: {
      input: label,
      condition,
      events: r.events,
      import_seconds: +(importMs / 1000).toFixed(2),
      events_per_s: Math.round(r.events / (importMs / 1000)),
      MB_per_s: +(inBytes / 1e6 / (importMs / 1000)).toFixed(1),
      first_rows_seconds: r.firstRowsMs === null ? null : +(r.firstRowsMs / 1000).toFixed(2),
      peak_rss_MB: Math.round(r.maxRssMB),
      input_MB: +(inBytes / 1e6).toFixed(1),
      case_MB: +(caseBytes / 1e6).toFixed(1),
      case_vs_input: +(caseBytes / inBytes).toFixed(2),
      case_vs_uncompressed_input: +(caseBytes / rawSize(inputDir)).toFixed(2),
      derive_seconds: +((r.derived?.ms ?? 0) / 1000).toFixed(2),
      loadavg: [before, load()],
    },
  };
}

function duckdbOnce(inputDir) {
  const before = load();
  const r = JSON.parse(
    execFileSync(
      process.execPath,
      [path.join(root, 'bench', 'duckdb-child.mjs'), path.join(out, 'duckdb.db'), inputDir],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    ),
  );
  rmSync(path.join(out, 'duckdb.db'), { force: true });
  return {
    seconds: +(r.ms / 1000).toFixed(2),
    rows: r.rows,
    peak_rss_MB: Math.round(r.maxRssMB),
    loadavg: [before, load()],
  };
}

/** Our import then DuckDB's load of the same files, in one condition; one line with both and the ratio. */
async function measure(label, inputDir, condition) {
  const burner = condition === 'busy' ? await startBurner() : null;
  try {
    const ours = importOnce(label, inputDir, condition);
    const row = { ...ours.row };
    if (burner) row.burner = burner.pinned;
    if (!args.includes('--no-duckdb')) {
      const duck = duckdbOnce(inputDir);
      row.duckdb = duck;
      // ≤ 1.0: the import, search index included, takes no longer than DuckDB's load of the same file.
      row.ratio_to_duckdb = +(row.import_seconds / duck.seconds).toFixed(2);
    }
    console.log(JSON.stringify(row));
    return { casePath: ours.casePath, row };
  } finally {
    await burner?.stop();
  }
}

async function searchLatency(casePath) {
  const { openCase } = await import('../dist/core/casefile/open.js');
  const { queryEvents, countEvents } = await import('../dist/core/query/events.js');
  const h = openCase(casePath);
  const results = [];
  for (const q of [
    'AccessDenied',
    'corp-data-21',
    '10.6.42.78',
    's3:GetObject',
    '"Access Denied"',
    'arn:aws:iam::111122223333:role/ci-deployer',
    'StopLogging',
    'DeleteBucket OR PutBucketPolicy',
  ]) {
    const times = [];
    let rows = 0;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      rows = queryEvents(h.db, { search: q }, { limit: 100 }).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push({
      query: q,
      first_100_rows_ms: +times[3].toFixed(1),
      matches: countEvents(h.db, { search: q }),
      rows,
    });
  }
  h.close();
  return results;
}

mkdirSync(out, { recursive: true });
if (!existsSync(jsonl)) {
  execFileSync(
    process.execPath,
    [path.join(root, 'bench', 'gen-cloudtrail.mjs'), '--events', String(N), '--out', jsonl, '--files', '1'],
    { stdio: 'inherit' },
  );
}
const conditions = args.includes('--busy-only')
  ? ['busy']
  : args.includes('--quiet-only')
    ? ['quiet']
    : ['quiet', 'busy'];
const inputs = [['cloudtrail-jsonl', jsonl]];
if (!args.includes('--skip-s3')) {
  if (!existsSync(s3)) await toS3Delivery(jsonl, s3);
  inputs.push(['cloudtrail-s3-delivery-gz', s3]);
}
const results = [];
for (const [label, dir] of inputs) {
  const byCondition = {};
  for (const c of conditions) byCondition[c] = (await measure(label, dir, c)).row;
  if (byCondition.quiet && byCondition.busy)
    console.log(
      JSON.stringify({
        input: label,
        // ≤ 2: a busy second core never makes the import more than twice as slow.
        busy_vs_quiet: +(byCondition.busy.import_seconds / byCondition.quiet.import_seconds).toFixed(2),
      }),
    );
  results.push({ casePath: path.join(out, `${label}.sscase`), row: byCondition[conditions.at(-1)] });
}
const search = await searchLatency(results[0].casePath);
for (const s of search)
  console.log(
    JSON.stringify({ search: s.query, ms: s.first_100_rows_ms, matches: s.matches, events: results[0].row.events }),
  );
// The same through the CLI, as a user runs it: process start, case open, query, JSON out.
for (const q of ['AccessDenied', '10.6.42.78']) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    execFileSync(
      process.execPath,
      [
        path.join(root, 'bin', 'sessionscope'),
        'events',
        results[0].casePath,
        '--search',
        q,
        '--limit',
        '100',
        '--json',
      ],
      { maxBuffer: 1 << 26 },
    );
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ cli_search: q, wall_ms: Math.round(times[1]), events: results[0].row.events }));
}
