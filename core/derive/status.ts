// derive.status: when derivation last ran, how long it took, what it produced and the settings it used.
import { getMeta, type CaseDb } from '../casefile/open.js';
import { formatMicros } from '../model/time.js';
import { readSettings } from './settings.js';

export interface DeriveStatus {
  /** null: derivation has never run on this case. */
  derived_at: string | null;
  derive_ms: number;
  derived_events: number;
  identities: number;
  sessions: number;
  settings: { session_gap_seconds: number; coverage_gap_seconds: number; baseline_until: string | null };
}

export function deriveStatus(db: CaseDb): DeriveStatus {
  const s = readSettings(db);
  return {
    derived_at: getMeta(db, 'derived_at'),
    derive_ms: Number(getMeta(db, 'derive_ms') ?? 0),
    derived_events: Number(getMeta(db, 'derived_events') ?? 0),
    identities: db.prepare('SELECT count(*) FROM identities WHERE live = 1').pluck().get() as number,
    sessions: db.prepare('SELECT count(*) FROM sessions').pluck().get() as number,
    settings: {
      session_gap_seconds: s.sessionGap / 1e6,
      coverage_gap_seconds: s.coverageGapFloor / 1e6,
      baseline_until: s.baselineUntil === null ? null : formatMicros(s.baselineUntil),
    },
  };
}
