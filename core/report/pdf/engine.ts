// Who turns the report's HTML into PDF. Outside Electron: a system Chromium driven by playwright-core
// (chromium.ts). Inside Electron, the Electron side registers its own engine (webContents.printToPDF, see
// electron-engine.ts) with setPdfEngine(); core never imports electron.
import type { Paper } from '../options.js';

export interface PrintOptions {
  paper: Paper;
  /** Page margins in mm. */
  margin: { top: number; bottom: number; left: number; right: number };
  /** Chromium header/footer templates (classes pageNumber and totalPages are filled in by Chromium). */
  headerTemplate: string;
  footerTemplate: string;
  title: string;
  /** A tagged (accessible) PDF. Costs about a third more time and doubles the size, so long reports go without. */
  tagged: boolean;
}

export interface PdfEngine {
  name: string;
  /** Prints one self-contained HTML document; may be called several times for one report (page numbering). */
  print(html: string, opts: PrintOptions): Promise<Buffer>;
  /** Releases the browser, if the engine keeps one. */
  close(): Promise<void>;
}

export type PdfEngineFactory = () => Promise<PdfEngine>;

let factory: PdfEngineFactory | null = null;

/** The Electron main process calls this once at start-up; null restores the default (system Chromium). */
export function setPdfEngine(f: PdfEngineFactory | null): void {
  factory = f;
}

export async function openPdfEngine(): Promise<PdfEngine> {
  if (factory) return factory();
  const { chromiumEngine } = await import('./chromium.js');
  return chromiumEngine();
}
