// The case's colour rules: a search → a row colour in the Events grid, the first matching rule wins. Analyst work
// kept in the case (not the browser): the colours encode what the analyst decided matters, and the next analyst
// who opens the case should see the same rows stand out. Replaced as a whole list in one audited call.
import type { CaseDb } from '../casefile/open.js';
import { UserError } from '../errors.js';
import type { ColorRule } from '../model/grid.js';
import { compileSearch } from '../query/search.js';
import { isColor } from './palette.js';

export const MAX_COLOR_RULES = 20;

export function listColorRules(db: CaseDb): ColorRule[] {
  return db.prepare('SELECT query, color FROM color_rules ORDER BY position, id').all() as ColorRule[];
}

/** Refuses rules that could not colour anything: a malformed search or colour (errors name the rule). */
export function checkColorRules(db: CaseDb, rules: ColorRule[]): void {
  if (rules.length > MAX_COLOR_RULES)
    throw new UserError('INVALID_PARAMS', `at most ${MAX_COLOR_RULES} colour rules (got ${rules.length})`);
  rules.forEach((r, i) => {
    if (!r.query.trim()) throw new UserError('INVALID_PARAMS', `colour rule ${i + 1}: the search is empty`);
    if (!isColor(r.color)) throw new UserError('INVALID_PARAMS', `colour rule ${i + 1}: colour must be #rrggbb`);
    try {
      compileSearch(db, r.query);
    } catch (e) {
      throw new UserError('INVALID_QUERY', `colour rule ${i + 1} (${r.query}): ${(e as Error).message}`);
    }
  });
}

export function setColorRules(db: CaseDb, analyst: string, rules: ColorRule[]): { before: ColorRule[] } {
  checkColorRules(db, rules);
  const before = listColorRules(db);
  db.prepare('DELETE FROM color_rules').run();
  const now = new Date().toISOString();
  const ins = db.prepare(
    'INSERT INTO color_rules(position, query, color, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
  );
  rules.forEach((r, i) => ins.run(i + 1, r.query.trim(), r.color.toLowerCase(), now, analyst));
  return { before };
}
