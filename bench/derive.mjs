#!/usr/bin/env node
// Derivation benchmark (issue 4): builds a ~1M-event multi-identity, multi-source case (CloudTrail with the
// session structure of a real fleet from gen-nhi-cloudtrail.mjs, plus k8s audit, Vault, Okta, GitHub, Entra
// sign-in, Teleport and OTel from their importers/<id>/generator.ts), imports it without derivation, then derives
// in a fresh process and reports derivation time against import time, and the latency of identities / sessions /
// scope on the derived case.
//
//   node scripts/build.mjs node && node bench/derive.mjs [--events 1000000] [--reuse]
//
// --reuse keeps an already imported case in bench/out/derive-N and only re-derives and measures.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const N = Number(opt('events', '1000000'));
const out = path.join(root, 'bench', 'out', `derive-${N}`);
const data = path.join(out, 'data');
const casePath = path.join(out, 'case.sscase');

if (!existsSync(path.join(root, 'dist', 'core', 'derive', 'index.js'))) {
  console.error('bench/derive: build first: node scripts/build.mjs node');
  process.exit(1);
}

// Share of the events per source; CloudTrail carries the bulk, as in most cloud cases.
const OTHER = [
  ['k8s-audit', 0.05],
  ['vault-audit', 0.03],
  ['okta', 0.02],
  ['github-audit', 0.02],
  ['entra-signin', 0.01],
  ['teleport', 0.01],
  ['otel', 0.003],
];

let imported = null;
if (!args.includes('--reuse') || !existsSync(casePath)) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const t0 = Date.now();
  const ctN = Math.round(N * (1 - OTHER.reduce((a, [, s]) => a + s, 0)));
  execFileSync(
    process.execPath,
    [
      path.join(root, 'bench', 'gen-nhi-cloudtrail.mjs'),
      '--events',
      String(ctN),
      '--out',
      path.join(data, 'cloudtrail'),
      '--files',
      '4',
    ],
    { stdio: 'inherit' },
  );
  for (const [format, share] of OTHER) {
    const gen = await import(pathToFileURL(path.join(root, 'dist', 'importers', format, 'generator.js')).href);
    // Generators take a count of records (otel: of spans).
    const n = Math.max(100, Math.round(N * share));
    // Written in slices: at 10M events one source's records joined would pass V8's longest string.
    const lines = gen.generate(n, 42);
    const fd = openSync(path.join(data, `${format}.jsonl`), 'w');
    for (let i = 0; i < lines.length; i += 10_000) writeSync(fd, lines.slice(i, i + 10_000).join('\n') + '\n');
    closeSync(fd);
  }
  console.error(`bench/derive: data generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const r = JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bench', 'import-child.mjs'), casePath, data], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, BENCH_NO_DERIVE: '1' },
    }),
  );
  imported = {
    events: r.events,
    records: r.records,
    rejected: r.rejected,
    import_s: +(r.ms / 1000).toFixed(1),
    import_rss_MB: Math.round(r.maxRssMB),
    first_rows_s: r.firstRowsMs === null ? null : +(r.firstRowsMs / 1000).toFixed(2),
    import_loadavg: r.loadavg,
  };
  console.error(`bench/derive: imported ${r.events} events in ${(r.ms / 1000).toFixed(1)} s`);
}

const d = JSON.parse(
  execFileSync(process.execPath, [path.join(root, 'bench', 'derive-child.mjs'), casePath], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }),
);
const q = JSON.parse(
  execFileSync(process.execPath, [path.join(root, 'bench', 'derive-child.mjs'), casePath, '--queries'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }),
);
const result = {
  ...(imported ?? {}),
  derive_s: +(d.first.ms / 1000).toFixed(1),
  derive_vs_import: imported ? +(d.first.ms / 1000 / imported.import_s).toFixed(3) : null,
  rederive_unchanged_s: +(d.again.ms / 1000).toFixed(1),
  derive_rss_MB: d.rssMB,
  identities: d.first.identities,
  sessions: d.first.sessions,
  events: d.first.events,
  latency_ms: q,
};
console.log(JSON.stringify(result, null, 2));
