// Annotations: tags, notes, bookmarks, promotions into the case timeline and citations of a finding, each on
// one target and in one layer. Adding a tag, bookmark, promotion or citation that is already there returns the
// existing one (bulk re-runs stay idempotent); notes always add. Deleting is soft: the row stays for history.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { Annotation, AnnotationKind, Target } from '../model/annotation.js';
import { targetColumns, targetFromColumns, anchorEvent, type TargetColumns } from './targets.js';
import { colorFor } from './palette.js';

export interface AnnotationRow extends TargetColumns {
  id: number;
  layer_id: number;
  layer: string;
  kind: AnnotationKind;
  tag: string | null;
  body: string | null;
  finding_id: number | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  tag_color: string | null;
}

export const ANNOTATION_SELECT = `SELECT a.id, a.layer_id, l.name AS layer, a.kind, a.target_kind, a.target, a.event_id, a.event_sha, a.scope,
  a.from_ts, a.to_ts, a.tag, a.body, a.finding_id, a.created_at, a.created_by, a.updated_at, a.updated_by, tc.color AS tag_color
  FROM annotations a JOIN layers l ON l.id = a.layer_id LEFT JOIN tag_colors tc ON tc.name = a.tag`;

export function toAnnotation(r: AnnotationRow): Annotation {
  return {
    id: r.id,
    layer: r.layer,
    layer_id: r.layer_id,
    kind: r.kind,
    target: targetFromColumns(r),
    tag: r.tag,
    tag_color: r.tag === null ? null : (r.tag_color ?? colorFor(r.tag)),
    body: r.body,
    finding_id: r.finding_id,
    created_at: r.created_at,
    created_by: r.created_by,
    updated_at: r.updated_at,
    updated_by: r.updated_by,
    event_sha: r.event_sha,
  };
}

export function checkTag(tag: string): string {
  const t = tag.trim();
  if (t === '' || t.length > 80 || /[\u0000-\u001f]/.test(t))
    throw new UserError('INVALID_PARAMS', `a tag is 1–80 printable characters: ${JSON.stringify(tag).slice(0, 90)}`);
  return t;
}

export interface AddItem {
  kind: AnnotationKind;
  tag?: string;
  body?: string;
  findingId?: number;
}

/** Adds items to targets in one layer; returns the annotation ids (existing ones for idempotent kinds). */
export function addAnnotations(
  db: CaseDb,
  analyst: string,
  layerId: number,
  targets: Target[],
  items: AddItem[],
): number[] {
  const now = new Date().toISOString();
  const ins =
    db.prepare(`INSERT INTO annotations(layer_id, kind, target_kind, target, event_id, event_sha, scope, from_ts, to_ts, tag, body, finding_id,
    created_at, created_by, updated_at, updated_by) VALUES (@layer_id, @kind, @target_kind, @target, @event_id, @event_sha, @scope, @from_ts, @to_ts,
    @tag, @body, @finding_id, @now, @analyst, @now, @analyst)`);
  const existing = db
    .prepare(
      `SELECT id FROM annotations WHERE deleted_at IS NULL AND layer_id = @layer_id AND kind = @kind AND target_kind = @target_kind
    AND target IS @target AND scope IS @scope AND from_ts IS @from_ts AND to_ts IS @to_ts AND tag IS @tag AND finding_id IS @finding_id`,
    )
    .pluck();
  const ids: number[] = [];
  for (const t of targets) {
    const cols = targetColumns(db, t);
    for (const it of items) {
      const row = {
        ...cols,
        layer_id: layerId,
        kind: it.kind,
        tag: it.kind === 'tag' ? checkTag(it.tag ?? '') : null,
        body: it.kind === 'note' || it.kind === 'cite' ? (it.body ?? null) : null,
        finding_id: it.kind === 'cite' ? (it.findingId ?? null) : null,
        now,
        analyst,
      };
      if (it.kind === 'note' && (row.body === null || row.body.trim() === ''))
        throw new UserError('INVALID_PARAMS', 'a note needs text');
      if (it.kind === 'cite' && row.finding_id === null)
        throw new UserError('INVALID_PARAMS', 'a citation needs a finding');
      if (it.kind !== 'note') {
        const have = existing.get(row) as number | undefined;
        if (have !== undefined) {
          ids.push(have);
          continue;
        }
      }
      if (row.tag !== null)
        db.prepare('INSERT OR IGNORE INTO tag_colors(name, color) VALUES (?, ?)').run(row.tag, colorFor(row.tag));
      ids.push(Number(ins.run(row).lastInsertRowid));
    }
  }
  return ids;
}

export function getAnnotation(db: CaseDb, id: number, includeDeleted = false): Annotation {
  const r = db
    .prepare(`${ANNOTATION_SELECT} WHERE a.id = ?${includeDeleted ? '' : ' AND a.deleted_at IS NULL'}`)
    .get(id) as AnnotationRow | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no annotation ${id}`);
  return toAnnotation(r);
}

export function updateAnnotation(
  db: CaseDb,
  analyst: string,
  id: number,
  p: { body?: string; tag?: string; layerId?: number },
): { annotation: Annotation; before: Record<string, unknown> } {
  const cur = getAnnotation(db, id);
  const before: Record<string, unknown> = {};
  const now = new Date().toISOString();
  if (p.body !== undefined) {
    if (cur.kind !== 'note' && cur.kind !== 'cite') throw new UserError('INVALID_PARAMS', `a ${cur.kind} has no text`);
    if (cur.kind === 'note' && p.body.trim() === '') throw new UserError('INVALID_PARAMS', 'a note needs text');
    before.body = cur.body;
    db.prepare('UPDATE annotations SET body = ? WHERE id = ?').run(p.body, id);
  }
  if (p.tag !== undefined) {
    if (cur.kind !== 'tag') throw new UserError('INVALID_PARAMS', `annotation ${id} is a ${cur.kind}, not a tag`);
    const tag = checkTag(p.tag);
    before.tag = cur.tag;
    db.prepare('INSERT OR IGNORE INTO tag_colors(name, color) VALUES (?, ?)').run(tag, colorFor(tag));
    db.prepare('UPDATE annotations SET tag = ? WHERE id = ?').run(tag, id);
  }
  if (p.layerId !== undefined) {
    before.layer = cur.layer;
    db.prepare('UPDATE annotations SET layer_id = ? WHERE id = ?').run(p.layerId, id);
  }
  db.prepare('UPDATE annotations SET updated_at = ?, updated_by = ? WHERE id = ?').run(now, analyst, id);
  return { annotation: getAnnotation(db, id), before };
}

export function deleteAnnotations(db: CaseDb, analyst: string, ids: number[]): Annotation[] {
  const gone = ids.map((id) => getAnnotation(db, id));
  const st = db.prepare('UPDATE annotations SET deleted_at = ?, deleted_by = ? WHERE id = ?');
  const now = new Date().toISOString();
  for (const id of ids) st.run(now, analyst, id);
  return gone;
}

export interface AnnotationQuery {
  layerIds?: number[];
  kinds?: AnnotationKind[];
  target?: Target;
  eventIds?: number[];
  findingId?: number;
  tag?: string;
  limit?: number;
  after?: number;
}

/** Live annotations, in id order; event targets are re-anchored on the way out (nothing is written). */
export function listAnnotations(db: CaseDb, q: AnnotationQuery = {}): Annotation[] {
  const where = ['a.deleted_at IS NULL'];
  const args: unknown[] = [];
  const inList = (col: string, vals: unknown[]) => {
    where.push(vals.length ? `${col} IN (${vals.map(() => '?').join(',')})` : '0');
    args.push(...vals);
  };
  if (q.layerIds) inList('a.layer_id', q.layerIds);
  if (q.kinds) inList('a.kind', q.kinds);
  if (q.eventIds) {
    where.push("a.target_kind = 'event'");
    inList('a.event_id', q.eventIds);
  }
  if (q.findingId !== undefined) {
    where.push('a.finding_id = ?');
    args.push(q.findingId);
  }
  if (q.tag !== undefined) {
    where.push('a.tag = ? COLLATE NOCASE');
    args.push(q.tag);
  }
  if (q.target) {
    const c = targetColumns(db, q.target);
    if (c.target_kind === 'event') {
      where.push("a.target_kind = 'event' AND a.event_id = ?");
      args.push(c.event_id);
    } else {
      where.push('a.target_kind = ? AND a.target IS ? AND a.scope IS ? AND a.from_ts IS ? AND a.to_ts IS ?');
      args.push(c.target_kind, c.target, c.scope, c.from_ts, c.to_ts);
    }
  }
  if (q.after !== undefined) {
    where.push('a.id > ?');
    args.push(q.after);
  }
  const rows = db
    .prepare(`${ANNOTATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT ?`)
    .all(...args, Math.min(q.limit ?? 5000, 100_000)) as AnnotationRow[];
  return rows.map((r) => {
    if (r.target_kind !== 'event') return toAnnotation(r);
    const now = anchorEvent(db, r.event_id!, r.event_sha);
    return toAnnotation(now === null || now === r.event_id ? r : { ...r, event_id: now });
  });
}
