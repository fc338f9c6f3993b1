// Worker-thread entry for reports (see job.ts): model and HTML off the caller's thread, progress by message.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { renderReportFile } from './render.js';
import type { ReportProgress, ReportRequest } from './options.js';

const req = workerData as ReportRequest;
let last = 0;
renderReportFile(req, (p: ReportProgress) => {
  const now = Date.now();
  if (p.phase === 'findings' && now - last < 100) return;
  last = now;
  parentPort!.postMessage({ type: 'progress', data: p });
})
  .then((r) => parentPort!.postMessage({ type: 'done', data: r }))
  .catch((e: unknown) => {
    const code = e instanceof UserError ? e.code : 'INTERNAL';
    parentPort!.postMessage({
      type: 'error',
      data: { code, message: e instanceof Error ? e.message.split('\n')[0] : String(e) },
    });
  });
