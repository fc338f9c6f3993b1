// Manual analyst events: what the logs cannot show (a phone call with the service owner, a ticket, a key
// revoked by hand), placed on the timeline beside the logged events and citable by findings.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { parseIsoMicros, formatMicros } from '../model/time.js';
import { MANUAL_KINDS, type ManualEvent } from '../model/annotation.js';

interface Row {
  id: number;
  layer_id: number;
  layer: string;
  ts: number;
  kind: string;
  title: string;
  body: string;
  identity: string | null;
  resource: string | null;
  created_at: string;
  created_by: string | null;
}

const SELECT = `SELECT m.id, m.layer_id, l.name AS layer, m.ts, m.kind, m.title, m.body, m.identity, m.resource, m.created_at, m.created_by
  FROM manual_events m JOIN layers l ON l.id = m.layer_id`;

function toManual(r: Row): ManualEvent {
  return { ...r, ts: formatMicros(r.ts) };
}

function ts(iso: string): number {
  const us = parseIsoMicros(iso);
  if (us === null) throw new UserError('INVALID_PARAMS', `ts: not an ISO-8601 time: ${iso}`);
  return us;
}

function kind(k: string): string {
  if (!(MANUAL_KINDS as readonly string[]).includes(k))
    throw new UserError('INVALID_PARAMS', `kind must be one of ${MANUAL_KINDS.join(', ')}: ${k}`);
  return k;
}

function title(t: string): string {
  const s = t.trim();
  if (s === '' || s.length > 300) throw new UserError('INVALID_PARAMS', 'a manual event title is 1–300 characters');
  return s;
}

export function getManualEvent(db: CaseDb, id: number): ManualEvent {
  const r = db.prepare(`${SELECT} WHERE m.id = ? AND m.deleted_at IS NULL`).get(id) as Row | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no manual event ${id}`);
  return toManual(r);
}

export interface ManualInput {
  ts: string;
  kind?: string;
  title: string;
  body?: string;
  identity?: string;
  resource?: string;
}

export function addManualEvent(db: CaseDb, analyst: string, layerId: number, p: ManualInput): ManualEvent {
  const now = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO manual_events(layer_id, ts, kind, title, body, identity, resource, created_at, created_by, updated_at, updated_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      layerId,
      ts(p.ts),
      kind(p.kind ?? 'other'),
      title(p.title),
      p.body ?? '',
      p.identity ?? null,
      p.resource ?? null,
      now,
      analyst,
      now,
      analyst,
    );
  return getManualEvent(db, Number(info.lastInsertRowid));
}

export function updateManualEvent(
  db: CaseDb,
  analyst: string,
  id: number,
  p: Partial<ManualInput> & { layerId?: number },
): { manual: ManualEvent; before: Record<string, unknown> } {
  const cur = getManualEvent(db, id);
  const before: Record<string, unknown> = {};
  const set = (col: string, v: unknown, old: unknown) => {
    before[col] = old;
    db.prepare(`UPDATE manual_events SET ${col} = ? WHERE id = ?`).run(v, id);
  };
  if (p.ts !== undefined) set('ts', ts(p.ts), cur.ts);
  if (p.kind !== undefined) set('kind', kind(p.kind), cur.kind);
  if (p.title !== undefined) set('title', title(p.title), cur.title);
  if (p.body !== undefined) set('body', p.body, cur.body);
  if (p.identity !== undefined) set('identity', p.identity || null, cur.identity);
  if (p.resource !== undefined) set('resource', p.resource || null, cur.resource);
  if (p.layerId !== undefined) set('layer_id', p.layerId, cur.layer_id);
  db.prepare('UPDATE manual_events SET updated_at = ?, updated_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
  return { manual: getManualEvent(db, id), before };
}

export function deleteManualEvent(db: CaseDb, analyst: string, id: number): void {
  getManualEvent(db, id);
  db.prepare('UPDATE manual_events SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
}

/** Live manual events of the given layers in time order, optionally within [from, to) µs. */
export function listManualEvents(
  db: CaseDb,
  p: { layerIds?: number[]; from?: number; to?: number; ids?: number[] } = {},
): ManualEvent[] {
  const where = ['m.deleted_at IS NULL'];
  const args: unknown[] = [];
  if (p.layerIds) {
    where.push(p.layerIds.length ? `m.layer_id IN (${p.layerIds.map(() => '?').join(',')})` : '0');
    args.push(...p.layerIds);
  }
  if (p.ids) {
    where.push(p.ids.length ? `m.id IN (${p.ids.map(() => '?').join(',')})` : '0');
    args.push(...p.ids);
  }
  if (p.from !== undefined) {
    where.push('m.ts >= ?');
    args.push(p.from);
  }
  if (p.to !== undefined) {
    where.push('m.ts < ?');
    args.push(p.to);
  }
  return (db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY m.ts, m.id`).all(...args) as Row[]).map(toManual);
}
