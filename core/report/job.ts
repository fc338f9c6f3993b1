// A report job: model and HTML on a worker thread (so the UI or CLI stays live on big cases), then the PDF by
// the registered engine (system Chromium, or Electron's), which runs in its own process anyway. Where the
// compiled worker is not available (tests run from TypeScript sources) the first half runs in-process.
import { existsSync } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { PrivateFileWriter, writeFailure } from '../policy/private-files.js';
import { fillPageNumbers } from './html/document.js';
import { openPdfEngine } from './pdf/engine.js';
import { printReport } from './pdf/print.js';
import { renderReportFile, type RenderedReport } from './render.js';
import type { ReportProgress, ReportRequest, ReportResult } from './options.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

function render(req: ReportRequest, onProgress: (p: ReportProgress) => void): Promise<RenderedReport> {
  if (!existsSync(WORKER)) return renderReportFile(req, onProgress);
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData: req });
    let settled = false;
    w.on('message', (m: { type: string; data: unknown }) => {
      if (m.type === 'progress') onProgress(m.data as ReportProgress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.data as RenderedReport);
      } else if (m.type === 'error') {
        settled = true;
        const d = m.data as { code: string; message: string };
        reject(d.code === 'INTERNAL' ? new Error(d.message) : new UserError(d.code as never, d.message));
      }
    });
    w.on('error', (e) => {
      if (!settled) {
        settled = true;
        reject(e);
      }
    });
    w.on('exit', (code) => {
      if (!settled) reject(new Error(`report worker stopped (exit ${code})`));
    });
  });
}

function refuseOverwrite(file: string): UserError {
  return new UserError('CONFLICT', `refusing to overwrite existing file: ${file}; choose another name or move it away`);
}

/**
 * Writes beside the target (owner-only), then links it into place, so a reader never sees half a report and an
 * existing file is never replaced — not even one that appeared while the report was rendering (link(2) fails
 * where rename(2) would overwrite). A disk that fills up fails the report and leaves nothing behind.
 */
async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const out = await PrivateFileWriter.create(tmp);
  try {
    await out.write(data);
    await out.close();
  } catch (e) {
    await out.abort();
    throw writeFailure(file, e);
  }
  try {
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw refuseOverwrite(file);
    throw writeFailure(file, e);
  } finally {
    await rm(tmp, { force: true });
  }
}

export async function generateReport(
  req: ReportRequest,
  onProgress: (p: ReportProgress) => void = () => {},
): Promise<ReportResult> {
  const t0 = Date.now();
  if (!req.pdf && !req.html) throw new UserError('INVALID_PARAMS', 'give a PDF path, an HTML path, or both');
  for (const f of [req.pdf, req.html]) {
    if (f && !existsSync(path.dirname(path.resolve(f))))
      throw new UserError('NOT_FOUND', `no such directory: ${path.dirname(path.resolve(f))}`);
    // Said before the work, like exports; writeAtomic still refuses a file that appears meanwhile.
    if (f && existsSync(path.resolve(f))) throw refuseOverwrite(f);
  }
  const r = await render(req, onProgress);
  let bytes = 0;
  if (req.html) {
    onProgress({ phase: 'writing', done: 0, total: 1, message: 'writing the HTML report' });
    const html = fillPageNumbers(r.html, null);
    await writeAtomic(path.resolve(req.html), html);
    bytes += Buffer.byteLength(html);
  }
  let pages: number | null = null;
  if (req.pdf) {
    const engine = await openPdfEngine();
    try {
      const printed = await printReport(engine, r, r.print, (pass) =>
        onProgress({ phase: 'printing', done: pass - 1, total: 2, message: `printing (pass ${pass})` }),
      );
      await writeAtomic(path.resolve(req.pdf), printed.pdf);
      pages = printed.pages;
      bytes += printed.pdf.length;
    } finally {
      await engine.close();
    }
  }
  onProgress({ phase: 'done', done: 1, total: 1, message: 'done' });
  return {
    pdf: req.pdf ? path.resolve(req.pdf) : null,
    html: req.html ? path.resolve(req.html) : null,
    pages,
    findings: r.findings,
    cited_events: r.cited_events,
    bytes,
    ms: Date.now() - t0,
    paper: r.print.paper,
    tz: r.tz,
    audit_head: r.audit_head,
  };
}
