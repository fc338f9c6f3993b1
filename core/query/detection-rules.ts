// Every rule the case would run, and what becomes of it here: runs (on which formats), cannot run for lack of a
// source (no importer reads its log source, or this case has no evidence of that format), not applicable (the
// format lacks a field the rule tests), or invalid (with the reason). `coverage` and `detections --rules-list`
// show it; docs/detections.md explains each status.
import type { CaseDb } from '../casefile/open.js';
import type { FormatId } from '../model/event.js';
import type { Engine, Entry } from '../detect/engine.js';
import { unreadReason } from '../detect/engine.js';
import { engineFor, ruleDirs } from '../detect/index.js';
import { existsSync } from 'node:fs';

export type RuleStatus = 'runs' | 'no_source' | 'not_in_case' | 'not_applicable' | 'invalid';

export interface CatalogueRule {
  id: string | null;
  title: string | null;
  kind: 'detection' | 'correlation' | 'filter' | null;
  level: string | null;
  author: string | null;
  source: 'sigmahq' | 'local';
  file: string;
  url: string | null;
  license: string | null;
  logsource: string | null;
  status: RuleStatus;
  /** Formats of this case it runs on. */
  formats: FormatId[];
  /** Why it does not run (or, for a rule that runs, why it does not run on some other format). */
  reasons: string[];
  matches: number;
}

export interface Catalogue {
  snapshot: { repository: string; commit: string; date: string; license: string };
  rules_dirs: string[];
  counts: Record<RuleStatus, number> & { total: number };
  rules: CatalogueRule[];
}

function caseFormats(db: CaseDb): Set<string> {
  return new Set(db.prepare('SELECT DISTINCT format FROM evidence WHERE format IS NOT NULL').pluck().all() as string[]);
}

function describe(e: Entry, present: Set<string>, matches: Map<string, number>): CatalogueRule {
  const m = e.rule.meta;
  const base = {
    id: m.id,
    title: m.title,
    kind: e.kind,
    level: m.level,
    author: m.author,
    source: e.loaded.origin.kind,
    file: e.loaded.origin.file,
    url: e.loaded.url,
    license: e.loaded.license,
    matches: matches.get(m.id) ?? 0,
  };
  if (e.kind === 'correlation') {
    const logsource = `correlation ${e.rule.type} of ${e.rule.rules.join(', ')}`;
    if (e.problem) return { ...base, logsource, status: 'not_applicable', formats: [], reasons: [e.problem] };
    return { ...base, logsource, status: 'runs', formats: [], reasons: [] };
  }
  const ls = e.rule.logsource;
  const logsource = [ls.product, ls.service, ls.category].filter(Boolean).join('/');
  const unread = unreadReason(ls);
  if (unread) return { ...base, logsource, status: 'no_source', formats: [], reasons: [unread] };
  const runs = [...e.compiled.keys()];
  const here = runs.filter((f) => present.has(f));
  const na = [...e.notApplicable].map(([f, why]) => `${f}: ${why}`);
  if (here.length > 0) return { ...base, logsource, status: 'runs', formats: here, reasons: na };
  if (runs.length > 0)
    return {
      ...base,
      logsource,
      status: 'not_in_case',
      formats: [],
      reasons: [`no source in this case: needs ${runs.join(' or ')} evidence`, ...na],
    };
  return { ...base, logsource, status: 'not_applicable', formats: [], reasons: na };
}

export function catalogue(
  db: CaseDb,
  engine: Engine = engineFor(ruleDirs(db).filter((d) => existsSync(d))),
): Catalogue {
  const present = caseFormats(db);
  const matches = new Map<string, number>();
  for (const r of db
    .prepare(
      `SELECT r.rule_id, (SELECT count(*) FROM detection_matches m WHERE m.rule = r.id) +
        (SELECT count(*) FROM detection_correlations c WHERE c.rule = r.id) FROM detection_rules r`,
    )
    .raw(true)
    .all() as [string, number][])
    matches.set(r[0], r[1]);
  const rules: CatalogueRule[] = engine.entries.map((e) => describe(e, present, matches));
  for (const i of engine.invalid)
    rules.push({
      id: i.id,
      title: i.title,
      kind: null,
      level: null,
      author: null,
      source: i.source,
      file: i.file,
      url: null,
      license: null,
      logsource: null,
      status: 'invalid',
      formats: [],
      reasons: [i.reason],
      matches: 0,
    });
  const counts = { runs: 0, no_source: 0, not_in_case: 0, not_applicable: 0, invalid: 0, total: rules.length };
  for (const r of rules) counts[r.status]++;
  const s = engine.set.snapshot;
  return {
    snapshot: { repository: s.repository, commit: s.commit, date: s.date, license: s.license },
    rules_dirs: engine.set.localDirs,
    counts,
    rules,
  };
}
