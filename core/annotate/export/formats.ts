// One line (or CSV row) per event or manual event, per format. Timesketch JSONL carries the three fields
// Timesketch requires (message, datetime, timestamp_desc) with tags as `tag` and notes as `comment`. ECS NDJSON is
// ecs.ts.
import type { ManualEvent } from '../../model/annotation.js';
import { csvCell, csvEventId } from '../../query/export.js';
import { parseIsoMicros } from '../../model/time.js';
import { markdownToText } from '../../../lib/markdown.js';
import type { AnnotatedEvent } from './rows.js';

export type { ExportFormat } from '../../model/export-formats.js';

/** The event columns of `export --format csv` (core/query/export.ts) first, then the analyst's. */
export const CSV_HEADER = [
  'id',
  'ts',
  'format',
  'principal',
  'principal_type',
  'identity',
  'session',
  'session_key',
  'action',
  'category',
  'resource',
  'resource_type',
  'outcome',
  'error_code',
  'src_ip',
  'user_agent',
  'detail',
  'flags',
  'evidence',
  'record_ref',
  'raw_sha256',
  'tags',
  'notes',
  'findings',
  'bookmarked',
  'promoted',
  'layers',
];

export const tsIso6 = (iso: string): string => {
  // Timesketch and Elasticsearch both take microseconds; keep the instant exact.
  const us = parseIsoMicros(iso) ?? 0;
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().slice(0, 19) + '.' + String(us % 1_000_000).padStart(6, '0') + '+00:00';
};

function message(r: AnnotatedEvent): string {
  const e = r.event;
  return `${e.identity ?? e.principal ?? '(unknown)'} ${e.action}${e.resource ? ` ${e.resource}` : ''} (${e.outcome}${e.error_code ? ` ${e.error_code}` : ''})`;
}

export function csvRow(r: AnnotatedEvent): string {
  const e = r.event as unknown as Record<string, unknown>;
  const a = r.annotations;
  const cells = [
    csvEventId(r.event.id),
    ...CSV_HEADER.slice(1, 21).map((c) => e[c]),
    a.tags,
    a.notes.map((n) => n.text).join('\n\n'),
    a.findings.map((f) => `${f.title} (${f.severity})`),
    a.bookmarked ? 'yes' : '',
    a.promoted ? 'yes' : '',
    a.layers,
  ];
  return cells.map(csvCell).join(',') + '\r\n';
}

export function csvManual(m: ManualEvent): string {
  const cells: unknown[] = CSV_HEADER.map(() => null);
  cells[0] = `manual-${m.id}`;
  cells[1] = m.ts;
  cells[2] = 'manual';
  cells[5] = m.identity;
  cells[8] = `${m.kind}: ${m.title}`;
  cells[10] = m.resource;
  cells[16] = markdownToText(m.body);
  cells[26] = [m.layer];
  return cells.map(csvCell).join(',') + '\r\n';
}

export function jsonlRow(r: AnnotatedEvent): string {
  return JSON.stringify({ ...r.event, raw: r.raw, evidence_file: r.evidence, annotations: r.annotations }) + '\n';
}

export function jsonlManual(m: ManualEvent): string {
  return JSON.stringify({ manual_event: m }) + '\n';
}

export function timesketchRow(r: AnnotatedEvent): string {
  const e = r.event;
  const a = r.annotations;
  return (
    JSON.stringify({
      message: message(r),
      datetime: tsIso6(e.ts),
      timestamp: parseIsoMicros(e.ts),
      timestamp_desc: 'Event Recorded',
      tag: a.tags,
      comment: a.notes.map((n) => `${n.text} — ${n.author ?? ''} ${n.at}`.trim()),
      data_type: `sessionscope:${e.format}`,
      source_short: e.format,
      identity: e.identity,
      principal: e.principal,
      principal_type: e.principal_type,
      session_key: e.session_key,
      action: e.action,
      category: e.category,
      resource: e.resource,
      outcome: e.outcome,
      error_code: e.error_code,
      src_ip: e.src_ip,
      user_agent: e.user_agent,
      detail: e.detail,
      flags: e.flags,
      findings: a.findings.map((f) => `${f.title} (${f.severity})`),
      bookmarked: a.bookmarked,
      promoted: a.promoted,
      event_id: String(e.id),
      evidence_file: r.evidence.name,
      evidence_sha256: r.evidence.sha256,
      record_ref: e.record_ref,
      raw_sha256: e.raw_sha256,
    }) + '\n'
  );
}

export function timesketchManual(m: ManualEvent): string {
  return (
    JSON.stringify({
      message: `Analyst event (${m.kind}): ${m.title}`,
      datetime: tsIso6(m.ts),
      timestamp: parseIsoMicros(m.ts),
      timestamp_desc: 'Analyst Event',
      tag: ['analyst-event'],
      comment: m.body ? [markdownToText(m.body)] : [],
      data_type: 'sessionscope:manual',
      source_short: 'analyst',
      identity: m.identity,
      resource: m.resource,
      analyst: m.created_by,
    }) + '\n'
  );
}
