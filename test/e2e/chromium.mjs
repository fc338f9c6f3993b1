// How the e2e specs (playwright.config.ts) and the UI benchmarks (bench/lib/browser.mjs) launch Chromium: Debian's
// own binary (never a downloaded one; CHROMIUM_PATH overrides) with no sandbox, GPU or background traffic, so the
// two measure and test the same browser. Plain JavaScript because the benchmarks run under plain Node.

/** @type {import('playwright-core').LaunchOptions} */
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-quic',
    '--disable-sync',
  ],
};
