// Writes a run's matches into the case (migration 0005_detections), replacing the previous run's: detections are
// derived data, recomputed with every derivation. Only rules that matched are stored; the catalogue of all rules and
// why some cannot run is computed from the rule files (catalogue.ts).
import type { CaseDb } from '../casefile/open.js';
import { setMeta } from '../casefile/open.js';
import type { Engine, Entry } from './engine.js';
import type { EventIndex, RunResult } from './run.js';

function ruleRow(e: Entry) {
  const m = e.rule.meta;
  return {
    rule_id: m.id,
    kind: e.kind,
    source: e.loaded.origin.kind,
    file: e.loaded.origin.file,
    title: m.title,
    level: m.level,
    status: m.status,
    author: m.author,
    license: e.loaded.license,
    url: e.loaded.url,
    tags: JSON.stringify(m.tags),
    refs: JSON.stringify(m.references),
    date: m.date,
    modified: m.modified,
    description: m.description,
    logsource: e.kind === 'detection' ? JSON.stringify(e.rule.logsource) : null,
    sha256: e.loaded.sha256,
  };
}

/** Replaces the stored detections; returns the positions of every event in a match (for the event flag). */
export function storeRun(db: CaseDb, engine: Engine, ix: EventIndex, r: RunResult): Set<number> {
  db.exec(`DELETE FROM detection_correlation_events; DELETE FROM detection_correlations; DELETE FROM detection_matches;
    DELETE FROM detection_rules;`);
  const insRule =
    db.prepare(`INSERT INTO detection_rules(rule_id, kind, source, file, title, level, status, author, license,
    url, tags, refs, date, modified, description, logsource, sha256) VALUES (@rule_id, @kind, @source, @file, @title, @level,
    @status, @author, @license, @url, @tags, @refs, @date, @modified, @description, @logsource, @sha256)`);
  const ruleIds = new Map<number, number>();
  const ruleOf = (entry: number) => {
    let id = ruleIds.get(entry);
    if (id === undefined) {
      id = Number(insRule.run(ruleRow(engine.entries[entry])).lastInsertRowid);
      ruleIds.set(entry, id);
    }
    return id;
  };
  const insMatch = db.prepare('INSERT OR IGNORE INTO detection_matches(event_id, rule) VALUES (?, ?)');
  const insCorr =
    db.prepare(`INSERT INTO detection_correlations(rule, ts, first_ts, event_id, identity_id, session_id, events, grp)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insEv = db.prepare('INSERT OR IGNORE INTO detection_correlation_events(hit, event_id) VALUES (?, ?)');
  const flagged = new Set<number>();
  // In event order: the table's B-tree is appended to.
  const hits = [...r.hits].sort((a, b) => a.pos - b.pos || a.entry - b.entry);
  for (const h of hits) {
    insMatch.run(ix.id[h.pos], ruleOf(h.entry));
    flagged.add(h.pos);
  }
  for (const c of r.corr) {
    const m = c.match;
    let last = m.events[0];
    for (const p of m.events) if (ix.ts[p] > ix.ts[last] || (ix.ts[p] === ix.ts[last] && p > last)) last = p;
    const hit = Number(
      insCorr.run(
        ruleOf(c.entry),
        m.ts,
        m.firstTs,
        ix.id[last],
        m.identity,
        m.session,
        m.events.length,
        JSON.stringify(m.group),
      ).lastInsertRowid,
    );
    for (const p of m.events) {
      insEv.run(hit, ix.id[p]);
      flagged.add(p);
    }
  }
  setMeta(
    db,
    'detections',
    JSON.stringify({
      at: new Date().toISOString(),
      snapshot: engine.set.snapshot.commit,
      rules_dirs: engine.set.localDirs,
      ...r.stats,
    }),
  );
  return flagged;
}
