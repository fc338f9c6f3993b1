// Worker-thread entry for parse jobs. One worker serves a whole import job (thousands of small CloudTrail
// delivery files must not each pay a thread start): it parses the files it is sent one after another, in the
// order sent, handing batches to the importing thread with their raw blocks transferred, never more than a few
// in flight (the writer acknowledges each), so memory stays bounded.
import { parentPort } from 'node:worker_threads';
import { runParse, type ParseRequest } from './parse-job.js';
import type { PreparedBatch } from './batch.js';

const MAX_IN_FLIGHT = 3;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
const queue: { id: number; req: ParseRequest }[] = [];
let busy = false;

function send(id: number, b: PreparedBatch): void {
  inFlight++;
  // Transfer the compressed blocks rather than copying them; a block sharing a pooled buffer is copied first.
  const blocks = b.blocks.map((x) =>
    x.byteOffset === 0 && x.byteLength === x.buffer.byteLength ? x : new Uint8Array(x),
  );
  port.postMessage(
    { type: 'batch', id, data: { ...b, blocks } },
    blocks.map((x) => x.buffer as ArrayBuffer),
  );
}

const backpressure = () =>
  inFlight < MAX_IN_FLIGHT
    ? undefined
    : new Promise<void>((r) => {
        wake = r;
      });

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    const { id, req } = queue.shift()!;
    try {
      const totals = await runParse(req, (b) => send(id, b), backpressure);
      port.postMessage({ type: 'done', id, data: totals });
    } catch (e) {
      port.postMessage({
        type: 'error',
        id,
        data: { message: e instanceof Error ? e.message.split('\n')[0] : String(e) },
      });
    }
  }
  busy = false;
}

port.on('message', (m: { type: string; id?: number; req?: ParseRequest }) => {
  if (m.type === 'ack') {
    inFlight--;
    if (wake && inFlight < MAX_IN_FLIGHT) {
      const w = wake;
      wake = null;
      w();
    }
  } else if (m.type === 'parse') {
    queue.push({ id: m.id!, req: m.req! });
    void drain();
  }
});
