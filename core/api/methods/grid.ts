// The Events grid's own methods: saved views (a named search + filters + time window + columns + colour rules),
// the case's colour rules, what to paint on the rendered rows (tags, layers, colour rule), and field statistics
// (top values of a column for the current result). Writes are `mutates: 'sync'`: one audited call each.
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { eventFilter, GROUP_COLUMNS, toFilter } from '../params.js';
import { groupEvents } from '../../query/groups.js';
import { facetEvents } from '../../query/events.js';
import { deleteView, getView, listViews, renameView, saveView } from '../../annotate/saved-views.js';
import { listColorRules, MAX_COLOR_RULES, setColorRules } from '../../annotate/color-rules.js';
import { gridMarks } from '../../annotate/grid-marks.js';

const viewName = z.string().min(1).max(200);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const colorRule = z.object({ query: z.string().min(1).max(2000), color }).strict();
const colorRules = z.array(colorRule).max(MAX_COLOR_RULES);
const column = z
  .object({ key: z.string().min(1).max(40), width: z.number().int().min(30).max(2000), hidden: z.boolean() })
  .strict();
const FACETS = GROUP_COLUMNS;

export const gridMethods = [
  defineMethod({
    name: 'views.list',
    summary: 'Saved views of the Events grid: name, search and filters, columns, colour rules',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx) => listViews(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'views.get',
    summary: 'One saved view (also a deleted one, marked so: a narrative block may still name it)',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => getView(ctx.caseFile!.db, p.id, true),
  }),
  defineMethod({
    name: 'views.save',
    summary: 'Save the current search, filters, time window, columns and colour rules under a name (or update one)',
    params: z
      .object({
        id: z.number().int().optional(),
        name: viewName,
        params: z.record(z.string().max(40), z.string().max(4000)),
        filter: eventFilter,
        columns: z.array(column).max(40),
        color_rules: colorRules,
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => saveView(ctx.caseFile!.db, ctx.analyst, p),
    auditResult: (r) => ({ view: r.id, name: r.name }),
  }),
  defineMethod({
    name: 'views.rename',
    summary: 'Rename a saved view',
    params: z.object({ id: z.number().int(), name: viewName }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => renameView(ctx.caseFile!.db, ctx.analyst, p.id, p.name),
    auditResult: (r) => ({ view: r.view.id, before: r.before }),
  }),
  defineMethod({
    name: 'views.delete',
    summary: 'Delete a saved view (kept in the history; narrative blocks that show it say so)',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => deleteView(ctx.caseFile!.db, ctx.analyst, p.id),
    auditResult: (r) => ({ view: r.id, name: r.name }),
  }),
  defineMethod({
    name: 'grid.color_rules',
    summary: "The case's colour rules: a search → a row colour, first match wins",
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx) => listColorRules(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'grid.set_color_rules',
    summary: "Replace the case's colour rules (each search is checked)",
    params: z.object({ rules: colorRules }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const { before } = setColorRules(ctx.caseFile!.db, ctx.analyst, p.rules);
      return { rules: listColorRules(ctx.caseFile!.db), before };
    },
    auditResult: (r) => ({ color_rules: r.rules.length, before: r.before }),
  }),
  defineMethod({
    name: 'grid.marks',
    summary: 'For the rows a grid shows: tags, layer colours and the first matching colour rule of each event',
    params: z
      .object({ ids: z.array(z.number().int()).max(2000), rules: z.array(z.string().max(2000)).max(MAX_COLOR_RULES) })
      .strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => gridMarks(ctx.caseFile!.db, p.ids, p.rules),
  }),
  defineMethod({
    name: 'events.facets',
    summary: 'Field statistics: the most frequent values of one column over the events a filter matches',
    params: z
      .object({
        filter: eventFilter.optional(),
        column: z.enum(FACETS),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => facetEvents(ctx.caseFile!.db, toFilter(p.filter ?? {}), p.column, p.limit ?? 50),
  }),
  defineMethod({
    name: 'events.groups',
    summary:
      'Group-by: every value of one column over the events a filter matches with its count, most frequent first, paged',
    params: z
      .object({
        filter: eventFilter.optional(),
        column: z.enum(GROUP_COLUMNS),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) =>
      groupEvents(ctx.caseFile!.db, toFilter(p.filter ?? {}), p.column, p.offset ?? 0, p.limit ?? 500),
  }),
];
