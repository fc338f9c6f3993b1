// Issue 15 §4: the PDF printer fetches nothing. Whatever a report's HTML says — a meta refresh, an iframe, an
// object or embed, stylesheets, images, fonts, prefetch hints, a srcdoc frame — no request leaves the printer; not
// only scripted ones. The system-Chromium engine is run against a local server that counts what reaches it; the
// Electron engine (whose binary cannot run here) is checked through the window it is handed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumEngine, findChromium } from '../../core/report/pdf/chromium.js';
import { electronPdfEngine, type ElectronWindowLike } from '../../core/report/pdf/electron-engine.js';
import type { PrintOptions } from '../../core/report/pdf/engine.js';

const HAS_CHROMIUM = (() => {
  try {
    return !!findChromium();
  } catch {
    return false;
  }
})();

const OPTS: PrintOptions = {
  paper: 'A4',
  margin: { top: 10, bottom: 10, left: 10, right: 10 },
  headerTemplate: '<span></span>',
  footerTemplate: '<span></span>',
  title: 't',
  tagged: false,
};

function hostile(u: (p: string) => string, refresh = false): string {
  return `<!doctype html><html><head>
${refresh ? `<meta http-equiv="refresh" content="0;url=${u('refresh.html')}">` : ''}
<link rel="dns-prefetch" href="${u('dns')}"><link rel="preconnect" href="${u('preconnect')}">
<link rel="prefetch" href="${u('prefetch')}"><link rel="preload" as="image" href="${u('preload.png')}">
<link rel="stylesheet" href="${u('style.css')}">
<style>@import url(${u('import.css')}); @font-face{font-family:x;src:url(${u('font.woff')})}
body{font-family:x;background:url(${u('bg.png')})}</style>
</head><body>
<iframe src="${u('iframe.html')}"></iframe><object data="${u('object.html')}"></object><embed src="${u('embed.html')}">
<img src="${u('img.png')}"><img srcset="${u('srcset.png')} 2x"><video poster="${u('poster.png')}"></video>
<svg><image href="${u('svg.png')}"/></svg><iframe srcdoc="<img src='${u('srcdoc.png')}'>"></iframe>
<a ping="${u('ping')}" href="${u('a')}">x</a></body></html>`;
}

describe.skipIf(!HAS_CHROMIUM)('system Chromium', () => {
  const hits: string[] = [];
  let srv: http.Server;
  let base = '';
  beforeAll(async () => {
    srv = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('content-type', (req.url ?? '').endsWith('.html') ? 'text/html' : 'application/octet-stream');
      res.end((req.url ?? '').endsWith('.html') ? '<img src="/from-frame.png">' : '');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
  });
  afterAll(() => srv?.close());

  it('prints the document and sends no request at all', async () => {
    const engine = await chromiumEngine();
    try {
      const pdf = await engine.print(
        hostile((p) => base + p),
        OPTS,
      );
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await new Promise((r) => setTimeout(r, 500)); // a late refresh or prefetch would have arrived by now
    } finally {
      await engine.close();
    }
    expect(hits).toEqual([]);
  });

  // A meta refresh navigates the page away once it has loaded: the refused navigation races the print, which then
  // either prints or fails with Chromium's "Printing failed" — an error, never a document printed from elsewhere.
  // What must hold either way: no request left the printer.
  it('a meta refresh fetches nothing: the print succeeds or fails loudly', async () => {
    const engine = await chromiumEngine();
    try {
      const pdf = await engine
        .print(
          hostile((p) => base + p, true),
          OPTS,
        )
        .catch((e: Error) => e);
      if (pdf instanceof Error) expect(pdf.message).toMatch(/Printing failed/);
      else expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await engine.close();
    }
    expect(hits).toEqual([]);
  });
});

/** A stand-in for Electron's BrowserWindow that records what the engine set up. */
function fakeWindow(withSession = true) {
  const rec = {
    filter: null as null | ((d: { url: string; resourceType?: string }, cb: (r: { cancel: boolean }) => void) => void),
    events: new Map<string, (e: { preventDefault(): void }) => void>(),
    loaded: '',
    printed: false,
    prefs: {} as Record<string, unknown>,
  };
  class Win implements ElectronWindowLike {
    webContents: ElectronWindowLike['webContents'];
    constructor(o: Record<string, unknown>) {
      rec.prefs = o.webPreferences as Record<string, unknown>;
      this.webContents = {
        printToPDF: async () => {
          rec.printed = true;
          return Buffer.from('%PDF-1.7');
        },
        loadURL: async (u: string) => {
          rec.loaded = u;
        },
        on: (event, fn) => rec.events.set(event, fn),
        setWindowOpenHandler: () => {},
        ...(withSession ? { session: { webRequest: { onBeforeRequest: (fn) => (rec.filter = fn) } } } : {}),
      };
    }
    destroy() {}
  }
  return { rec, Win };
}

describe('Electron engine', () => {
  it('cancels every request but the report itself, and prevents every navigation', async () => {
    const { rec, Win } = fakeWindow();
    const engine = await electronPdfEngine(Win)();
    await engine.print(
      hostile((p) => `https://evil.example/${p}`),
      OPTS,
    );
    expect(rec.printed).toBe(true);
    const cancelled = (url: string, resourceType: string) => {
      let out: boolean | null = null;
      rec.filter!({ url, resourceType }, (r) => (out = r.cancel));
      return out;
    };
    expect(cancelled(rec.loaded, 'mainFrame')).toBe(false);
    for (const [url, type] of [
      ['https://evil.example/refresh.html', 'mainFrame'],
      ['https://evil.example/iframe.html', 'subFrame'],
      ['https://evil.example/object.html', 'object'],
      ['http://127.0.0.1:9/img.png', 'image'],
      ['file:///etc/passwd', 'subFrame'],
      ['data:text/html,<b>other</b>', 'mainFrame'],
      [rec.loaded, 'subFrame'],
      ['ws://evil.example/', 'webSocket'],
    ])
      expect(cancelled(url, type), `${type} ${url}`).toBe(true);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      let prevented = false;
      rec.events.get(event)?.({ preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    expect(rec.prefs).toMatchObject({ javascript: false, plugins: false, sandbox: true });
  });

  it('refuses to print where it cannot install its request filter', async () => {
    const { rec, Win } = fakeWindow(false);
    const engine = await electronPdfEngine(Win)();
    await expect(engine.print('<p>x</p>', OPTS)).rejects.toThrow(/no request filter/);
    expect(rec.printed).toBe(false);
  });
});
