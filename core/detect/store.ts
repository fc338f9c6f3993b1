// Writes a run's matches into the case (migration 0005), replacing the previous run's: detections are derived
// data, recomputed with every derivation. Only rules that matched are stored; the catalogue of all rules and
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

const nul = (v: number) => (Number.isNaN(v) ? null : v);

/** Replaces the stored detections; returns the positions of every event in a match (for the event flag). */
export function storeRun(db: CaseDb, engine: Engine, ix: EventIndex, r: RunResult): Set<number> {
  db.exec('DELETE FROM detection_hit_events; DELETE FROM detection_hits; DELETE FROM detection_rules;');
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
  const insHit =
    db.prepare(`INSERT INTO detection_hits(rule, ts, first_ts, event_id, identity_id, session_id, events, grp)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insEv = db.prepare('INSERT OR IGNORE INTO detection_hit_events(hit, event_id) VALUES (?, ?)');
  const flagged = new Set<number>();
  // Hits in time order (ids are time-keyed), so listings read the table in order.
  const hits = [...r.hits].sort((a, b) => a.pos - b.pos || a.entry - b.entry);
  for (const h of hits) {
    const p = h.pos;
    insHit.run(ruleOf(h.entry), ix.ts[p], ix.ts[p], ix.id[p], nul(ix.identity[p]), nul(ix.session[p]), 1, null);
    flagged.add(p);
  }
  for (const c of r.corr) {
    const m = c.match;
    const last = m.events.reduce(
      (a, b) => (ix.ts[b] > ix.ts[a] || (ix.ts[b] === ix.ts[a] && b > a) ? b : a),
      m.events[0],
    );
    const hit = Number(
      insHit.run(
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
