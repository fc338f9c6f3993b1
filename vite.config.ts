// The renderer (React + Vite): renderer/ → dist/renderer, relative URLs so the same build loads from the
// bridge (http://127.0.0.1:PORT/) and from Electron's app:// protocol.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The renderer is browser code. It takes the API contract's types from core (renderer/src/lib/contract.ts,
 * `import type`, erased before bundling) and nothing else from the Node side: a module from core/, importers/,
 * cli/, bridge/ or electron/, or a Node built-in, reaching the bundle fails the build and names the module.
 */
function browserOnly(): Plugin {
  const nodeSide = ['core', 'importers', 'cli', 'bridge', 'electron'].map((d) => path.join(root, d) + path.sep);
  const builtins = new Set(builtinModules);
  return {
    name: 'sessionscope:browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:') || builtins.has(source.split('/')[0]))
        this.error(
          `${importer ? path.relative(root, importer) : 'the renderer'} imports the Node built-in ${source}: the renderer runs in a browser`,
        );
      return null;
    },
    load(id) {
      const file = id.replace(/\?.*$/, '');
      const side = nodeSide.find((d) => file.startsWith(d));
      if (side)
        this.error(
          `the renderer bundles ${path.relative(root, file)}: it may only import types from core (renderer/src/lib/contract.ts, \`import type\`)`,
        );
      return null;
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [browserOnly(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
