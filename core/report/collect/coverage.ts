// Coverage gaps: what the logs could not show. Per identity and per source from derivation's coverage (when
// derivation has run on this case); from the events in any case: changes to logging itself (StopLogging,
// audit-policy edits) and records the importers had to reject (each one a hole in the record, with its reason
// kept in the case).
import type { ReportModel } from '../model.js';
import { FLAG } from '../../model/flags.js';
import { computeCoverage } from '../../query/coverage.js';
import { hasDerived } from './derived.js';
import { eventModels } from './events.js';
import type { CollectContext } from './context.js';
import type { CoverageDetail } from '../../query/coverage.js';
import { durationText, spanText, type Clock } from '../time.js';

const MAX_LOGGING = 300;
/** Silences named per identity; the rest are counted (the source table below lists every one). */
const GAPS_NAMED = 3;

/**
 * A coverage detail in the report's words: a silent source's spans in the report's zone with their lengths
 * (the core's text gives raw UTC instants), every other detail as the core words it.
 */
function detailText(d: CoverageDetail, clock: Clock): string {
  if (d.flag !== 'source_gap' || !d.gaps?.length) return d.text;
  const named = d.gaps
    .slice(0, GAPS_NAMED)
    .map((g) => `${g.format} was silent ${spanText(clock, g.from, g.to)}`)
    .join('; ');
  const more = d.gaps.length - GAPS_NAMED;
  return `active while ${named}${more > 0 ? ` (+${more} more silence${more === 1 ? '' : 's'}, listed under Silences in a source)` : ''}`;
}

export function coverageSection(c: CollectContext): ReportModel['coverage'] {
  const db = c.handle.db;
  const derived = hasDerived(db);
  const cov = derived ? computeCoverage(db, { flaggedOnly: true }) : null;
  const gaps = (cov?.sources ?? []).flatMap((src) =>
    src.gaps.map((g) => ({
      source: src.format,
      from: c.clock.second(g.from),
      to: c.clock.second(g.to),
      hours: g.hours,
      length: durationText(c.clock.us(g.to) - c.clock.us(g.from)),
    })),
  );
  const loggingIds = db
    .prepare(`SELECT id FROM events WHERE category = 'logging' OR (flags & ?) != 0 ORDER BY id LIMIT ?`)
    .pluck()
    .all(FLAG.logTamper, MAX_LOGGING) as number[];
  const rejects = (
    db.prepare('SELECT name, rejected, records FROM evidence WHERE rejected > 0 ORDER BY id').all() as {
      name: string;
      rejected: number;
      records: number;
    }[]
  ).map((r) => ({ evidence: r.name, rejected: r.rejected, records: r.records }));
  return {
    derived,
    // The plain-language reasons, else the flag codes.
    rows: (cov?.identities ?? [])
      .map((r) => ({
        identity: r.identity,
        auth: r.auth_sources.join(', '),
        actions: r.action_sources.join(', '),
        flags: r.details.length ? r.details.map((d) => detailText(d, c.clock)).join('; ') : r.flags.join(', '),
      }))
      .filter((r) => r.flags !== ''),
    gaps,
    logging: eventModels(c, loggingIds),
    rejects,
    note: derived
      ? ''
      : 'Derivation has not run on this case, so there is no per-identity visibility coverage; the lists below come from the events themselves.',
  };
}
