// Runs a parse job on its own worker thread and writes its batches here, as they arrive; falls back to
// parsing in this thread where the compiled worker is absent (tests running from TypeScript sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runParse, type ParseRequest } from './parse-job.js';
import type { BatchWriter } from './batch-writer.js';
import type { ParseTotals, PreparedBatch } from './batch.js';

const WORKER = fileURLToPath(new URL('./parse-worker.js', import.meta.url));

export function parseAndWrite(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals> {
  if (!existsSync(WORKER) || process.env.SESSIONSCOPE_PARSE_INLINE === '1') {
    return runParse(req, (b) => { writer.write(b); onBatch(b); });
  }
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { workerData: req });
    let settled = false;
    const finish = (f: () => void) => { if (!settled) { settled = true; f(); } };
    w.on('message', (m: { type: string; data: unknown }) => {
      if (m.type === 'batch') {
        try {
          writer.write(m.data as PreparedBatch);
        } catch (e) {
          finish(() => reject(e));
          void w.terminate();
          return;
        }
        onBatch(m.data as PreparedBatch);
        w.postMessage({ type: 'ack' });
      } else if (m.type === 'done') {
        finish(() => resolve(m.data as ParseTotals));
        void w.terminate();
      } else if (m.type === 'error') {
        finish(() => reject(new Error((m.data as { message: string }).message)));
      }
    });
    w.on('error', (e) => finish(() => reject(e)));
    w.on('exit', (code) => finish(() => reject(new Error(`parse worker stopped (exit ${code})`))));
  });
}
