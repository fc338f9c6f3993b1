#!/usr/bin/env node
// `npm start [-- CASE]`: the desktop app when Electron's binary works here, otherwise browser mode (the localhost
// bridge, `sessionscope serve`) with the URL to open printed. Builds first if dist/ is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const require = createRequire(import.meta.url);

if (
  !existsSync(path.join(root, 'dist', 'cli', 'main.js')) ||
  !existsSync(path.join(root, 'dist', 'renderer', 'index.html'))
) {
  console.error('start: building first (npm run build)…');
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

function electronBinary() {
  if (process.env.SESSIONSCOPE_BROWSER === '1') return null;
  let bin;
  try {
    bin = require('electron'); // the package's index.js returns the binary path, or throws when it was never downloaded
  } catch {
    return null;
  }
  if (typeof bin !== 'string' || !existsSync(bin)) return null;
  const probe = spawnSync(bin, ['--version'], { timeout: 15000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return probe.status === 0 ? bin : null;
}

const bin = electronBinary();
if (bin) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(bin, [root, ...args], { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.error('start: Electron is not available on this machine; starting browser mode instead.');
  const casePath = args.find((a) => !a.startsWith('-'));
  const serveArgs = [
    path.join(root, 'bin', 'sessionscope'),
    'serve',
    ...(casePath ? [casePath] : []),
    ...args.filter((a) => a.startsWith('-')),
  ];
  const child = spawn(process.execPath, serveArgs, { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
