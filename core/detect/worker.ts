// The scan phase of a Sigma run (run.ts) on a worker thread: derivation starts it first thing and collects it
// when identities and sessions are resolved, so reading and parsing the raw records costs no wall time on a
// machine with a free core. Reads the case through its own read-only connection (WAL: the events derivation
// works on are committed). Always answers — results or an error — then raises the shared flag.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CaseDb } from '../casefile/open.js';
import { engineFor, readEventIndex, type EventBase } from './index.js';
import { engineDigest } from './engine.js';
import { scanRules, type EventIndex } from './run.js';

interface Job {
  path: string;
  dirs: string[];
  /** The events as derivation read them (else read here). */
  base: EventBase | null;
  flag: SharedArrayBuffer;
  port: MessagePort;
}

const job = workerData as Job;
const flag = new Int32Array(job.flag);
try {
  // The derivation that started this worker has opened and checked the case; read it as it is.
  const db = new Database(job.path, { readonly: true, fileMustExist: true }) as CaseDb;
  try {
    const engine = engineFor(job.dirs);
    const ix: EventIndex = job.base
      ? {
          ...job.base,
          identity: new Float64Array(job.base.n).fill(NaN),
          session: new Float64Array(job.base.n).fill(NaN),
          identityName: () => null,
        }
      : readEventIndex(db, () => Atomics.add(flag, 1, 1), false);
    const out = scanRules(
      db,
      engine,
      ix,
      (e) => !e.needsIdentity,
      () => Atomics.add(flag, 1, 1),
    );
    job.port.postMessage({ ok: true, digest: engineDigest(engine), out }, [
      out.hitEvent.buffer as ArrayBuffer,
      out.hitEntry.buffer as ArrayBuffer,
    ]);
  } finally {
    db.close();
  }
} catch (e) {
  job.port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
void parentPort;
