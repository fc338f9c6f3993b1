// Timeline windows, the density band and grid seeks (core/query/timeline.ts).
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';
import { timelineHistogram, timelineSeek, timelineWindow, type TimelineFilter } from '../../query/timeline.js';
import { flagBit } from '../../model/flags.js';
import { UserError } from '../../errors.js';

const timelineFilter = z
  .object({
    identity: z.string().max(2000).optional(),
    session: z.string().max(2000).optional(),
    categories: z.array(z.string().max(40)).max(20).optional(),
    outcomes: z.array(z.string().max(20)).max(5).optional(),
    flags: z.array(z.string().max(40)).max(10).optional(),
    /** A query in the search grammar (README "Search"). */
    search: z.string().max(2000).optional(),
    /** IANA zone for the search's times without an offset; the case's display zone when absent. */
    tz: z.string().max(64).optional(),
  })
  .strict();

function toFilter(f: z.infer<typeof timelineFilter> | undefined): TimelineFilter | undefined {
  if (!f) return undefined;
  let flagMask = 0;
  for (const name of f.flags ?? []) {
    const bit = flagBit(name);
    if (bit === undefined) throw new UserError('INVALID_PARAMS', `unknown flag ${name}`);
    flagMask |= bit;
  }
  return {
    identity: f.identity,
    session: f.session,
    categories: f.categories,
    outcomes: f.outcomes,
    flagMask: flagMask || undefined,
    search: f.search,
    tz: f.tz,
  };
}

function range(from: string | undefined, to: string | undefined): { fromUs?: number; toUs?: number } {
  const fromUs = micros(from, 'from');
  const toUs = micros(to, 'to');
  if (fromUs !== undefined && toUs !== undefined && toUs <= fromUs)
    throw new UserError('INVALID_PARAMS', 'to: must be after from');
  return { fromUs, toUs };
}

export const timelineMethods = [
  defineMethod({
    name: 'timeline.window',
    summary:
      'Events of a time window for the timeline, one lane per identity or session; past max_items, clusters or (density_bins) a density strip per lane',
    params: z
      .object({
        from: isoTime,
        to: isoTime,
        lanes: z.enum(['identity', 'session']).optional(),
        filter: timelineFilter.optional(),
        max_items: z.number().int().min(10).max(5000).optional(),
        max_lanes: z.number().int().min(1).max(500).optional(),
        density_bins: z.number().int().min(10).max(1000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const r = range(p.from, p.to);
      return timelineWindow(ctx.caseFile!.db, {
        fromUs: r.fromUs!,
        toUs: r.toUs!,
        lanes: p.lanes ?? 'identity',
        filter: toFilter(p.filter),
        maxItems: p.max_items,
        maxLanes: p.max_lanes,
        densityBins: p.density_bins,
      });
    },
  }),
  defineMethod({
    name: 'timeline.histogram',
    summary: 'Event counts (and failures, flagged events) in equal time bins: the density band',
    params: z
      .object({
        from: isoTime.optional(),
        to: isoTime.optional(),
        bins: z.number().int().min(1).max(2000).optional(),
        filter: timelineFilter.optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return timelineHistogram(ctx.caseFile!.db, { ...range(p.from, p.to), bins: p.bins, filter: toFilter(p.filter) });
    },
  }),
  defineMethod({
    name: 'timeline.seek',
    summary: 'The keyset cursor of row N of the time-ordered events (for grids that jump anywhere)',
    params: z
      .object({
        position: z.number().int().min(0),
        from: isoTime.optional(),
        to: isoTime.optional(),
        order: z.enum(['asc', 'desc']).optional(),
        filter: timelineFilter.optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return timelineSeek(ctx.caseFile!.db, {
        position: p.position,
        ...range(p.from, p.to),
        order: p.order,
        filter: toFilter(p.filter),
      });
    },
  }),
];
