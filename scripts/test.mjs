// `npm test`: runs `npm run check` (format, lint, layers, types, Electronegativity), builds, runs the unit and
// integration tests (vitest) and the browser end-to-end tests (Playwright on the system Chromium), and ends with
// one line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
let passed = 0,
  failed = 0,
  skipped = 0;

function run(cmd, args, env = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

if (run(process.execPath, [path.join(root, 'scripts', 'check.mjs')]) !== 0) {
  console.log('check failed (npm run check)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]) !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const vitestJson = path.join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const j = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numFailedTestSuites && !j.numFailedTests ? j.numFailedTestSuites : 0);
  skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
} else if (vStatus !== 0) failed++;

const e2eConfig = path.join(root, 'test', 'e2e', 'playwright.config.ts');
if (existsSync(e2eConfig) && process.env.SKIP_E2E !== '1') {
  const pwJson = path.join(results, 'playwright.json');
  rmSync(pwJson, { force: true });
  const pStatus = run(bin('playwright'), ['test', '-c', e2eConfig, '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
  } else if (pStatus !== 0) failed++;
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
process.exit(failed > 0 ? 1 : 0);
