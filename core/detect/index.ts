// Sigma over the case: entry points. Derivation runs the rules over every event after identities and sessions
// are resolved (detectDuringDerivation); `detections.run` runs them on demand, optionally with the analyst's
// own rule folders, which the case then remembers for later derivations.
import type { CaseDb } from '../casefile/open.js';
import { getMeta, setMeta } from '../casefile/open.js';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { buildEngine, engineDigest, type Engine } from './engine.js';
import { finishRun, runEngine, scanRules, type EventIndex, type RunStats, type ScanOut } from './run.js';
import { storeRun } from './store.js';
import { FLAG } from '../model/flags.js';

const DIRS_KEY = 'detect_rule_dirs';

/** The analyst's rule folders this case runs (case_meta), in the order added. */
export function ruleDirs(db: CaseDb): string[] {
  const v = getMeta(db, DIRS_KEY);
  if (!v) return [];
  try {
    const a = JSON.parse(v) as unknown;
    return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function setRuleDirs(db: CaseDb, dirs: string[]): void {
  setMeta(db, DIRS_KEY, JSON.stringify(dirs));
}

// The bundled snapshot never changes while the process lives: compile it once. Analysts' folders are re-read
// on every run (they edit their rules between runs).
let bundledEngine: Engine | null = null;

export function engineFor(dirs: string[]): Engine {
  if (dirs.length === 0) return (bundledEngine ??= buildEngine());
  return buildEngine({ localDirs: dirs });
}

export interface DetectSummary extends RunStats {
  rules: number;
  /** Folders remembered by the case but missing now (their rules did not run). */
  missing_dirs: string[];
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** The worker must show progress at least this often, or its scan is redone on this thread. */
const STALL_MS = 120_000;

/** A scan started before it is needed (derivation starts it, then resolves identities meanwhile). */
export interface DetectionJob {
  dirs: string[];
  missing: string[];
  /** The worker's scan, or null when there is none (run inline then). Blocks until it is done. */
  collect(engine: Engine): { out: ScanOut; note: string | null } | null;
}

function activeDirs(db: CaseDb): { dirs: string[]; missing: string[] } {
  const all = ruleDirs(db);
  const dirs = all.filter((d) => existsSync(d));
  return { dirs, missing: all.filter((d) => !dirs.includes(d)) };
}

/**
 * Starts the scan on a worker thread when one can run it (built code, a case on disk, a core to spare;
 * SESSIONSCOPE_SIGMA_WORKER=0 turns it off, =1 forces it); `collect` waits for it. Without a worker, derivation
 * scans inline when it gets there.
 */
/** What the worker needs of each event when the caller already read them (derivation's scan). */
export type EventBase = Omit<EventIndex, 'identity' | 'session' | 'identityName'>;

export function startDetection(db: CaseDb, base?: EventBase): DetectionJob {
  const { dirs, missing } = activeDirs(db);
  const inline: DetectionJob = { dirs, missing, collect: () => null };
  if (process.env.SESSIONSCOPE_SIGMA_WORKER === '0' || db.memory || !db.name || !existsSync(WORKER)) return inline;
  // A worker helps only when a core is free: on a machine already busy it competes with derivation and the scan
  // takes longer than on this thread (measured: +6.6 s vs +4.2 s at load 11 on 2 cores).
  if (process.env.SESSIONSCOPE_SIGMA_WORKER !== '1' && loadavg()[0] > availableParallelism() - 1) return inline;
  const flag = new SharedArrayBuffer(8);
  const state = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER, {
      workerData: { path: db.name, dirs, flag, port: port2, base: base ? sliceBase(base) : null },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
  } catch {
    return inline;
  }
  worker.unref();
  worker.on('error', () => {});
  return {
    dirs,
    missing,
    collect(engine) {
      let seen = Atomics.load(state, 1);
      let since = Date.now();
      while (Atomics.load(state, 0) === 0) {
        Atomics.wait(state, 0, 0, 1000);
        const now = Atomics.load(state, 1);
        if (now !== seen) {
          seen = now;
          since = Date.now();
        } else if (Date.now() - since > STALL_MS) {
          void worker.terminate();
          return null;
        }
      }
      const m = receiveMessageOnPort(port1)?.message as
        { ok: true; digest: string; out: ScanOut } | { ok: false; error: string } | undefined;
      port1.close();
      if (!m || !m.ok) return null;
      if (m.digest !== engineDigest(engine)) return null;
      return { out: m.out, note: null };
    },
  };
}

/**
 * Runs every rule over the index (using the job's worker scan when there is one), stores the matches, returns
 * the positions to flag.
 */
export function detect(
  db: CaseDb,
  ix: EventIndex,
  job: DetectionJob = { ...activeDirs(db), collect: () => null },
): { flagged: Set<number>; summary: DetectSummary } {
  const engine = engineFor(job.dirs);
  const fromWorker = job.collect(engine);
  let r;
  if (fromWorker) {
    // Rules on the resolved identity or session could not run on the worker: they run here, now.
    const scans = [fromWorker.out];
    if (engine.entries.some((e) => e.kind === 'detection' && e.needsIdentity))
      scans.push(scanRules(db, engine, ix, (e) => e.needsIdentity));
    r = finishRun(engine, ix, scans, 'worker');
  } else r = runEngine(db, engine, ix);
  const flagged = storeRun(db, engine, ix, r);
  return { flagged, summary: { ...r.stats, rules: engine.entries.length, missing_dirs: job.missing } };
}

/** The first n entries of each array (derivation's arrays have spare capacity), copied for the worker. */
function sliceBase(b: EventBase): EventBase {
  return {
    n: b.n,
    id: b.id.slice(0, b.n),
    ts: b.ts.slice(0, b.n),
    fmt: b.fmt.slice(0, b.n),
    formats: b.formats,
    action: b.action.slice(0, b.n),
    actions: b.actions,
    rawBlock: b.rawBlock.slice(0, b.n),
    rawOff: b.rawOff.slice(0, b.n),
    rawLen: b.rawLen.slice(0, b.n),
  };
}

/** The event index from the case itself (on-demand runs): one read of the events in id order. */
export function readEventIndex(db: CaseDb, tick: () => void = () => {}, withDerived = true): EventIndex {
  const n = db.prepare('SELECT count(*) FROM event_rows').pluck().get() as number;
  const ix: EventIndex = {
    n: 0,
    id: new Float64Array(n),
    ts: new Float64Array(n),
    fmt: new Uint8Array(n),
    formats: [],
    action: new Int32Array(n),
    actions: [],
    identity: new Float64Array(n),
    session: new Float64Array(n),
    rawBlock: new Float64Array(n),
    rawOff: new Int32Array(n),
    rawLen: new Int32Array(n),
    identityName: () => null,
  };
  const fmts = new Map<string, number>();
  const acts = new Map<string, number>();
  let p = 0;
  for (const r of db
    .prepare(
      withDerived
        ? 'SELECT id, ts, format, action, identity_id, session_id, raw_block, raw_offset, raw_length FROM events ORDER BY id'
        : 'SELECT id, ts, format, action, NULL, NULL, raw_block, raw_offset, raw_length FROM event_rows ORDER BY id',
    )
    .raw(true)
    .iterate() as Iterable<[number, number, string, string, number | null, number | null, number, number, number]>) {
    if (p >= n) break;
    if ((p & 65535) === 0) tick();
    let f = fmts.get(r[2]);
    if (f === undefined) {
      fmts.set(r[2], (f = ix.formats.length));
      ix.formats.push(r[2]);
    }
    let a = acts.get(r[3]);
    if (a === undefined) {
      acts.set(r[3], (a = ix.actions.length));
      ix.actions.push(r[3]);
    }
    ix.id[p] = r[0];
    ix.ts[p] = r[1];
    ix.fmt[p] = f;
    ix.action[p] = a;
    ix.identity[p] = r[4] ?? NaN;
    ix.session[p] = r[5] ?? NaN;
    ix.rawBlock[p] = r[6];
    ix.rawOff[p] = r[7];
    ix.rawLen[p] = r[8];
    p++;
  }
  ix.n = p;
  const names = new Map<number, string>(
    (db.prepare('SELECT id, name FROM identities').raw(true).all() as [number, string][]).map(([i, nm]) => [i, nm]),
  );
  ix.identityName = (id) => names.get(id) ?? null;
  return ix;
}

/**
 * On demand: runs the bundled rules and the case's folders (plus `addDirs`, remembered from now on) and
 * updates the stored matches and the events' sigma flag.
 */
export function runDetections(db: CaseDb, addDirs: string[] = []): DetectSummary {
  if (addDirs.length > 0) {
    const dirs = ruleDirs(db);
    for (const d of addDirs) if (!dirs.includes(d)) dirs.push(d);
    // Loading first: a folder that does not exist or has no rule file is refused before it is remembered.
    buildEngine({ localDirs: addDirs, bundled: false });
    setRuleDirs(db, dirs);
  }
  const ix = readEventIndex(db);
  const { flagged, summary } = detect(db, ix);
  const clear = db.prepare('UPDATE event_derived SET flags = flags & ? WHERE id = ?');
  for (const id of db
    .prepare('SELECT id FROM event_derived WHERE (flags & ?) != 0')
    .pluck()
    .all(FLAG.sigma) as number[])
    clear.run(~FLAG.sigma, id);
  const set = db.prepare(
    'INSERT INTO event_derived(id, flags) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET flags = flags | excluded.flags',
  );
  for (const p of flagged) set.run(ix.id[p], FLAG.sigma);
  return summary;
}
