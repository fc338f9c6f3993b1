// Coverage gaps: what the logs could not show. Per identity from coverage.list when derivation provides it;
// from the events in any case: changes to logging itself (StopLogging, audit-policy edits) and records the
// importers had to reject (each one a hole in the record, with its reason kept in the case).
import type { ReportModel } from '../model.js';
import { FLAG } from '../../model/flags.js';
import { asArray, callDerived, str } from './derived.js';
import { eventModels } from './events.js';
import type { CollectContext } from './context.js';

const MAX_LOGGING = 300;

export async function coverageSection(c: CollectContext): Promise<ReportModel['coverage']> {
  const db = c.handle.db;
  const raw = await callDerived(c, 'coverage.list', { flagged: true });
  const rows = asArray(raw);
  const sources =
    raw && typeof raw === 'object' && Array.isArray((raw as Record<string, unknown>).sources)
      ? (raw as { sources: Record<string, unknown>[] }).sources
      : [];
  const gaps = sources.flatMap((src) =>
    (Array.isArray(src.gaps) ? (src.gaps as Record<string, unknown>[]) : []).map((g) => ({
      source: str(src.format),
      from: g.from ? c.clock.full(str(g.from)) : '',
      to: g.to ? c.clock.full(str(g.to)) : '',
      hours: Number(g.hours ?? 0),
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
    derived: rows !== null,
    // The plain-language reasons when derivation gives them, else the flag codes.
    rows: (rows ?? [])
      .map((r) => ({
        identity: str(r.identity),
        auth: str(r.auth_sources),
        actions: str(r.action_sources),
        flags:
          Array.isArray(r.details) && r.details.length
            ? (r.details as Record<string, unknown>[]).map((d) => str(d.text)).join('; ')
            : str(r.flags),
      }))
      .filter((r) => r.flags !== ''),
    gaps,
    logging: eventModels(c, loggingIds),
    rejects,
    note:
      rows === null
        ? 'Per-identity visibility coverage is not derived yet in this case; the lists below come from the events themselves.'
        : '',
  };
}
