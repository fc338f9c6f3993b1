// Events by id, any number of them: queried in chunks (an id list binds one SQL parameter each), id order.
import type { CaseDb } from '../casefile/open.js';
import { queryEvents } from '../query/events.js';
import type { EventJson } from '../query/event-json.js';

const CHUNK = 5000;

export function eventsByIds(db: CaseDb, ids: number[]): EventJson[] {
  const out: EventJson[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    out.push(...queryEvents(db, { ids: ids.slice(i, i + CHUNK) }, { limit: CHUNK }));
  return out.sort((a, b) => a.id - b.id);
}
