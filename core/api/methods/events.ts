// Event rows, one event in full, and exports.
import { z } from 'zod';
import { queryEvents, countEvents } from '../../query/events.js';
import { getEvent } from '../../query/event-detail.js';
import { explainSearch, SEARCH_FIELDS } from '../../query/search.js';
import { FORMAT_IDS } from '../../../importers/formats.js';
import { exportEvents } from '../../query/export.js';
import { defineMethod } from '../registry.js';
import { eventFilter, toFilter } from '../params.js';
import { UserError } from '../../errors.js';
import { allowedPath } from '../../policy/paths.js';

export const eventMethods = [
  defineMethod({
    name: 'events.list',
    summary: 'Events matching a filter, in time order, keyset-paged',
    params: z
      .object({
        filter: eventFilter.optional(),
        limit: z.number().int().min(1).max(100000).optional(),
        after: z.number().int().optional(),
        order: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return queryEvents(ctx.caseFile!.db, toFilter(p.filter ?? {}), {
        limit: p.limit,
        after: p.after,
        order: p.order,
      });
    },
  }),
  defineMethod({
    name: 'events.count',
    summary: 'How many events match a filter',
    params: z.object({ filter: eventFilter.optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return { count: countEvents(ctx.caseFile!.db, toFilter(p.filter ?? {})) };
    },
  }),
  defineMethod({
    name: 'search.parse',
    summary:
      'Reads a search without running it: how it was understood (tree, normalized text, notes), or where it is wrong and what was expected there',
    params: z.object({ query: z.string().max(2000), tz: z.string().max(64).optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return explainSearch(ctx.caseFile!.db, p.query, { tz: p.tz });
    },
  }),
  defineMethod({
    name: 'search.fields',
    summary: 'The fields a search may name, with their aliases, kind, help and an example',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: false,
    handler() {
      return SEARCH_FIELDS.map((f) => ({
        name: f.family ? `${f.name}KEY` : f.name,
        aliases: f.aliases ?? [],
        kind: f.kind,
        ...(f.values ? { values: f.values } : f.kind === 'format' ? { values: FORMAT_IDS } : {}),
        help: f.help,
        example: f.example,
      }));
    },
  }),
  defineMethod({
    name: 'events.get',
    summary: 'One event: normalized fields, facts, raw record (text), evidence file, record and hashes',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return getEvent(ctx.caseFile!.db, p.id);
    },
  }),
  defineMethod({
    name: 'export.events',
    summary: 'Export events matching a filter to CSV or JSON lines',
    params: z
      .object({ format: z.enum(['csv', 'jsonl']), out: z.string().min(1).max(4096), filter: eventFilter.optional() })
      .strict(),
    mutates: 'async',
    needsCase: true,
    async handler(ctx, p) {
      const out = allowedPath(ctx.allowedRoots, p.out);
      try {
        return await exportEvents(ctx.caseFile!.db, p.format, out, toFilter(p.filter ?? {}), (n) =>
          ctx.emit('export.progress', { events: n }),
        );
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new UserError('CONFLICT', `refusing to overwrite existing file: ${p.out}`);
        throw e;
      }
    },
  }),
];
