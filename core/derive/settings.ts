// Per-case derivation settings, kept in case_meta so every transport and every rebuild uses the same ones.
import type { CaseDb } from '../casefile/open.js';
import { getMeta } from '../casefile/open.js';
import { parseIsoMicros } from '../model/time.js';

export interface DeriveSettings {
  /** Inactivity that ends a session without a log session key (µs). */
  sessionGap: number;
  /** Shortest silence of a source reported as a coverage gap (µs). */
  coverageGapFloor: number;
  /** Default baseline end for deviations (µs); null = midpoint of the case's time range. */
  baselineUntil: number | null;
}

function num(db: CaseDb, key: string, dflt: number, min: number): number {
  const v = Number(getMeta(db, key));
  return Number.isFinite(v) && v >= min ? v : dflt;
}

export function readSettings(db: CaseDb): DeriveSettings {
  const b = getMeta(db, 'baseline_until');
  return {
    sessionGap: num(db, 'session_gap_seconds', 1800, 1) * 1e6,
    coverageGapFloor: num(db, 'coverage_gap_seconds', 3600, 60) * 1e6,
    baselineUntil: b ? parseIsoMicros(b) : null,
  };
}
