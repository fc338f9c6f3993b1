import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A format's tests live in its folder (importers/<id>/), the rest under test/.
    include: ['test/**/*.test.ts', 'importers/*/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Sealing keys (core/casefile/seal-keys.ts) go to a scratch config folder, never the user's.
    env: { SESSIONSCOPE_CONFIG_DIR: path.join(os.tmpdir(), 'sessionscope-test-config') },
  },
});
