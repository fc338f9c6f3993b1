// `npm run demo`: the main job on the bundled sample — create a case from samples/ (a small multi-source
// incident written for this project), import it, and print the summary and the identities it reveals.
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
  console.log(`\n$ sessionscope ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : path.relative(process.cwd(), a) || a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', env: { ...process.env, SESSIONSCOPE_ANALYST: process.env.SESSIONSCOPE_ANALYST ?? 'demo' } });
  if (!allow.includes(r.status ?? 1)) process.exit(r.status ?? 1);
  return r.status;
};

run(['new', casePath, '--name', 'Sample incident: CI deploy role abused', '--analyst', 'demo']);
run(['import', casePath, path.join(root, 'samples', 'evidence')], [0, 3]);
run(['info', casePath]);
const hasIdentities = spawnSync(process.execPath, [bin, 'identities', '--help'], { encoding: 'utf8' }).status === 0;
if (hasIdentities) run(['identities', casePath]);
run(['events', casePath, '--search', 'StopLogging OR CreateAccessKey', '--limit', '20']);
run(['verify', casePath]);
console.log(`\nThe case is at ${path.relative(process.cwd(), casePath)}. Explore it in the browser: bin/sessionscope serve ${path.relative(process.cwd(), casePath)}`);
