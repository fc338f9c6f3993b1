// Findings: a claim the analyst makes (title, severity, status, description, framework references) and the
// evidence cited for it — events, sessions, identities, resources, time ranges and manual events, each cited
// through a `cite` annotation so that every citation has its own author, time and history.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { SEVERITIES, FINDING_STATUSES, type Finding, type FindingStatus, type Severity } from '../model/annotation.js';
import { normalizeReference } from './references.js';
import { anchorEvent } from './targets.js';

interface FindingRow {
  id: number;
  layer_id: number;
  layer: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  body: string;
  refs: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  cited: number;
  tags: string | null;
}

const SELECT = `SELECT f.id, f.layer_id, l.name AS layer, f.title, f.severity, f.status, f.body, f.refs, f.created_at, f.created_by, f.updated_at, f.updated_by,
  (SELECT count(*) FROM annotations c WHERE c.finding_id = f.id AND c.kind = 'cite' AND c.deleted_at IS NULL) AS cited,
  (SELECT group_concat(tag, char(10)) FROM (SELECT DISTINCT t.tag FROM annotations t WHERE t.target_kind = 'finding' AND t.target = CAST(f.id AS TEXT)
     AND t.kind = 'tag' AND t.deleted_at IS NULL ORDER BY t.tag)) AS tags
  FROM findings f JOIN layers l ON l.id = f.layer_id`;

function toFinding(r: FindingRow): Finding {
  return { ...r, refs: JSON.parse(r.refs) as string[], tags: r.tags ? r.tags.split('\n') : [] };
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function checkTitle(t: string): string {
  const s = t.trim();
  if (s === '' || s.length > 300) throw new UserError('INVALID_PARAMS', 'a finding title is 1–300 characters');
  return s;
}

export function checkSeverity(s: string): Severity {
  const v = s.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(v))
    throw new UserError('INVALID_PARAMS', `severity must be one of ${SEVERITIES.join(', ')}: ${s}`);
  return v as Severity;
}

function checkStatus(s: string): FindingStatus {
  const v = s.toLowerCase();
  if (!(FINDING_STATUSES as readonly string[]).includes(v))
    throw new UserError('INVALID_PARAMS', `status must be one of ${FINDING_STATUSES.join(', ')}: ${s}`);
  return v as FindingStatus;
}

export function getFinding(db: CaseDb, id: number): Finding {
  const r = db.prepare(`${SELECT} WHERE f.id = ? AND f.deleted_at IS NULL`).get(id) as FindingRow | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no finding ${id}`);
  return toFinding(r);
}

export function findFindingByTitle(db: CaseDb, title: string): Finding | null {
  const id = db
    .prepare('SELECT id FROM findings WHERE deleted_at IS NULL AND title = ? COLLATE NOCASE ORDER BY id LIMIT 1')
    .pluck()
    .get(title.trim()) as number | undefined;
  return id === undefined ? null : getFinding(db, id);
}

export interface FindingInput {
  title: string;
  severity?: string;
  status?: string;
  body?: string;
  refs?: string[];
}

export function createFinding(db: CaseDb, analyst: string, layerId: number, p: FindingInput): Finding {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO findings(layer_id, title, severity, status, body, refs, created_at, created_by, updated_at, updated_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      layerId,
      checkTitle(p.title),
      checkSeverity(p.severity ?? 'medium'),
      checkStatus(p.status ?? 'open'),
      p.body ?? '',
      JSON.stringify((p.refs ?? []).map(normalizeReference).filter((r) => r !== '')),
      now,
      analyst,
      now,
      analyst,
    );
  return getFinding(db, Number(info.lastInsertRowid));
}

export function updateFinding(
  db: CaseDb,
  analyst: string,
  id: number,
  p: Partial<FindingInput> & { layerId?: number },
): { finding: Finding; before: Record<string, unknown> } {
  const cur = getFinding(db, id);
  const before: Record<string, unknown> = {};
  const set = (col: string, value: unknown, old: unknown) => {
    before[col] = old;
    db.prepare(`UPDATE findings SET ${col} = ? WHERE id = ?`).run(value, id);
  };
  if (p.title !== undefined) set('title', checkTitle(p.title), cur.title);
  if (p.severity !== undefined) set('severity', checkSeverity(p.severity), cur.severity);
  if (p.status !== undefined) set('status', checkStatus(p.status), cur.status);
  if (p.body !== undefined) set('body', p.body, cur.body);
  if (p.refs !== undefined)
    set('refs', JSON.stringify(p.refs.map(normalizeReference).filter((r) => r !== '')), cur.refs);
  if (p.layerId !== undefined) set('layer_id', p.layerId, cur.layer_id);
  db.prepare('UPDATE findings SET updated_at = ?, updated_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
  return { finding: getFinding(db, id), before };
}

/** Deletes a finding with its citations and the tags and notes on it (all soft). Returns the annotation ids removed. */
export function deleteFinding(db: CaseDb, analyst: string, id: number): number[] {
  getFinding(db, id);
  const now = new Date().toISOString();
  const ids = db
    .prepare(
      `SELECT id FROM annotations WHERE deleted_at IS NULL AND (finding_id = ? OR (target_kind = 'finding' AND target = ?))`,
    )
    .pluck()
    .all(id, String(id)) as number[];
  const st = db.prepare('UPDATE annotations SET deleted_at = ?, deleted_by = ? WHERE id = ?');
  for (const a of ids) st.run(now, analyst, a);
  db.prepare('UPDATE findings SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(now, analyst, id);
  return ids;
}

/** Live findings of the given layers (all when omitted), most severe first, then oldest. */
export function listFindings(db: CaseDb, layerIds?: number[]): Finding[] {
  const where = ['f.deleted_at IS NULL'];
  if (layerIds) where.push(layerIds.length ? `f.layer_id IN (${layerIds.map((n) => Number(n)).join(',')})` : '0');
  const rows = (db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY f.id`).all() as FindingRow[]).map(
    toFinding,
  );
  return rows.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id - b.id);
}

export interface Citations {
  events: { id: number; caption: string | null; annotation: number }[];
  manual: number[];
  other: {
    annotation: number;
    target_kind: string;
    target: string | null;
    scope: string | null;
    from_ts: number | null;
    to_ts: number | null;
    caption: string | null;
  }[];
  /** Cited events whose record is no longer in the case (should never happen; shown, not hidden). */
  missing: { annotation: number; event_id: number; event_sha: string | null }[];
}

export function findingCitations(db: CaseDb, id: number): Citations {
  const rows = db
    .prepare(
      `SELECT id, target_kind, target, event_id, event_sha, scope, from_ts, to_ts, body FROM annotations
    WHERE finding_id = ? AND kind = 'cite' AND deleted_at IS NULL ORDER BY id`,
    )
    .all(id) as {
    id: number;
    target_kind: string;
    target: string | null;
    event_id: number | null;
    event_sha: string | null;
    scope: string | null;
    from_ts: number | null;
    to_ts: number | null;
    body: string | null;
  }[];
  const out: Citations = { events: [], manual: [], other: [], missing: [] };
  for (const r of rows) {
    if (r.target_kind === 'event') {
      const now = anchorEvent(db, r.event_id!, r.event_sha);
      if (now === null) out.missing.push({ annotation: r.id, event_id: r.event_id!, event_sha: r.event_sha });
      else out.events.push({ id: now, caption: r.body, annotation: r.id });
    } else if (r.target_kind === 'manual') out.manual.push(Number(r.target));
    else
      out.other.push({
        annotation: r.id,
        target_kind: r.target_kind,
        target: r.target,
        scope: r.scope,
        from_ts: r.from_ts,
        to_ts: r.to_ts,
        caption: r.body,
      });
  }
  return out;
}
