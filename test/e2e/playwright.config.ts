// End-to-end tests: Playwright drives Debian's Chromium (never a downloaded browser) against browser mode —
// each test starts its own `sessionscope serve` on a random port (test/e2e/server.ts).
import { defineConfig } from '@playwright/test';
import { launchOptions } from './chromium.mjs';

const headed = process.env.HEADED === '1';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: '../../test-results/e2e-artifacts',
  globalSetup: './global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: !headed,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions,
  },
});
