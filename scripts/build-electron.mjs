// Bundles the Electron preload into one CommonJS file (dist/electron/preload.cjs): a sandboxed preload can only
// require 'electron'. main.ts and core-host.ts are compiled by tsc with the rest (dist/electron/*.js).
//   node scripts/build-electron.mjs [OUT_DIR]   (default dist/; scripts/build.mjs passes its staging folder)
import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: path.join(out, 'electron'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'node20',
    lib: { entry: path.join(root, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'], output: { exports: 'none' } },
  },
});
