// Derivation's Sigma step: hands the scan, with the identities and sessions just resolved, to core/detect and
// sets the sigma flag on every event a match names. The rules' scan of the raw records was started on a worker
// thread when derivation began (startSigma); SESSIONSCOPE_SIGMA=0 leaves Sigma out (benchmarks compare
// derivation with and without it).
import type { CaseDb } from '../casefile/open.js';
import { FLAG } from '../model/flags.js';
import { detect, startDetection, type DetectionJob, type DetectSummary } from '../detect/index.js';
import type { EventIndex } from '../detect/run.js';
import type { Scan } from './scan.js';
import type { Aggregates } from './aggregate.js';
import type { Resolution } from './resolve.js';
import type { IdentityRow } from './write-identities.js';

/** Starts the rules' scan on a worker thread, handing it the events this derivation just read. */
export function startSigma(db: CaseDb, scan: Scan): DetectionJob | null {
  if (process.env.SESSIONSCOPE_SIGMA === '0') return null;
  return startDetection(db, {
    n: scan.n,
    id: scan.id,
    ts: scan.ts,
    fmt: scan.fmt,
    formats: scan.formats.values,
    action: scan.action,
    actions: scan.actions.values,
    rawBlock: scan.rawBlock,
    rawOff: scan.rawOff,
    rawLen: scan.rawLen,
  });
}

export function sigmaPass(
  db: CaseDb,
  scan: Scan,
  agg: Aggregates,
  res: Resolution,
  identities: IdentityRow[],
  sessionIds: Float64Array,
  flags: Int32Array,
  job: DetectionJob | null,
): DetectSummary | undefined {
  if (!job) return undefined;
  const names = new Map(identities.map((r, i) => [r.dbId, res.identities[i].name]));
  const identity = new Float64Array(scan.n);
  const session = new Float64Array(scan.n);
  for (let p = 0; p < scan.n; p++) {
    const i = agg.eventIdentity[p];
    identity[p] = i >= 0 ? identities[i].dbId : NaN;
    session[p] = scan.sess[p] >= 0 ? sessionIds[scan.sess[p]] : NaN;
  }
  const ix: EventIndex = {
    n: scan.n,
    id: scan.id,
    ts: scan.ts,
    fmt: scan.fmt,
    formats: scan.formats.values,
    action: scan.action,
    actions: scan.actions.values,
    identity,
    session,
    rawBlock: scan.rawBlock,
    rawOff: scan.rawOff,
    rawLen: scan.rawLen,
    identityName: (id) => names.get(id) ?? null,
  };
  const det = detect(db, ix, job);
  for (const p of det.flagged) flags[p] |= FLAG.sigma;
  return det.summary;
}
