// Event rows for the report: the normalized event, its evidence file and record, its raw-record SHA-256, and
// the tags and notes the selected layers put on it — in time order, numbered.
import { eventsByIds } from '../../annotate/events-by-id.js';
import type { EventJson } from '../../query/event-json.js';
import { networkText } from '../../query/enrichment.js';
import { listAnnotations } from '../../annotate/annotations.js';
import type { Annotation } from '../../model/annotation.js';
import type { EventModel, NoteModel, Chip } from '../model.js';
import type { CollectContext } from './context.js';

export function recordText(ref: EventJson['record_ref']): string {
  const r = ref as { line?: number; index?: number; offset?: number };
  if (r.index !== undefined) return `record ${r.index}${r.offset !== undefined ? ` @ byte ${r.offset}` : ''}`;
  return r.line !== undefined ? `line ${r.line}` : '?';
}

function eventAnnotations(c: CollectContext, ids: number[]): Map<number, Annotation[]> {
  const m = new Map<number, Annotation[]>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const a of listAnnotations(c.handle.db, {
      layerIds: c.layerIds,
      eventIds: ids.slice(i, i + 5000),
      kinds: ['tag', 'note'],
      limit: 100_000,
    })) {
      if (a.target.kind !== 'event') continue;
      const list = m.get(a.target.id) ?? [];
      list.push(a);
      m.set(a.target.id, list);
    }
  }
  return m;
}

export function noteModel(c: CollectContext, a: Annotation, about: string): NoteModel {
  return { author: a.updated_by ?? a.created_by, at: c.clock.minute(a.updated_at), markdown: a.body ?? '', about };
}

/** Event rows in time order; `captions` adds the citation caption where there is one. */
export function eventModels(c: CollectContext, ids: number[], captions?: Map<number, string | null>): EventModel[] {
  const events = eventsByIds(c.handle.db, ids);
  const ann = eventAnnotations(
    c,
    events.map((e) => e.id),
  );
  return events.map((e, i) => {
    const mine = ann.get(e.id) ?? [];
    const tags: Chip[] = [];
    for (const a of mine)
      if (a.kind === 'tag' && !tags.some((t) => t.name.toLowerCase() === a.tag!.toLowerCase()))
        tags.push({ name: a.tag!, color: a.tag_color ?? c.tagColor(a.tag!) });
    return {
      n: i + 1,
      id: e.id,
      time: c.clock.full(e.ts),
      ts: c.clock.us(e.ts),
      format: e.format,
      identity: e.identity ?? e.principal ?? '(unknown)',
      identity_id: e.identity_id,
      principal: e.principal,
      action: e.action,
      category: e.category,
      resource: e.resource,
      outcome: e.outcome,
      error_code: e.error_code,
      src_ip: e.src_ip,
      src_network: networkText(e),
      user_agent: e.user_agent,
      detail: e.detail,
      evidence: c.evidenceNames.get(e.evidence) ?? `evidence ${e.evidence}`,
      evidence_id: e.evidence,
      record: recordText(e.record_ref),
      sha256: e.raw_sha256,
      tags,
      notes: mine.filter((a) => a.kind === 'note').map((a) => noteModel(c, a, `event ${e.id}`)),
      caption: captions?.get(e.id) ?? null,
      flags: e.flags,
      session_key: e.session_key,
      session: e.session,
    };
  });
}
