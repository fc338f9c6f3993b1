// Builds the app once if dist/ is missing (the CLI, the bridge and the renderer are tested as built).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const need = ['dist/cli/main.js', 'dist/bridge/server.js', 'dist/renderer/index.html'].some(
    (p) => !existsSync(path.join(root, p)),
  );
  if (need || process.env.SESSIONSCOPE_E2E_BUILD === '1')
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
