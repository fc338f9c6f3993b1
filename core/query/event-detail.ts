// One event in full (events.get, the event detail panel): the normalized fields, the importer's facts, the
// evidence file, every record merged into it and the raw record as text.
import { checkEvent } from './resolve.js';
import type { CaseDb } from '../casefile/open.js';
import type { FormatId, RecordRef } from '../model/event.js';
import { UserError } from '../errors.js';
import { queryEvents } from './events.js';
import { recordRef, type EventJson } from './event-json.js';
import { eventRaw } from '../casefile/raw.js';

export interface EventDetail extends EventJson {
  facts: Record<string, string>;
  evidence_file: { id: number; name: string; path: string; sha256: string; format: FormatId | null } | null;
  merged_records: RecordRef[];
  raw: string | null;
}

export function getEvent(db: CaseDb, id: number): EventDetail {
  const [ev] = queryEvents(db, { ids: [id] }, { limit: 1 });
  if (!ev) checkEvent(db, id);
  if (!ev) throw new UserError('NOT_FOUND', `no event ${id}`);
  const facts = Object.fromEntries(
    (
      db.prepare('SELECT key, value FROM event_facts WHERE event_id = ?').all(id) as { key: string; value: string }[]
    ).map((f) => [f.key, f.value]),
  );
  const evidence =
    (db.prepare('SELECT id, name, path, sha256, format FROM evidence WHERE id = ?').get(ev.evidence) as
      EventDetail['evidence_file'] | undefined) ?? null;
  const merged = (
    db.prepare('SELECT ref_line, ref_index, ref_offset FROM merged WHERE event_id = ?').all(id) as {
      ref_line: number | null;
      ref_index: number | null;
      ref_offset: number | null;
    }[]
  ).map(recordRef);
  const raw = eventRaw(db, id);
  return { ...ev, facts, evidence_file: evidence, merged_records: merged, raw: raw ? raw.toString('utf8') : null };
}
