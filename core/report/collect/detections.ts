// Sigma detections for the report: every rule that matched (level, title, author, licence, link, matches,
// identities, first and last time), and, per finding, the rules that matched the events it cites — so the
// machine's detections stand beside the analyst's findings, each with its rule's author as the DRL asks.
import type { CaseDb } from '../../casefile/open.js';
import { getMeta } from '../../casefile/open.js';
import { summarizeDetections } from '../../query/detections.js';
import type { DetectionRef, ReportModel } from '../model.js';
import type { CollectContext } from './context.js';

export function detectionsSection(c: CollectContext): ReportModel['detections'] {
  const db = c.handle.db;
  const last = getMeta(db, 'detections');
  const run = last ? (JSON.parse(last) as { at?: string; snapshot?: string; rules_dirs?: string[] }) : null;
  const rules = summarizeDetections(db).map((r) => ({
    level: r.level ?? '',
    title: r.title,
    author: r.author ?? 'not stated',
    license: r.license ?? 'not stated',
    url: r.url,
    source: r.source,
    kind: r.kind,
    matches: r.matches,
    events: r.events,
    identities: r.identities,
    first: c.clock.full(r.first),
    last: c.clock.full(r.last),
  }));
  return {
    ran: run !== null,
    at: run?.at ? c.clock.full(run.at) : null,
    snapshot: run?.snapshot ?? null,
    folders: run?.rules_dirs ?? [],
    rules,
  };
}

/** The rules that matched any of these events (alone, or as part of a correlation), highest level first. */
export function detectionsOn(db: CaseDb, eventIds: number[]): DetectionRef[] {
  if (eventIds.length === 0) return [];
  const out = new Map<string, DetectionRef & { n: number }>();
  const st = db.prepare(
    `SELECT r.rule_id, r.title, r.level, r.author, r.url, count(*) AS n FROM (
       SELECT rule FROM detection_matches WHERE event_id = ?
       UNION ALL SELECT c.rule FROM detection_correlation_events x JOIN detection_correlations c ON c.id = x.hit WHERE x.event_id = ?
     ) m JOIN detection_rules r ON r.id = m.rule GROUP BY r.id`,
  );
  for (const id of eventIds)
    for (const r of st.all(id, id) as {
      rule_id: string;
      title: string;
      level: string | null;
      author: string | null;
      url: string;
      n: number;
    }[]) {
      const x = out.get(r.rule_id);
      if (x) x.events += r.n;
      else
        out.set(r.rule_id, {
          title: r.title,
          level: r.level ?? '',
          author: r.author ?? 'not stated',
          url: r.url,
          events: r.n,
          n: 0,
        });
    }
  const rank = ['critical', 'high', 'medium', 'low', 'informational', ''];
  return [...out.values()]
    .sort((a, b) => rank.indexOf(a.level) - rank.indexOf(b.level) || b.events - a.events)
    .map(({ n: _n, ...r }) => r);
}
