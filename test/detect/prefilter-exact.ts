// Shared check for the Sigma prefilter: what a format's `fromAction` states about an event must be what its raw
// record says — the field read through the format's view equals the stated value (ignoring case, as Sigma
// matches) in at least one of the event's records. Returns the events where it does not.
import type { CaseDb } from '../../core/casefile/open.js';
import { eventRaw } from '../../core/casefile/raw.js';
import { SIGMA_FORMATS } from '../../core/detect/formats/index.js';
import { resolveField } from '../../core/detect/compile.js';
import { viewsOf } from '../../core/detect/views.js';
import { valueText } from '../../core/detect/record.js';
import type { FormatId } from '../../core/model/event.js';

export function prefilterMismatches(db: CaseDb, formats: FormatId[]): { checked: number; bad: string[] } {
  const bad: string[] = [];
  let checked = 0;
  const rows = db.prepare('SELECT id, format, action FROM events ORDER BY id').all() as {
    id: number;
    format: FormatId;
    action: string;
  }[];
  for (const r of rows) {
    if (!formats.includes(r.format)) continue;
    const f = SIGMA_FORMATS[r.format];
    const known = f.fromAction?.(r.action);
    if (!known) continue;
    const views = viewsOf(f, eventRaw(db, r.id)!.toString('utf8'), () => ({ action: r.action }));
    for (const [field, value] of Object.entries(known)) {
      checked++;
      const get = resolveField(f, field, false);
      if (typeof get === 'string') {
        bad.push(`${r.format} ${r.action}: ${get}`);
        continue;
      }
      const ok = views.some((v) => (get(v) ?? []).some((x) => valueText(x)?.toLowerCase() === value.toLowerCase()));
      if (!ok) bad.push(`${r.format} event ${r.id} (${r.action}): ${field} is not ${value} in its record`);
    }
  }
  return { checked, bad };
}
