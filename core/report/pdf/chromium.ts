// The default PDF engine: a system Chromium driven by playwright-core (no browser download, ever). The page
// runs with JavaScript disabled, offline, and every request aborted: the report is static, self-contained
// HTML, so nothing in it — even log text, were it ever mis-escaped — can run or reach out.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { UserError } from '../../errors.js';
import type { PdfEngine, PrintOptions } from './engine.js';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  // No name is ever resolved: a <link rel=dns-prefetch> or any host in the report cannot leak as a DNS query
  // (the request interception below sees HTTP requests, not the resolver's).
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--dns-prefetch-disable',
];

export function findChromium(): string {
  const env = process.env.SESSIONSCOPE_CHROMIUM;
  if (env) {
    if (!existsSync(env))
      throw new UserError('NOT_FOUND', `SESSIONSCOPE_CHROMIUM points at ${env}, which does not exist`);
    return env;
  }
  const hit = CANDIDATES.find((p) => existsSync(p));
  if (!hit)
    throw new UserError(
      'NOT_FOUND',
      'no Chromium or Chrome found to print the PDF; install chromium or set SESSIONSCOPE_CHROMIUM (the HTML report needs neither)',
    );
  return hit;
}

export async function chromiumEngine(): Promise<PdfEngine> {
  let browser: Browser | null = null;
  const open = async () =>
    (browser ??= await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true }));
  return {
    name: 'chromium',
    async print(html: string, o: PrintOptions): Promise<Buffer> {
      const b = await open();
      const context = await b.newContext({ javaScriptEnabled: false, offline: true, bypassCSP: false });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: o.paper,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: o.headerTemplate,
          footerTemplate: o.footerTemplate,
          margin: {
            top: `${o.margin.top}mm`,
            bottom: `${o.margin.bottom}mm`,
            left: `${o.margin.left}mm`,
            right: `${o.margin.right}mm`,
          },
          outline: true,
          tagged: o.tagged,
          preferCSSPageSize: false,
        });
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser as Browser | null;
      browser = null;
      await b?.close();
    },
  };
}
