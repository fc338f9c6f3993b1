// One annotating action as the CLI, the grid's "annotate selection" and bulk-by-filter all express it: some
// tags, a note, a bookmark, a promotion and/or a citation in a finding, applied to every target, in one layer.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { Layer, Target } from '../model/annotation.js';
import { ensureLayer } from './layers.js';
import { addAnnotations, type AddItem } from './annotations.js';
import { createFinding, findFindingByTitle, getFinding, type FindingInput } from './findings.js';

export interface ApplyInput {
  layer?: string;
  tags?: string[];
  note?: string;
  bookmark?: boolean;
  promote?: boolean;
  finding?: { id: number } | FindingInput;
  caption?: string;
}

export interface ApplyResult {
  ids: number[];
  layer: Layer;
  finding: number | null;
  finding_created: boolean;
}

export function applyAnnotations(db: CaseDb, analyst: string, targets: Target[], p: ApplyInput): ApplyResult {
  const items: AddItem[] = [];
  for (const tag of p.tags ?? []) items.push({ kind: 'tag', tag });
  if (p.note !== undefined) items.push({ kind: 'note', body: p.note });
  if (p.bookmark) items.push({ kind: 'bookmark' });
  if (p.promote) items.push({ kind: 'promote' });
  if (items.length === 0 && !p.finding)
    throw new UserError(
      'INVALID_PARAMS',
      'nothing to annotate: give a tag, a note, a bookmark, a promotion or a finding',
    );
  if (targets.length === 0) throw new UserError('INVALID_PARAMS', 'nothing to annotate: no targets');
  const layer = ensureLayer(db, analyst, p.layer);
  let finding: number | null = null;
  let created = false;
  if (p.finding) {
    if ('id' in p.finding) finding = getFinding(db, p.finding.id).id;
    else {
      const existing = findFindingByTitle(db, p.finding.title);
      if (existing) finding = existing.id;
      else {
        finding = createFinding(db, analyst, layer.id, p.finding).id;
        created = true;
      }
    }
    items.push({ kind: 'cite', findingId: finding, body: p.caption });
  }
  return { ids: addAnnotations(db, analyst, layer.id, targets, items), layer, finding, finding_created: created };
}
