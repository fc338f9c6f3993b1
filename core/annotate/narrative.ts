// The narrative: the analyst's account of the incident as an ordered list of blocks. Text blocks hold markdown;
// finding blocks place a finding; events, session_timeline, scope_graph and case_timeline blocks hold only the
// query (a filter, a session key, an identity and a time), so what they show is re-run from the case every time
// — a live view, never a pasted copy that drifts from the evidence.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { compileSearch } from '../query/search.js';
import type { BlockKind, NarrativeBlock } from '../model/annotation.js';
import { getFinding, listFindings } from './findings.js';
import { getView } from './saved-views.js';

interface Row {
  id: number;
  position: number;
  kind: BlockKind;
  title: string;
  body: string;
  finding_id: number | null;
  params: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

const SELECT =
  'SELECT id, position, kind, title, body, finding_id, params, created_at, created_by, updated_at FROM narrative_blocks';

function toBlock(r: Row): NarrativeBlock {
  return { ...r, params: JSON.parse(r.params) as Record<string, unknown> };
}

export function listBlocks(db: CaseDb): NarrativeBlock[] {
  return (db.prepare(`${SELECT} WHERE deleted_at IS NULL ORDER BY position, id`).all() as Row[]).map(toBlock);
}

export function getBlock(db: CaseDb, id: number): NarrativeBlock {
  const r = db.prepare(`${SELECT} WHERE id = ? AND deleted_at IS NULL`).get(id) as Row | undefined;
  if (!r) throw new UserError('NOT_FOUND', `no narrative block ${id}`);
  return toBlock(r);
}

export interface BlockInput {
  kind: BlockKind;
  title?: string;
  body?: string;
  findingId?: number;
  params?: Record<string, unknown>;
}

function check(db: CaseDb, b: BlockInput): void {
  if (b.kind === 'text' && !(b.body ?? '').trim() && !(b.title ?? '').trim())
    throw new UserError('INVALID_PARAMS', 'a text block needs a title or text');
  if (b.kind === 'finding') {
    if (b.findingId === undefined) throw new UserError('INVALID_PARAMS', 'a finding block needs a finding');
    getFinding(db, b.findingId);
  }
  if (b.kind === 'session_timeline' && typeof b.params?.session !== 'string')
    throw new UserError('INVALID_PARAMS', 'a session timeline block needs params.session');
  if (b.kind === 'scope_graph' && b.params?.identity !== undefined && typeof b.params.identity !== 'string')
    throw new UserError('INVALID_PARAMS', 'params.identity is a name');
  if (b.kind === 'events' && b.params?.view !== undefined) {
    // A saved view's live block: the view is re-read whenever the block is shown (its search was checked on save).
    if (typeof b.params.view !== 'number') throw new UserError('INVALID_PARAMS', 'params.view is a saved view id');
    getView(db, b.params.view);
  } else if (b.kind === 'events') {
    // A live list re-runs its search whenever it is shown: refuse one that cannot be read now, not at report time.
    const f = (b.params?.filter ?? b.params ?? {}) as Record<string, unknown>;
    if (typeof f.search === 'string') compileSearch(db, f.search, typeof f.tz === 'string' ? { tz: f.tz } : {});
  }
}

/** Renumbers live blocks 1..n in their current order, with `id` moved to `position` (1-based) when given. */
function renumber(db: CaseDb, move?: { id: number; position: number }): void {
  const ids = listBlocks(db).map((b) => b.id);
  if (move) {
    const from = ids.indexOf(move.id);
    ids.splice(from, 1);
    ids.splice(Math.max(0, Math.min(ids.length, move.position - 1)), 0, move.id);
  }
  const st = db.prepare('UPDATE narrative_blocks SET position = ? WHERE id = ?');
  ids.forEach((id, i) => st.run(i + 1, id));
}

export function addBlock(db: CaseDb, analyst: string, b: BlockInput & { position?: number }): NarrativeBlock {
  check(db, b);
  const now = new Date().toISOString();
  const end = db
    .prepare('SELECT coalesce(max(position), 0) + 1 FROM narrative_blocks WHERE deleted_at IS NULL')
    .pluck()
    .get() as number;
  const id = Number(
    db
      .prepare(
        `INSERT INTO narrative_blocks(position, kind, title, body, finding_id, params, created_at, created_by, updated_at, updated_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        end,
        b.kind,
        b.title ?? '',
        b.body ?? '',
        b.findingId ?? null,
        JSON.stringify(b.params ?? {}),
        now,
        analyst,
        now,
        analyst,
      ).lastInsertRowid,
  );
  if (b.position !== undefined) renumber(db, { id, position: b.position });
  return getBlock(db, id);
}

export function updateBlock(
  db: CaseDb,
  analyst: string,
  id: number,
  p: { title?: string; body?: string; params?: Record<string, unknown>; findingId?: number },
): { block: NarrativeBlock; before: Record<string, unknown> } {
  const cur = getBlock(db, id);
  check(db, {
    kind: cur.kind,
    title: p.title ?? cur.title,
    body: p.body ?? cur.body,
    findingId: p.findingId ?? cur.finding_id ?? undefined,
    params: p.params ?? cur.params,
  });
  const before: Record<string, unknown> = {};
  const set = (col: string, v: unknown, old: unknown) => {
    before[col] = old;
    db.prepare(`UPDATE narrative_blocks SET ${col} = ? WHERE id = ?`).run(v, id);
  };
  if (p.title !== undefined) set('title', p.title, cur.title);
  if (p.body !== undefined) set('body', p.body, cur.body);
  if (p.params !== undefined) set('params', JSON.stringify(p.params), cur.params);
  if (p.findingId !== undefined) set('finding_id', p.findingId, cur.finding_id);
  db.prepare('UPDATE narrative_blocks SET updated_at = ?, updated_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
  return { block: getBlock(db, id), before };
}

export function moveBlock(db: CaseDb, id: number, position: number): NarrativeBlock[] {
  getBlock(db, id);
  renumber(db, { id, position });
  return listBlocks(db);
}

export function deleteBlock(db: CaseDb, analyst: string, id: number): void {
  getBlock(db, id);
  db.prepare('UPDATE narrative_blocks SET deleted_at = ?, deleted_by = ? WHERE id = ?').run(
    new Date().toISOString(),
    analyst,
    id,
  );
  renumber(db);
}

/**
 * The narrative as the report tells it: the analyst's blocks, then every finding of the selected layers not
 * yet placed, most severe first — so a case with findings but no written narrative still reads end to end.
 * Finding blocks of findings outside the selected layers are left out.
 */
export function effectiveNarrative(db: CaseDb, layerIds: number[]): { blocks: NarrativeBlock[]; appended: number[] } {
  const findings = listFindings(db, layerIds);
  const allowed = new Set(findings.map((f) => f.id));
  const blocks = listBlocks(db).filter((b) => b.kind !== 'finding' || allowed.has(b.finding_id!));
  const placed = new Set(blocks.filter((b) => b.kind === 'finding').map((b) => b.finding_id));
  const appended = findings.filter((f) => !placed.has(f.id)).map((f) => f.id);
  let pos = blocks.length;
  for (const id of appended) {
    blocks.push({
      id: 0,
      position: ++pos,
      kind: 'finding',
      title: '',
      body: '',
      finding_id: id,
      params: {},
      created_at: '',
      created_by: null,
      updated_at: '',
    });
  }
  return { blocks, appended };
}
