// `npm run demo`: the main job on the bundled sample — create a case from samples/ (a small multi-source
// incident written for this project), import it, print the summary and the identities it reveals, record the
// analyst's findings and print the annotated report (demo/sample-incident.pdf).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'sessionscope');
if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const outDir = path.join(root, 'demo');
mkdirSync(outDir, { recursive: true });
const casePath = path.join(outDir, 'sample-incident.sscase');
// The demo owns this file: start from a fresh case each run.
for (const s of ['', '-wal', '-shm']) rmSync(casePath + s, { force: true });

const run = (args, allow = [0]) => {
  console.log(
    `\n$ sessionscope ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : path.relative(process.cwd(), a) || a)).join(' ')}`,
  );
  const r = spawnSync(process.execPath, [bin, ...args], {
    stdio: 'inherit',
    env: { ...process.env, SESSIONSCOPE_ANALYST: process.env.SESSIONSCOPE_ANALYST ?? 'demo' },
  });
  if (!allow.includes(r.status ?? 1)) process.exit(r.status ?? 1);
  return r.status;
};

run(['new', casePath, '--name', 'Sample incident: CI deploy role abused', '--analyst', 'demo']);
run(['import', casePath, path.join(root, 'samples', 'evidence')], [0, 3]);
run(['info', casePath]);
const hasIdentities = spawnSync(process.execPath, [bin, 'identities', '--help'], { encoding: 'utf8' }).status === 0;
if (hasIdentities) run(['identities', casePath]);
run(['events', casePath, '--search', 'StopLogging OR CreateAccessKey', '--limit', '20']);

// What the analyst concluded (samples/README.md, "What an analyst should find"): the intended-behaviour profile,
// then findings citing their events, so the report below reads as a handed-over incident report.
run(['profile', casePath, '--set', path.join(root, 'samples', 'profile.yaml')]);
const FINDINGS = [
  {
    title: "acme-release-bot's token used from 198.51.100.23 to rewrite the deploy workflow",
    severity: 'high',
    tag: 'initial-access',
    refs: ['NHI2', 'NHI10'],
    select: [
      '--identity',
      'acme-release-bot',
      '--from',
      '2026-03-10T13:46:00Z',
      '--to',
      '2026-03-10T13:59:00Z',
      '--search',
      '198.51.100.23',
    ],
    description:
      "The release bot's fine-grained token, which only ever came from the release host 192.0.2.42, listed the repository's Actions secrets and pushed a modified deploy workflow straight to main, overriding branch protection.",
  },
  {
    title: 'Run 408 chained into prod-admin and minted a key for backup-svc',
    severity: 'critical',
    tag: 'privilege-escalation',
    refs: ['NHI5', 'DE.AE-02'],
    select: [
      '--from',
      '2026-03-10T13:59:00Z',
      '--to',
      '2026-03-10T14:00:00Z',
      '--search',
      'AssumeRole OR CreateAccessKey OR AttachUserPolicy',
    ],
    description:
      "The rewritten workflow's OIDC session in gha-deploy assumed prod-admin (sourceIdentity acme-release-bot), created a second access key for user/backup-svc and attached AdministratorAccess to it.",
  },
  {
    title: 'The minted backup-svc key read customer exports and stopped CloudTrail from 203.0.113.66',
    severity: 'critical',
    tag: 'exfiltration',
    refs: ['NHI7'],
    select: [
      '--identity',
      'user/backup-svc',
      '--from',
      '2026-03-10T14:00:00Z',
      '--to',
      '2026-03-10T16:00:00Z',
      '--search',
      '203.0.113.66',
    ],
    description:
      'The new key AKIAQ3EGT7KX5NHD4YJC was used only from 203.0.113.66: ten customer export files, a bucket policy granting account 444455556666 read access, then StopLogging on the management trail at 15:39:02. What it did after that is not in the evidence.',
  },
  {
    title: 'From the prod-admin session into the payments pod, its service-account token and the database',
    severity: 'critical',
    tag: 'lateral-movement',
    refs: ['ASI03', 'NHI2'],
    select: ['--from', '2026-03-10T14:19:00Z', '--to', '2026-03-10T14:45:00Z', '--search', '203.0.113.66'],
    description:
      "prod-admin's credentials, now from 203.0.113.66, listed the payments namespace's secrets and exec'd into an api pod; the pod's IRSA token was posted out and replayed; run 408's Vault token fetched database credentials that copied customers and invoices out with COPY.",
  },
  {
    title: 'payments-dr-terraform signed in from 203.0.113.66; no evidence of what it did',
    severity: 'high',
    tag: 'visibility-gap',
    refs: ['NHI4'],
    status: 'open',
    select: ['--identity', 'payments-dr-terraform', '--search', '203.0.113.66'],
    description:
      "The Azure Activity log, where this service principal's actions would be, is not in the evidence: request it.",
  },
  {
    title: 'support-copilot exported 48,211 customer rows through MCP after a poisoned ticket',
    severity: 'high',
    tag: 'exfiltration',
    refs: ['ASI01', 'ASI02'],
    select: ['--identity', 'support-copilot', '--from', '2026-03-10T15:20:00Z', '--to', '2026-03-10T15:25:00Z'],
    description:
      'Ticket 48213 carried instructions to the agent; it called query_customers and export_csv (MCP server crm-db) with a destination on 203.0.113.66 — both outside its intended-behaviour profile.',
  },
];
for (const f of FINDINGS) {
  run([
    'annotate',
    casePath,
    ...f.select,
    '--each',
    '--layer',
    'findings',
    '--tag',
    f.tag,
    '--finding',
    f.title,
    '--severity',
    f.severity,
    '--status',
    f.status ?? 'confirmed',
    ...f.refs.flatMap((r) => ['--ref', r]),
    '--description',
    f.description,
  ]);
}
run([
  'annotate',
  casePath,
  '--search',
  'StopLogging',
  '--from',
  '2026-03-10T15:39:00Z',
  '--to',
  '2026-03-10T15:40:00Z',
  '--each',
  '--bookmark',
  '--promote',
  '--note',
  'CloudTrail is silent from here until 17:52:18: what the stolen key did in between is not in the evidence.',
]);
run(['verify', casePath]);
// The report needs a Chromium (Debian's chromium, or SESSIONSCOPE_CHROMIUM): without one the demo still stands.
const pdf = path.join(outDir, 'sample-incident.pdf');
const printed = run(['report', casePath, '--out', pdf, '--analyst', 'demo'], [0, 1, 2]) === 0;
console.log(
  `\nThe case is at ${path.relative(process.cwd(), casePath)}${printed ? `, its report at ${path.relative(process.cwd(), pdf)}` : ''}.`,
);
console.log(`Explore it in the browser: bin/sessionscope serve ${path.relative(process.cwd(), casePath)}`);
