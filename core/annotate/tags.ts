// The tag vocabulary: every tag in use, its colour and how often it is used.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import { colorFor, isColor } from './palette.js';
import { checkTag } from './annotations.js';

export interface TagInfo {
  name: string;
  color: string;
  count: number;
}

export function listTags(db: CaseDb): TagInfo[] {
  return (
    db
      .prepare(
        `SELECT a.tag AS name, tc.color AS color, count(*) AS count FROM annotations a LEFT JOIN tag_colors tc ON tc.name = a.tag
    WHERE a.kind = 'tag' AND a.deleted_at IS NULL GROUP BY a.tag COLLATE NOCASE ORDER BY count DESC, a.tag`,
      )
      .all() as { name: string; color: string | null; count: number }[]
  ).map((r) => ({ ...r, color: r.color ?? colorFor(r.name) }));
}

export function setTagColor(db: CaseDb, name: string, color: string): { before: string | null } {
  const tag = checkTag(name);
  if (!isColor(color)) throw new UserError('INVALID_PARAMS', `colour must be #rrggbb: ${color}`);
  const before =
    (db.prepare('SELECT color FROM tag_colors WHERE name = ?').pluck().get(tag) as string | undefined) ?? null;
  db.prepare(
    'INSERT INTO tag_colors(name, color) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET color = excluded.color',
  ).run(tag, color);
  return { before };
}

/** Tag colours by lower-cased name, for writers that colour many tags (report, exports). */
export function tagColorMap(db: CaseDb): Map<string, string> {
  return new Map(
    (db.prepare('SELECT name, color FROM tag_colors').all() as { name: string; color: string }[]).map((r) => [
      r.name.toLowerCase(),
      r.color,
    ]),
  );
}
