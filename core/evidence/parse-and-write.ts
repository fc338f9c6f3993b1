// Parses evidence files on a worker thread and writes their batches here, as they arrive, so parsing and
// SQLite writing use both cores. Falls back to parsing in this thread where the compiled worker is absent
// (tests running from TypeScript sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runParse, type ParseRequest } from './parse-job.js';
import type { BatchWriter } from './batch-writer.js';
import type { ParseTotals, PreparedBatch } from './batch.js';

const WORKER = fileURLToPath(new URL('./parse-worker.js', import.meta.url));

export interface Parser {
  parse(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals>;
  close(): Promise<void>;
}

class InlineParser implements Parser {
  parse(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals> {
    return runParse(req, (b) => { writer.write(b); onBatch(b); });
  }
  async close(): Promise<void> {}
}

class WorkerParser implements Parser {
  private worker: Worker | null = null;

  private start(): Worker {
    if (!this.worker) {
      // A larger young generation: parsing allocates fast and briefly; fewer scavenges, fewer promotions.
      this.worker = new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
      this.worker.unref();
    }
    return this.worker;
  }

  parse(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals> {
    const w = this.start();
    return new Promise((resolve, reject) => {
      let settled = false;
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const finish = (f: () => void) => { if (!settled) { settled = true; cleanup(); f(); } };
      const onMessage = (m: { type: string; data: unknown }) => {
        if (m.type === 'batch') {
          try {
            writer.write(m.data as PreparedBatch);
          } catch (e) {
            // The worker may be mid-file: discard it rather than reuse it.
            this.worker = null;
            void w.terminate();
            finish(() => reject(e));
            return;
          }
          onBatch(m.data as PreparedBatch);
          w.postMessage({ type: 'ack' });
        } else if (m.type === 'done') {
          finish(() => resolve(m.data as ParseTotals));
        } else if (m.type === 'error') {
          this.worker = null;
          void w.terminate();
          finish(() => reject(new Error((m.data as { message: string }).message)));
        }
      };
      const onError = (e: Error) => { this.worker = null; finish(() => reject(e)); };
      const onExit = (code: number) => { this.worker = null; finish(() => reject(new Error(`parse worker stopped (exit ${code})`))); };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ type: 'parse', req });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** A parser for one import job; close it when the job ends. */
export function createParser(): Parser {
  return existsSync(WORKER) && process.env.SESSIONSCOPE_PARSE_INLINE !== '1' ? new WorkerParser() : new InlineParser();
}
