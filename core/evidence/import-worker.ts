// Worker-thread entry for import jobs (see import-job.ts): its own case connection, progress by message.
import { parentPort, workerData } from 'node:worker_threads';
import { openCase } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { runImport, type ImportRequest, type ImportProgress } from './import-job.js';

const req = workerData as ImportRequest;
const handle = openCase(req.casePath);
let last = 0;
runImport(handle.db, req, (p: ImportProgress) => {
  const now = Date.now();
  if (p.phase === 'importing' && now - last < 100) return;
  last = now;
  parentPort!.postMessage({ type: 'progress', data: p });
})
  .then((summary) => parentPort!.postMessage({ type: 'done', data: summary }))
  .catch((e: unknown) => {
    const code = e instanceof UserError ? e.code : 'INTERNAL';
    parentPort!.postMessage({
      type: 'error',
      data: { code, message: e instanceof Error ? e.message.split('\n')[0] : String(e) },
    });
  })
  .finally(() => handle.close());
