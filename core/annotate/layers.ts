// Annotation layers: named, coloured, hideable groups of analyst work (triage, findings, legal hold,
// hypothesis B). A layer named by an annotating call that does not exist yet is created on the spot, so
// `annotate --layer "hypothesis B"` just works; the creation is part of the same audited change.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { Layer } from '../model/annotation.js';
import { colorFor, isColor } from './palette.js';

export const DEFAULT_LAYER = 'triage';

interface LayerRow {
  id: number;
  name: string;
  color: string;
  hidden: number;
  position: number;
  description: string;
  created_at: string;
  created_by: string | null;
}

function toLayer(r: LayerRow): Layer {
  return { ...r, hidden: r.hidden === 1 };
}

export function listLayers(db: CaseDb): Layer[] {
  return (
    db
      .prepare(
        'SELECT id, name, color, hidden, position, description, created_at, created_by FROM layers WHERE deleted_at IS NULL ORDER BY position, id',
      )
      .all() as LayerRow[]
  ).map(toLayer);
}

export function findLayer(db: CaseDb, name: string): Layer | null {
  const r = db
    .prepare(
      'SELECT id, name, color, hidden, position, description, created_at, created_by FROM layers WHERE deleted_at IS NULL AND name = ? COLLATE NOCASE',
    )
    .get(name.trim()) as LayerRow | undefined;
  return r ? toLayer(r) : null;
}

/** The id of the live layer with this name (undefined passes through; an unknown name is an error). */
export function layerIdByName(db: CaseDb, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const l = findLayer(db, name);
  if (!l) throw new UserError('NOT_FOUND', `no layer named ${name}`);
  return l.id;
}

export function getLayer(db: CaseDb, id: number): Layer {
  const r = db
    .prepare(
      'SELECT id, name, color, hidden, position, description, created_at, created_by FROM layers WHERE deleted_at IS NULL AND id = ?',
    )
    .get(id) as LayerRow | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no layer ${id}`);
  return toLayer(r);
}

function checkName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > 80) throw new UserError('INVALID_PARAMS', 'a layer name is 1–80 characters');
  return n;
}

export function createLayer(
  db: CaseDb,
  analyst: string,
  p: { name: string; color?: string; description?: string; hidden?: boolean },
): Layer {
  const name = checkName(p.name);
  if (findLayer(db, name)) throw new UserError('CONFLICT', `layer ${name} already exists`);
  if (p.color !== undefined && !isColor(p.color))
    throw new UserError('INVALID_PARAMS', `colour must be #rrggbb: ${p.color}`);
  const position = db.prepare('SELECT coalesce(max(position), 0) + 1 FROM layers').pluck().get() as number;
  const info = db
    .prepare(
      'INSERT INTO layers(name, color, hidden, position, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      name,
      p.color ?? colorFor(name),
      p.hidden ? 1 : 0,
      position,
      p.description ?? '',
      new Date().toISOString(),
      analyst,
    );
  return getLayer(db, Number(info.lastInsertRowid));
}

/** The layer with this name, created when missing; the default layer when no name is given. */
export function ensureLayer(db: CaseDb, analyst: string, name: string | undefined): Layer {
  return findLayer(db, name ?? DEFAULT_LAYER) ?? createLayer(db, analyst, { name: name ?? DEFAULT_LAYER });
}

export function updateLayer(
  db: CaseDb,
  id: number,
  p: { name?: string; color?: string; hidden?: boolean; description?: string; position?: number },
): { layer: Layer; before: Partial<Layer> } {
  const cur = getLayer(db, id);
  const before: Partial<Layer> = {};
  if (p.name !== undefined) {
    const name = checkName(p.name);
    const other = findLayer(db, name);
    if (other && other.id !== id) throw new UserError('CONFLICT', `layer ${name} already exists`);
    before.name = cur.name;
    db.prepare('UPDATE layers SET name = ? WHERE id = ?').run(name, id);
  }
  if (p.color !== undefined) {
    if (!isColor(p.color)) throw new UserError('INVALID_PARAMS', `colour must be #rrggbb: ${p.color}`);
    before.color = cur.color;
    db.prepare('UPDATE layers SET color = ? WHERE id = ?').run(p.color, id);
  }
  if (p.hidden !== undefined) {
    before.hidden = cur.hidden;
    db.prepare('UPDATE layers SET hidden = ? WHERE id = ?').run(p.hidden ? 1 : 0, id);
  }
  if (p.description !== undefined) {
    before.description = cur.description;
    db.prepare('UPDATE layers SET description = ? WHERE id = ?').run(p.description, id);
  }
  if (p.position !== undefined) {
    before.position = cur.position;
    db.prepare('UPDATE layers SET position = ? WHERE id = ?').run(p.position, id);
  }
  return { layer: getLayer(db, id), before };
}

/** Removes a layer that holds nothing live; a layer with work in it is hidden instead, never emptied by accident. */
export function deleteLayer(db: CaseDb, analyst: string, id: number): void {
  getLayer(db, id);
  const used = db
    .prepare(
      `SELECT (SELECT count(*) FROM annotations WHERE layer_id = ? AND deleted_at IS NULL)
    + (SELECT count(*) FROM findings WHERE layer_id = ? AND deleted_at IS NULL)
    + (SELECT count(*) FROM manual_events WHERE layer_id = ? AND deleted_at IS NULL)`,
    )
    .pluck()
    .get(id, id, id) as number;
  if (used > 0)
    throw new UserError(
      'CONFLICT',
      `layer ${id} still holds ${used} annotations, findings or manual events; hide it or delete those first`,
    );
  db.prepare('UPDATE layers SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
}

/** Layer ids selected by name (all visible layers when none are named). Unknown names are an error. */
export function selectLayers(db: CaseDb, names: string[] | undefined, includeHidden = false): Layer[] {
  const all = listLayers(db);
  if (!names || names.length === 0) return includeHidden ? all : all.filter((l) => !l.hidden);
  return names.map((n) => {
    const l = all.find((x) => x.name.toLowerCase() === n.trim().toLowerCase());
    if (!l) throw new UserError('NOT_FOUND', `no layer named ${n}`);
    return l;
  });
}
