// The renderer (React + Vite): renderer/ → dist/renderer, relative URLs so the same build loads from the
// bridge (http://127.0.0.1:PORT/) and from Electron's app:// protocol.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
