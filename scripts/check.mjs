// `npm run check`: everything a reviewer would otherwise check by eye, in one command (and first in `npm test`):
// formatting (Prettier), lint (ESLint: code rules, the layer table of docs/architecture.md, no import cycles),
// a typecheck of every project, and Electronegativity over electron/. Runs every step, one line each, then
// fails if any failed.
//   node scripts/check.mjs [--only format,lint,types,electron]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
/** @returns {[string, string[]]} */
const tsc = (project) => [bin('tsc'), ['-p', project, '--noEmit']];

/** @type {[group: string, label: string, command: string, args: string[]][]} */
const STEPS = [
  ['format', 'prettier', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['lint', 'eslint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['types', 'types: core, importers, cli, bridge, electron, bench', ...tsc('tsconfig.json')],
  ['types', 'types: renderer', ...tsc('renderer/tsconfig.json')],
  ['types', 'types: preload', ...tsc('electron/tsconfig.preload.json')],
  ['types', 'types: tests', ...tsc('test/tsconfig.json')],
  ['types', 'types: scripts, lint config, probe reader, UI benches', ...tsc('tsconfig.scripts.json')],
  ['electron', 'electronegativity', process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs')]],
];

const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : process.argv[process.argv.indexOf(onlyArg) + 1]).split(',')
  : null;
const failed = [];
const t0 = Date.now();
for (const [group, label, cmd, args] of STEPS) {
  if (only && !only.includes(group)) continue;
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  if (!ok) failed.push(label);
  console.log(`check: ${ok ? 'ok  ' : 'FAIL'} ${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
const total = ((Date.now() - t0) / 1000).toFixed(0);
if (failed.length > 0) {
  console.log(`check: failed: ${failed.join('; ')} (${total} s). Formatting: npm run format.`);
  process.exit(1);
}
console.log(`check: all passed (${total} s)`);
