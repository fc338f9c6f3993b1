// Import benchmark (issue 2): realistic CloudTrail, as JSON lines and as S3 delivery files ({"Records":[…]},
// gzip, 1,000 records each); reports events/s, MB/s, peak RSS and case size relative to the input, then
// full-text search latency on the case.
//
//   node bench/import.mjs [--events 200000] [--skip-s3]
import { execFileSync } from 'node:child_process';
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

function measure(label, inputDir) {
  const casePath = path.join(out, `${label}.sscase`);
  for (const s of ['', '-wal', '-shm']) rmSync(casePath + s, { force: true });
  const inBytes = dirBytes(inputDir);
  // Relative to the uncompressed input too, for gzip'd delivery files.
  const rawBytes = readdirSync(inputDir).reduce(
    (a, f) =>
      a +
      (f.endsWith('.gz')
        ? gunzipSync(readFileSync(path.join(inputDir, f))).length
        : statSync(path.join(inputDir, f)).size),
    0,
  );
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
  const row = {
    input: label,
    events: r.events,
    import_seconds: +(importMs / 1000).toFixed(2),
    events_per_s: Math.round(r.events / (importMs / 1000)),
    MB_per_s: +(inBytes / 1e6 / (importMs / 1000)).toFixed(1),
    peak_rss_MB: Math.round(r.maxRssMB),
    input_MB: +(inBytes / 1e6).toFixed(1),
    case_MB: +(caseBytes / 1e6).toFixed(1),
    case_vs_input: +(caseBytes / inBytes).toFixed(2),
    case_vs_uncompressed_input: +(caseBytes / rawBytes).toFixed(2),
    derive_seconds: +((r.derived?.ms ?? 0) / 1000).toFixed(2),
  };
  console.log(JSON.stringify(row));
  return { casePath, row };
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
const results = [measure('cloudtrail-jsonl', jsonl)];
if (!args.includes('--skip-s3')) {
  if (!existsSync(s3)) await toS3Delivery(jsonl, s3);
  results.push(measure('cloudtrail-s3-delivery-gz', s3));
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
