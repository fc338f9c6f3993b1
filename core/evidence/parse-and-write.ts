// Parses evidence files on a worker thread and writes their batches here, as they arrive, so parsing and
// SQLite writing use both cores. Files queue on the worker: while this thread closes one file, the worker is
// already parsing the next. Falls back to parsing in this thread where the compiled worker is absent (tests
// running from TypeScript sources).
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
  private chain: Promise<unknown> = Promise.resolve();

  parse(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals> {
    // One file at a time, in the order asked, as the worker does.
    const run = this.chain.then(() =>
      runParse(req, (b) => {
        writer.write(b);
        onBatch(b);
      }),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {}
}

interface Pending {
  writer: BatchWriter;
  onBatch: (b: PreparedBatch) => void;
  resolve: (t: ParseTotals) => void;
  reject: (e: Error) => void;
  failed: boolean;
}

class WorkerParser implements Parser {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private start(): Worker {
    if (this.worker) return this.worker;
    // A larger young generation: parsing allocates fast and briefly; fewer scavenges, fewer promotions.
    const w = new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    w.unref();
    w.on('message', (m: { type: string; id: number; data: unknown }) => this.onMessage(w, m));
    w.on('error', (e) => this.failAll(e));
    w.on('exit', (code) => this.failAll(new Error(`parse worker stopped (exit ${code})`)));
    this.worker = w;
    return w;
  }

  private onMessage(w: Worker, m: { type: string; id: number; data: unknown }): void {
    const p = this.pending.get(m.id);
    if (m.type === 'batch') {
      if (p && !p.failed) {
        try {
          p.writer.write(m.data as PreparedBatch);
          p.onBatch(m.data as PreparedBatch);
        } catch (e) {
          // This file fails; its remaining batches are acknowledged and dropped, the next files go on.
          p.failed = true;
          p.reject(e as Error);
        }
      }
      w.postMessage({ type: 'ack' });
    } else if (m.type === 'done' || m.type === 'error') {
      this.pending.delete(m.id);
      if (!p || p.failed) return;
      if (m.type === 'done') p.resolve(m.data as ParseTotals);
      else p.reject(new Error((m.data as { message: string }).message));
    }
  }

  private failAll(e: Error): void {
    this.worker = null;
    for (const p of this.pending.values())
      if (!p.failed) {
        p.failed = true;
        p.reject(e);
      }
    this.pending.clear();
  }

  parse(req: ParseRequest, writer: BatchWriter, onBatch: (b: PreparedBatch) => void): Promise<ParseTotals> {
    const w = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { writer, onBatch, resolve, reject, failed: false });
      w.postMessage({ type: 'parse', id, req });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}

/** A parser for one import job; close it when the job ends. */
export function createParser(): Parser {
  return existsSync(WORKER) && process.env.SESSIONSCOPE_PARSE_INLINE !== '1' ? new WorkerParser() : new InlineParser();
}
