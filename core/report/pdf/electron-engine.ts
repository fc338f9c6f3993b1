// The thin hook for Electron: inside the app, print with Electron's own Chromium instead of a system one.
// In the Electron main process:
//   import { BrowserWindow } from 'electron';
//   setPdfEngine(electronPdfEngine(BrowserWindow));
// The window is hidden, sandboxed, has no preload and no JavaScript, and may not navigate; the HTML is loaded
// from a data: URL (the report is self-contained). Core stays free of any electron import: the window class
// is handed in.
import type { PdfEngine, PdfEngineFactory, PrintOptions } from './engine.js';

/** The subset of Electron's BrowserWindow this engine uses. */
export interface ElectronWindowLike {
  webContents: {
    printToPDF(o: Record<string, unknown>): Promise<Buffer | Uint8Array>;
    loadURL(url: string): Promise<void>;
    on(
      event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
      fn: (e: { preventDefault(): void }) => void,
    ): unknown;
    setWindowOpenHandler(fn: () => { action: 'deny' }): void;
    session?: {
      webRequest?: {
        onBeforeRequest(
          fn: (d: { url: string; resourceType?: string }, cb: (r: { cancel: boolean }) => void) => void,
        ): void;
      };
    };
  };
  destroy(): void;
}
export type ElectronWindowCtor = new (o: Record<string, unknown>) => ElectronWindowLike;

const MM_PER_INCH = 25.4;

export function electronPdfEngine(BrowserWindow: ElectronWindowCtor): PdfEngineFactory {
  return async (): Promise<PdfEngine> => ({
    name: 'electron',
    async print(html: string, o: PrintOptions): Promise<Buffer> {
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          offscreen: true,
          plugins: false,
          webSecurity: true,
          // A session of its own, so the request filter below never touches the app's.
          partition: 'sessionscope-report-print',
        },
      });
      try {
        // Nothing the document says may fetch or navigate: not a meta refresh, an iframe, an object or embed, a
        // stylesheet, image or font, nor a prefetch — only the report itself, the one data: URL loaded below, as
        // the main frame (issue 15 §4: not only scripted requests). Without the request filter nothing is printed.
        const webRequest = win.webContents.session?.webRequest;
        if (!webRequest) throw new Error('the print window has no request filter: refusing to print without one');
        const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
        webRequest.onBeforeRequest((d, cb) => cb({ cancel: !(d.url === url && d.resourceType === 'mainFrame') }));
        for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)
          win.webContents.on(event, (e) => e.preventDefault());
        win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
        await win.webContents.loadURL(url);
        const pdf = await win.webContents.printToPDF({
          pageSize: o.paper,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: o.headerTemplate,
          footerTemplate: o.footerTemplate,
          margins: {
            top: o.margin.top / MM_PER_INCH,
            bottom: o.margin.bottom / MM_PER_INCH,
            left: o.margin.left / MM_PER_INCH,
            right: o.margin.right / MM_PER_INCH,
          },
          generateDocumentOutline: true,
          generateTaggedPDF: o.tagged,
          preferCSSPageSize: false,
        });
        return Buffer.from(pdf);
      } finally {
        win.destroy();
      }
    },
    async close() {},
  });
}
