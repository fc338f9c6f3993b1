// Bundles the Electron preload into one CommonJS file (dist/electron/preload.cjs): a sandboxed preload can only
// require 'electron'. main.ts and core-host.ts are compiled by tsc with the rest (dist/electron/*.js).
import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist', 'electron'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'node20',
    lib: { entry: path.join(root, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'], output: { exports: 'none' } },
  },
});
