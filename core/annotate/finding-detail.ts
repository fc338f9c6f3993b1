// One finding with everything it cites (findings.get, the finding editor): the events with their captions, the
// manual events, the other cited targets and any cited event the case no longer holds.
import type { CaseDb } from '../casefile/open.js';
import type { EventJson } from '../query/event-json.js';
import type { Finding, ManualEvent } from '../model/annotation.js';
import { eventsByIds } from './events-by-id.js';
import { findingCitations, getFinding, type Citations } from './findings.js';
import { listManualEvents } from './manual-events.js';

export interface CitedEvent extends EventJson {
  citation: { caption: string | null; annotation: number };
}

export interface FindingDetail extends Finding {
  events: CitedEvent[];
  manual: ManualEvent[];
  other: Citations['other'];
  missing: Citations['missing'];
}

export function findingDetail(db: CaseDb, id: number): FindingDetail {
  const finding = getFinding(db, id);
  const c = findingCitations(db, id);
  const captions = new Map(c.events.map((e) => [e.id, { caption: e.caption, annotation: e.annotation }]));
  const events = eventsByIds(db, [...captions.keys()]);
  return {
    ...finding,
    events: events.map((e) => ({ ...e, citation: captions.get(e.id)! })),
    manual: listManualEvents(db, { ids: c.manual }),
    other: c.other,
    missing: c.missing,
  };
}
