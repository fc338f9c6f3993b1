// Build: TypeScript (core, importers, cli, bridge, electron) to dist/, SQL migrations beside their loader,
// and the renderer with Vite when it exists. Each step prints one line.
//
// Everything is built into a sibling folder (dist.next-PID) and swapped in at the end, so bin/sessionscope, a
// running `serve` reading the renderer, or a test run never sees a half-built dist/: until the swap they use the
// previous build, after it the new one. A failed build leaves dist/ as it was.
//   node scripts/build.mjs [node|renderer|electron] [--emit-anyway]
// With a part named, the others are carried over from the current dist/.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const dist = path.join(root, 'dist');
const next = path.join(root, `dist.next-${process.pid}`);
const old = path.join(root, `dist.old-${process.pid}`);
// `--emit-anyway`: keep building when type checking fails (development only; CI builds strictly).
const emitAnyway = process.argv.includes('--emit-anyway');
const only = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (only && !['node', 'renderer', 'electron'].includes(only)) {
  console.error(`build: unknown part "${only}" (node, renderer or electron)`);
  process.exit(2);
}

const run = (label, cmd, args) => {
  const t0 = Date.now();
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch (e) {
    if (!(emitAnyway && label === 'typescript')) throw e;
    console.log('build: type errors ignored (--emit-anyway)');
  }
  console.log(`build: ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
};

/** Folders a build that died left behind (its process is gone). */
function removeLeftovers() {
  for (const name of readdirSync(root)) {
    const m = /^dist\.(next|old)-(\d+)$/.exec(name);
    if (!m || Number(m[2]) === process.pid) continue;
    try {
      process.kill(Number(m[2]), 0);
      continue; // another build is running
    } catch {
      rmSync(path.join(root, name), { recursive: true, force: true });
    }
  }
}

removeLeftovers();
rmSync(next, { recursive: true, force: true });
if (only && existsSync(dist)) cpSync(dist, next, { recursive: true });
mkdirSync(next, { recursive: true });
try {
  if (!only || only === 'node') {
    // Compiled output of moved or deleted sources must not linger (an import of an old path would still resolve).
    for (const d of ['lib', 'core', 'importers', 'bench', 'cli', 'bridge'])
      rmSync(path.join(next, d), { recursive: true, force: true });
    run('typescript', bin('tsc'), ['-p', 'tsconfig.json', '--outDir', next]);
    const mig = path.join(next, 'core', 'casefile', 'migrations');
    mkdirSync(mig, { recursive: true });
    cpSync(path.join(root, 'core', 'casefile', 'migrations'), mig, { recursive: true });
    // The bundled Sigma rules (core/detect/rules), read at run time beside their loader…
    cpSync(path.join(root, 'core', 'detect', 'rules'), path.join(next, 'core', 'detect', 'rules'), { recursive: true });
    // The IP intelligence tables (core/enrich/data), read at run time beside their loader and checked by SHA-256.
    cpSync(path.join(root, 'core', 'enrich', 'data'), path.join(next, 'core', 'enrich', 'data'), { recursive: true });
    // …and parsed once here, so a process does not parse 336 YAML files each time it starts.
    const { writeBundledCache } = await import(
      pathToFileURL(path.join(next, 'core', 'detect', 'sigma', 'load.js')).href
    );
    console.log(`build: sigma rules cache (${writeBundledCache()} files)`);
  }
  if ((!only || only === 'renderer') && existsSync(path.join(root, 'renderer', 'index.html'))) {
    run('renderer', bin('vite'), [
      'build',
      '--logLevel',
      'warn',
      '--outDir',
      path.join(next, 'renderer'),
      '--emptyOutDir',
    ]);
  }
  if ((!only || only === 'electron') && existsSync(path.join(root, 'scripts', 'build-electron.mjs'))) {
    run('electron preload', process.execPath, [path.join(root, 'scripts', 'build-electron.mjs'), next]);
  }
} catch (e) {
  rmSync(next, { recursive: true, force: true });
  console.error(`build: failed; dist/ is unchanged (${e instanceof Error ? e.message.split('\n')[0] : e})`);
  process.exit(1);
}

// The swap: two renames, a few microseconds apart, instead of minutes of a half-written dist/.
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
console.log('build: dist/ swapped in');
