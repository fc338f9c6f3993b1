// Shared param schemas and conversions (ISO times at the edge, µs inside).
import { z } from 'zod';
import { UserError } from '../errors.js';
import { parseIsoMicros } from '../model/time.js';
import { FORMAT_IDS } from '../../importers/formats.js';
import type { FacetColumn } from '../query/events.js';

/** The columns the grid can count values of and group by (core/query/events.ts FACET_COLUMNS, and flags). */
export const GROUP_COLUMNS = [
  'action',
  'category',
  'resource',
  'resource_type',
  'outcome',
  'src_ip',
  'format',
  'principal',
  'user_agent',
  'error_code',
  'session_key',
  'identity',
  'flags',
] as const satisfies readonly FacetColumn[];

export const isoTime = z.string().min(4).max(64);
export const formatId = z.enum(FORMAT_IDS);

export function micros(iso: string | undefined, name: string): number | undefined {
  if (iso === undefined) return undefined;
  const us = parseIsoMicros(iso);
  if (us === null) throw new UserError('INVALID_PARAMS', `${name}: not an ISO-8601 time: ${iso}`);
  return us;
}

export const eventFilter = z
  .object({
    identity: z.string().max(2000).optional(),
    session: z.string().max(2000).optional(),
    /** A query in the search grammar (README "Search"; search.parse explains one). */
    search: z.string().max(2000).optional(),
    /** Grid column filters: field → a query over that field, "contains" by default (core/model/search/column.ts). */
    columns: z.record(z.string().max(40), z.string().max(2000)).optional(),
    /** IANA zone for the search's times without an offset; the case's display zone when absent. */
    tz: z.string().max(64).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    out_of_scope: z.boolean().optional(),
    flags: z.array(z.string().max(40)).max(10).optional(),
    formats: z.array(z.string().max(40)).max(40).optional(),
    categories: z.array(z.string().max(40)).max(20).optional(),
    outcomes: z.array(z.string().max(20)).max(5).optional(),
    principal: z.string().max(2000).optional(),
    action: z.string().max(2000).optional(),
    resource: z.string().max(4000).optional(),
    src_ip: z.string().max(100).optional(),
    evidence_id: z.number().int().optional(),
    ids: z.array(z.number().int()).max(10000).optional(),
    /** One group of a grouped grid: the events whose column holds exactly this key (events.groups gives keys). */
    group: z
      .object({ column: z.enum(GROUP_COLUMNS), key: z.string().max(4000).nullable() })
      .strict()
      .optional(),
  })
  .strict();

export type EventFilterParams = z.infer<typeof eventFilter>;

export function toFilter(p: EventFilterParams) {
  const r = timeBounds(p.from, p.to);
  return { ...p, from: r.from, to: r.to };
}

/** from/to in µs, checked: a range that ends before it starts is an error, not an empty answer. */
export function timeBounds(from: string | undefined, to: string | undefined): { from?: number; to?: number } {
  const f = micros(from, 'from');
  const t = micros(to, 'to');
  if (f !== undefined && t !== undefined && f >= t)
    throw new UserError('INVALID_PARAMS', `from ${from} is not before to ${to}: the range holds nothing`);
  return { from: f, to: t };
}
