// Saved views: a named search with its filters, time window, columns and colour rules. Analyst work (written only
// inside audited calls); a deleted view is kept with deleted_at so the narrative blocks and audit rows that name it
// stay explainable. The filter's search is compiled on save: a view that cannot run is refused now, not when a
// report re-runs it.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { ColorRule, ColumnSetting, SavedView } from '../model/grid.js';
import { compileSearch } from '../query/search.js';
import { checkColorRules } from './color-rules.js';

interface Row {
  id: number;
  name: string;
  params: string;
  filter: string;
  columns: string;
  color_rules: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

const SELECT =
  'SELECT id, name, params, filter, columns, color_rules, created_at, created_by, updated_at, updated_by FROM saved_views';

function toView(r: Row): SavedView {
  return {
    ...r,
    params: JSON.parse(r.params) as Record<string, string>,
    filter: JSON.parse(r.filter) as Record<string, unknown>,
    columns: JSON.parse(r.columns) as ColumnSetting[],
    color_rules: JSON.parse(r.color_rules) as ColorRule[],
  };
}

export function listViews(db: CaseDb): SavedView[] {
  return (db.prepare(`${SELECT} WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id`).all() as Row[]).map(toView);
}

/** A live view by id; with `includeDeleted`, also one deleted since (a narrative block may still name it). */
export function getView(db: CaseDb, id: number, includeDeleted = false): SavedView & { deleted: boolean } {
  const r = db
    .prepare(
      'SELECT id, name, params, filter, columns, color_rules, created_at, created_by, updated_at, updated_by, deleted_at FROM saved_views WHERE id = ?',
    )
    .get(id) as (Row & { deleted_at: string | null }) | undefined;
  if (!r || (r.deleted_at !== null && !includeDeleted)) throw new UserError('NOT_FOUND', `no saved view ${id}`);
  const { deleted_at, ...row } = r;
  return { ...toView(row), deleted: deleted_at !== null };
}

export interface ViewInput {
  name: string;
  params: Record<string, string>;
  filter: Record<string, unknown>;
  columns: ColumnSetting[];
  color_rules: ColorRule[];
}

function checkName(db: CaseDb, name: string, except?: number): string {
  const n = name.trim();
  if (!n) throw new UserError('INVALID_PARAMS', 'a saved view needs a name');
  const clash = db
    .prepare('SELECT id FROM saved_views WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ?')
    .pluck()
    .get(n, except ?? -1) as number | undefined;
  if (clash !== undefined)
    throw new UserError('CONFLICT', `a saved view named ${JSON.stringify(n)} exists (id ${clash}): pick another name`);
  return n;
}

function checkFilter(db: CaseDb, f: Record<string, unknown>): void {
  if (typeof f.search === 'string' && f.search.trim())
    compileSearch(db, f.search, typeof f.tz === 'string' ? { tz: f.tz } : {});
}

/** Saves a new view, or (with `id`) replaces what an existing one holds. */
export function saveView(db: CaseDb, analyst: string, v: ViewInput & { id?: number }): SavedView {
  checkFilter(db, v.filter);
  checkColorRules(db, v.color_rules);
  const now = new Date().toISOString();
  const json = [
    JSON.stringify(v.params),
    JSON.stringify(v.filter),
    JSON.stringify(v.columns),
    JSON.stringify(v.color_rules),
  ];
  if (v.id !== undefined) {
    getView(db, v.id);
    const name = checkName(db, v.name, v.id);
    db.prepare(
      'UPDATE saved_views SET name = ?, params = ?, filter = ?, columns = ?, color_rules = ?, updated_at = ?, updated_by = ? WHERE id = ?',
    ).run(name, ...json, now, analyst, v.id);
    return getView(db, v.id);
  }
  const name = checkName(db, v.name);
  const id = Number(
    db
      .prepare(
        `INSERT INTO saved_views(name, params, filter, columns, color_rules, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(name, ...json, now, analyst, now, analyst).lastInsertRowid,
  );
  return getView(db, id);
}

export function renameView(db: CaseDb, analyst: string, id: number, name: string): { view: SavedView; before: string } {
  const before = getView(db, id).name;
  const n = checkName(db, name, id);
  db.prepare('UPDATE saved_views SET name = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
    n,
    new Date().toISOString(),
    analyst,
    id,
  );
  return { view: getView(db, id), before };
}

export function deleteView(db: CaseDb, analyst: string, id: number): SavedView {
  const v = getView(db, id);
  db.prepare('UPDATE saved_views SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
  return v;
}
