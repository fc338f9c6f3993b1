// Reading the stored detections: the matches (a detection rule's event, or a correlation's events), filtered by
// rule, identity and level, in time order; the per-rule and per-identity summary the report and the Detections
// view show. Every match carries what the Detection Rule License asks to travel with it: author and a link.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { formatMicros } from '../model/time.js';
import { nameMaps, sessionName } from './names.js';
import { identityIds as resolvedIds } from './resolve.js';
import { LEVELS, type Level } from '../detect/sigma/rule.js';

export interface RuleRef {
  id: string;
  title: string;
  level: string | null;
  author: string | null;
  license: string | null;
  url: string;
  tags: string[];
  source: 'sigmahq' | 'local';
  kind: 'detection' | 'correlation';
}

export interface MatchJson {
  /** Stable across re-derivation: the rule's id and the (last) event's id. */
  match: string;
  kind: 'detection' | 'correlation';
  rule: RuleRef;
  event: number;
  ts: string;
  identity: string | null;
  identity_id: number | null;
  session: string | null;
  session_id: number | null;
  /** Correlations: every event, the first time and the group-by values. */
  events?: number[];
  first_ts?: string;
  group?: Record<string, string | null>;
}

export interface DetectionFilter {
  rule?: string;
  identity?: string;
  /** Levels to keep: 'high' (exactly), 'high+' (high and above), or a comma list. */
  level?: string;
  kind?: 'detection' | 'correlation';
  from?: number;
  to?: number;
}

interface RuleRow {
  id: number;
  rule_id: string;
  kind: 'detection' | 'correlation';
  source: 'sigmahq' | 'local';
  title: string;
  level: string | null;
  author: string | null;
  license: string | null;
  url: string;
  tags: string;
}

function ruleRef(r: RuleRow): RuleRef {
  return {
    id: r.rule_id,
    title: r.title,
    level: r.level,
    author: r.author,
    license: r.license,
    url: r.url,
    tags: JSON.parse(r.tags) as string[],
    source: r.source,
    kind: r.kind,
  };
}

/** Parses a level filter: `high`, `high+` (and above), `medium,high`. */
export function parseLevels(spec: string): Set<string> {
  const out = new Set<string>();
  for (const part of spec.split(',').map((x) => x.trim().toLowerCase())) {
    if (part === '') continue;
    const plus = part.endsWith('+');
    const name = plus ? part.slice(0, -1) : part;
    const i = (LEVELS as readonly string[]).indexOf(name);
    if (i < 0)
      throw new UserError(
        'INVALID_PARAMS',
        `level ${JSON.stringify(part)}: use ${LEVELS.join(', ')} (a trailing + adds the levels above)`,
      );
    for (const l of plus ? LEVELS.slice(i) : [name as Level]) out.add(l);
  }
  if (out.size === 0) throw new UserError('INVALID_PARAMS', 'level: name at least one level');
  return out;
}

function rules(db: CaseDb, f: DetectionFilter): Map<number, RuleRow> {
  const all = db
    .prepare('SELECT id, rule_id, kind, source, title, level, author, license, url, tags FROM detection_rules')
    .all() as RuleRow[];
  let keep = all;
  if (f.rule !== undefined) {
    const q = f.rule.trim().toLowerCase();
    keep = keep.filter((r) => r.rule_id.toLowerCase() === q || r.title.toLowerCase() === q);
    if (keep.length === 0) {
      const known = db.prepare('SELECT count(*) FROM detection_rules').pluck().get() as number;
      throw new UserError(
        'NOT_FOUND',
        `no rule ${JSON.stringify(f.rule)} has matches in this case (${known} rules matched; see \`detections --rules-list\` for all rules and why some cannot run)`,
      );
    }
  }
  if (f.level !== undefined) {
    const lv = parseLevels(f.level);
    keep = keep.filter((r) => r.level !== null && lv.has(r.level));
  }
  if (f.kind) keep = keep.filter((r) => r.kind === f.kind);
  return new Map(keep.map((r) => [r.id, r]));
}

/** Matches in time order; `limit` counts matches (the result says when it cut the list). */
export function listDetections(
  db: CaseDb,
  f: DetectionFilter = {},
  opts: { limit?: number; offset?: number } = {},
): { matches: MatchJson[]; total: number; truncated: boolean } {
  const rs = rules(db, f);
  let identityIds: number[] | null = null;
  if (f.identity !== undefined) {
    identityIds = resolvedIds(db, f.identity);
  }
  type Row = {
    kind: 'detection' | 'correlation';
    rule: number;
    event: number;
    ts: number;
    identity: number | null;
    session: number | null;
    hit?: number;
    first?: number;
    events?: number;
    grp?: string;
  };
  const rows: Row[] = [];
  const ruleIds = [...rs.keys()];
  if (ruleIds.length > 0) {
    const inRules = `(${ruleIds.join(',')})`;
    const time: string[] = [];
    const args: number[] = [];
    if (f.from !== undefined) {
      time.push('e.ts >= ?');
      args.push(f.from);
    }
    if (f.to !== undefined) {
      time.push('e.ts < ?');
      args.push(f.to);
    }
    const idf = identityIds ? ` AND e.identity_id IN (${identityIds.join(',')})` : '';
    const tf = time.length ? ` AND ${time.join(' AND ')}` : '';
    for (const r of db
      .prepare(
        `SELECT m.rule, m.event_id, e.ts, e.identity_id, e.session_id FROM detection_matches m JOIN events e ON e.id = m.event_id
         WHERE m.rule IN ${inRules}${idf}${tf} ORDER BY m.event_id, m.rule`,
      )
      .raw(true)
      .iterate(...args) as Iterable<[number, number, number, number | null, number | null]>)
      rows.push({ kind: 'detection', rule: r[0], event: r[1], ts: r[2], identity: r[3], session: r[4] });
    const ctf = tf.replace(/e\.ts/g, 'c.ts');
    const cidf = identityIds
      ? ` AND (c.identity_id IN (${identityIds.join(',')}) OR EXISTS (SELECT 1 FROM detection_correlation_events x JOIN event_derived d ON d.id = x.event_id WHERE x.hit = c.id AND d.identity_id IN (${identityIds.join(',')})))`
      : '';
    for (const r of db
      .prepare(
        `SELECT c.id, c.rule, c.event_id, c.ts, c.first_ts, c.identity_id, c.session_id, c.events, c.grp FROM detection_correlations c
         WHERE c.rule IN ${inRules}${cidf}${ctf}`,
      )
      .all(...args) as {
      id: number;
      rule: number;
      event_id: number;
      ts: number;
      first_ts: number;
      identity_id: number | null;
      session_id: number | null;
      events: number;
      grp: string;
    }[])
      rows.push({
        kind: 'correlation',
        rule: r.rule,
        event: r.event_id,
        ts: r.ts,
        identity: r.identity_id,
        session: r.session_id,
        hit: r.id,
        first: r.first_ts,
        events: r.events,
        grp: r.grp,
      });
  }
  rows.sort((a, b) => a.ts - b.ts || a.event - b.event || a.rule - b.rule);
  const offset = opts.offset ?? 0;
  const page = opts.limit !== undefined ? rows.slice(offset, offset + opts.limit) : rows.slice(offset);
  const names = nameMaps(
    db,
    page.map((r) => r.identity).filter((x): x is number => x !== null),
    [],
  );
  const evStmt = db
    .prepare('SELECT event_id FROM detection_correlation_events WHERE hit = ? ORDER BY event_id')
    .pluck();
  const matches = page.map((r): MatchJson => {
    const rule = ruleRef(rs.get(r.rule)!);
    const base: MatchJson = {
      match: `${rule.id}@${r.event}`,
      kind: r.kind,
      rule,
      event: r.event,
      ts: formatMicros(r.ts),
      identity: r.identity !== null ? (names.identity.get(r.identity) ?? null) : null,
      identity_id: r.identity,
      session: r.session !== null ? sessionName(r.session) : null,
      session_id: r.session,
    };
    if (r.kind === 'correlation') {
      base.events = evStmt.all(r.hit) as number[];
      base.first_ts = formatMicros(r.first!);
      base.group = JSON.parse(r.grp!) as Record<string, string | null>;
    }
    return base;
  });
  return { matches, total: rows.length, truncated: page.length + offset < rows.length };
}

/** The events of one match (`<rule id>@<event id>`), for citing and for opening it. */
export function matchEvents(
  db: CaseDb,
  match: string,
): { rule: RuleRef; events: number[]; kind: 'detection' | 'correlation' } {
  const at = match.lastIndexOf('@');
  const event = Number(match.slice(at + 1));
  if (at <= 0 || !Number.isInteger(event))
    throw new UserError('INVALID_PARAMS', `match ${JSON.stringify(match)}: expected <rule id>@<event id>`);
  const ruleId = match.slice(0, at);
  const r = db
    .prepare(
      'SELECT id, rule_id, kind, source, title, level, author, license, url, tags FROM detection_rules WHERE rule_id = ?',
    )
    .get(ruleId) as RuleRow | undefined;
  if (!r) throw new UserError('NOT_FOUND', `rule ${ruleId} has no matches in this case`);
  if (r.kind === 'detection') {
    const ok = db.prepare('SELECT 1 FROM detection_matches WHERE event_id = ? AND rule = ?').get(event, r.id);
    if (!ok) throw new UserError('NOT_FOUND', `rule ${ruleId} did not match event ${event}`);
    return { rule: ruleRef(r), events: [event], kind: 'detection' };
  }
  const hit = db
    .prepare('SELECT id FROM detection_correlations WHERE rule = ? AND event_id = ?')
    .pluck()
    .get(r.id, event) as number | undefined;
  if (hit === undefined)
    throw new UserError('NOT_FOUND', `correlation ${ruleId} has no match ending at event ${event}`);
  const events = db
    .prepare('SELECT event_id FROM detection_correlation_events WHERE hit = ? ORDER BY event_id')
    .pluck()
    .all(hit) as number[];
  return { rule: ruleRef(r), events, kind: 'correlation' };
}

export interface RuleSummary extends RuleRef {
  matches: number;
  events: number;
  identities: number;
  first: string;
  last: string;
}

/** Per rule: how many matches, events and identities, first and last time (highest level first). */
export function summarizeDetections(db: CaseDb): RuleSummary[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.rule_id, r.kind, r.source, r.title, r.level, r.author, r.license, r.url, r.tags,
        count(*) AS matches, count(DISTINCT m.event_id) AS events, count(DISTINCT e.identity_id) AS identities,
        min(e.ts) AS first, max(e.ts) AS last
       FROM detection_rules r JOIN detection_matches m ON m.rule = r.id JOIN events e ON e.id = m.event_id
       WHERE r.kind = 'detection' GROUP BY r.id
       UNION ALL
       SELECT r.id, r.rule_id, r.kind, r.source, r.title, r.level, r.author, r.license, r.url, r.tags,
        count(*), sum(c.events), count(DISTINCT c.identity_id), min(c.first_ts), max(c.ts)
       FROM detection_rules r JOIN detection_correlations c ON c.rule = r.id WHERE r.kind = 'correlation' GROUP BY r.id`,
    )
    .all() as (RuleRow & { matches: number; events: number; identities: number; first: number; last: number })[];
  const rank = (l: string | null) => (l === null ? -1 : (LEVELS as readonly string[]).indexOf(l));
  return rows
    .map((r) => ({
      ...ruleRef(r),
      matches: r.matches,
      events: r.events,
      identities: r.identities,
      first: formatMicros(r.first),
      last: formatMicros(r.last),
    }))
    .sort((a, b) => rank(b.level) - rank(a.level) || b.matches - a.matches || a.title.localeCompare(b.title));
}

export interface LayerEntry {
  match: string;
  kind: 'detection' | 'correlation';
  rule: RuleRef;
}

/**
 * The machine annotation layer "detections": for each event, the Sigma matches that name it (its own rule matches
 * and the correlations it is part of). Separate from the analysts' layers; nothing here is analyst work.
 */
export function detectionLayer(db: CaseDb, eventIds: number[]): Record<string, LayerEntry[]> {
  const out: Record<string, LayerEntry[]> = {};
  const single = db.prepare(
    `SELECT r.id, r.rule_id, r.kind, r.source, r.title, r.level, r.author, r.license, r.url, r.tags
     FROM detection_matches m JOIN detection_rules r ON r.id = m.rule WHERE m.event_id = ?`,
  );
  const corr = db.prepare(
    `SELECT c.event_id AS last, r.id, r.rule_id, r.kind, r.source, r.title, r.level, r.author, r.license, r.url, r.tags
     FROM detection_correlation_events x JOIN detection_correlations c ON c.id = x.hit JOIN detection_rules r ON r.id = c.rule
     WHERE x.event_id = ?`,
  );
  for (const id of eventIds) {
    const l: LayerEntry[] = [];
    for (const r of single.all(id) as RuleRow[])
      l.push({ match: `${r.rule_id}@${id}`, kind: 'detection', rule: ruleRef(r) });
    for (const r of corr.all(id) as (RuleRow & { last: number })[])
      l.push({ match: `${r.rule_id}@${r.last}`, kind: 'correlation', rule: ruleRef(r) });
    if (l.length > 0) out[String(id)] = l;
  }
  return out;
}
