// Worker-thread entry for parse jobs. One worker serves a whole import job (thousands of small CloudTrail
// delivery files must not each pay a thread start): it parses the files it is sent one at a time, handing
// batches to the importing thread with their raw blocks transferred, never more than a few in flight (the
// writer acknowledges each), so memory stays bounded.
import { parentPort } from 'node:worker_threads';
import { runParse, type ParseRequest } from './parse-job.js';
import type { PreparedBatch } from './batch.js';

const MAX_IN_FLIGHT = 3;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;

function send(b: PreparedBatch): void {
  inFlight++;
  // Transfer the compressed blocks rather than copying them; a block sharing a pooled buffer is copied first.
  const blocks = b.blocks.map((x) => (x.byteOffset === 0 && x.byteLength === x.buffer.byteLength ? x : new Uint8Array(x)));
  port.postMessage({ type: 'batch', data: { ...b, blocks } }, blocks.map((x) => x.buffer as ArrayBuffer));
}

const backpressure = () => (inFlight < MAX_IN_FLIGHT ? undefined : new Promise<void>((r) => { wake = r; }));

port.on('message', (m: { type: string; req?: ParseRequest }) => {
  if (m.type === 'ack') {
    inFlight--;
    if (wake && inFlight < MAX_IN_FLIGHT) { const w = wake; wake = null; w(); }
  } else if (m.type === 'parse') {
    inFlight = 0;
    runParse(m.req!, send, backpressure)
      .then((totals) => port.postMessage({ type: 'done', data: totals }))
      .catch((e: unknown) => port.postMessage({ type: 'error', data: { message: e instanceof Error ? e.message.split('\n')[0] : String(e) } }));
  }
});
