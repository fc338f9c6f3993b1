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
  },
});
