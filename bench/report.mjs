#!/usr/bin/env node
// Report benchmark (issue 6): a case with 20 findings citing 2,000 events in all (100 each, tagged, some with
// notes) out of a larger CloudTrail case; times the whole report (model and HTML on the worker thread, two
// Chromium print passes for the page-numbered contents) and reports seconds, pages and sizes.
// Needs the build (`npm run build`) and a Chromium (SESSIONSCOPE_CHROMIUM, or /usr/bin/chromium).
//
//   node bench/report.mjs [--findings 20] [--per 100] [--events 20000] [--paper A4]
import { mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const FINDINGS = Number(opt('findings', '20'));
const PER = Number(opt('per', '100'));
const EVENTS = Number(opt('events', '20000'));
const PAPER = opt('paper', 'A4');
const dist = (p) => pathToFileURL(path.join(root, opt('dist', 'dist'), p)).href;

const { createCase } = await import(dist('core/casefile/open.js'));
const { runImport } = await import(dist('core/evidence/import-job.js'));
const { call } = await import(dist('core/api/dispatch.js'));

const out = path.join(root, 'bench', 'out', 'report');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// CloudTrail lines: 20 role sessions, reads and writes on S3 and Secrets Manager, a failure now and then, and a
// user agent carrying markup (it must come out as text).
const ACCOUNT = '111122223333';
const start = Date.parse('2026-03-10T00:00:00Z');
const lines = [];
for (let i = 0; i < EVENTS; i++) {
  const r = i % 20;
  const t = new Date(start + i * 4_000 + (i % 7) * 13).toISOString();
  const name = ['GetObject', 'PutObject', 'GetSecretValue', 'ListBuckets', 'DeleteObject'][i % 5];
  const source = name === 'GetSecretValue' ? 'secretsmanager.amazonaws.com' : 's3.amazonaws.com';
  lines.push(
    JSON.stringify({
      eventVersion: '1.08',
      eventTime: t,
      eventSource: source,
      eventName: name,
      awsRegion: 'eu-west-1',
      sourceIPAddress: `10.0.${r}.${i % 250}`,
      userAgent: i % 97 === 0 ? '<img src=x onerror=alert(1)>' : 'aws-sdk-go-v2/1.30',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/svc-${r}/run-${r}`,
        accountId: ACCOUNT,
        accessKeyId: `ASIABENCH${String(r).padStart(8, '0')}`,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/svc-${r}`, userName: `svc-${r}` },
        },
      },
      requestParameters:
        source === 's3.amazonaws.com'
          ? { bucketName: `data-${r % 5}`, key: `obj/${i}.parquet` }
          : { secretId: `prod/db-${r % 3}` },
      ...(i % 53 === 0 ? { errorCode: 'AccessDenied', errorMessage: 'denied' } : {}),
      eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      readOnly: name !== 'PutObject',
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT,
    }),
  );
}
const trail = path.join(out, 'trail.jsonl');
writeFileSync(trail, lines.join('\n') + '\n');

const handle = createCase(path.join(out, 'bench.sscase'), { name: 'Report benchmark', analyst: 'bench' });
const ctx = { caseFile: handle, analyst: 'bench', emit: () => {}, setCase: () => {}, allowedRoots: null };
let t0 = Date.now();
await runImport(handle.db, { casePath: handle.path, paths: [trail], analyst: 'bench' });
const importMs = Date.now() - t0;

// Finding k cites PER consecutive events of role svc-k (spread across the day).
const ids = handle.db.prepare('SELECT id, principal FROM events ORDER BY id').all();
const byRole = new Map();
for (const e of ids) {
  const k = /svc-(\d+)/.exec(e.principal)?.[1];
  if (!byRole.has(k)) byRole.set(k, []);
  byRole.get(k).push(e.id);
}
t0 = Date.now();
for (let f = 0; f < FINDINGS; f++) {
  const pool = byRole.get(String(f % 20));
  const cited = pool.slice(0, PER);
  const r = await call(ctx, 'annotations.add', {
    targets: cited.map((id) => ({ kind: 'event', id })),
    layer: 'findings',
    tags: [`finding-${f + 1}`, f % 2 ? 'exfiltration' : 'persistence'],
    finding: {
      title: `Finding ${f + 1}: role svc-${f % 20} read data outside its pattern`,
      severity: ['critical', 'high', 'medium', 'low'][f % 4],
      refs: ['NHI5', 'DE.AE-02'],
      body: `Role **svc-${f % 20}** made ${PER} calls that its baseline does not explain.\n\n- first seen from 10.0.${f % 20}.x\n- see the cited events`,
    },
  });
  await call(ctx, 'annotations.add', {
    targets: cited.slice(0, 5).map((id) => ({ kind: 'event', id })),
    layer: 'findings',
    note: `Checked with the owner of svc-${f % 20}: not expected.`,
  });
  await call(ctx, 'narrative.add', { kind: 'finding', finding_id: r.finding });
}
const annotateMs = Date.now() - t0;
handle.close();

const { openCase } = await import(dist('core/casefile/open.js'));
const h2 = openCase(path.join(out, 'bench.sscase'));
const ctx2 = { ...ctx, caseFile: h2 };
const phases = [];
ctx2.emit = (ev, d) => {
  if (ev === 'report.progress' && d.phase !== phases.at(-1)?.phase) phases.push({ phase: d.phase, at: Date.now() });
};
t0 = Date.now();
const rep = await call(ctx2, 'report.generate', {
  pdf: path.join(out, 'report.pdf'),
  html: path.join(out, 'report.html'),
  paper: PAPER,
  tz: 'Europe/Berlin',
});
const ms = Date.now() - t0;
h2.close();
const split = phases
  .map((p, i) => `${p.phase} ${(((phases[i + 1]?.at ?? t0 + ms) - p.at) / 1000).toFixed(1)} s`)
  .join(', ');
console.log(
  `report benchmark: ${FINDINGS} findings, ${rep.cited_events.toLocaleString('en-US')} cited events, case of ${EVENTS.toLocaleString('en-US')} events`,
);
console.log(`  import ${(importMs / 1000).toFixed(1)} s, annotate ${(annotateMs / 1000).toFixed(1)} s`);
console.log(
  `  report ${(ms / 1000).toFixed(1)} s (${split}) → ${rep.pages} pages, PDF ${(statSync(rep.pdf).size / 1e6).toFixed(1)} MB, HTML ${(statSync(rep.html).size / 1e6).toFixed(1)} MB`,
);
console.log(`  budget 30 s: ${ms <= 30_000 ? 'met' : 'MISSED'}`);
console.log(`  files: ${rep.pdf}, ${rep.html}`);
