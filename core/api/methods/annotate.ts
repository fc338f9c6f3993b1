// Layers, tags and annotations. Every change is `mutates: 'sync'`: the dispatcher commits it together with its
// audit row; auditResult records what it touched (annotations, finding, layer, `before` for edits) so that
// annotations.history can answer from the chained log (core/annotate/audit-list.ts).
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { eventFilter, toFilter } from '../params.js';
import { UserError } from '../../errors.js';
import { queryEvents } from '../../query/events.js';
import {
  createLayer,
  deleteLayer,
  listLayers,
  updateLayer,
  selectLayers,
  layerIdByName,
} from '../../annotate/layers.js';
import { deleteAnnotations, getAnnotation, listAnnotations, updateAnnotation } from '../../annotate/annotations.js';
import { applyAnnotations } from '../../annotate/apply.js';
import { listTags, setTagColor } from '../../annotate/tags.js';
import { reanchorAll } from '../../annotate/targets.js';
import { historyOf, listAudit } from '../../annotate/audit-list.js';
import type { Target } from '../../model/annotation.js';
import {
  annotationItems,
  annotationKind,
  layerName,
  layerNames,
  markdown,
  tagName,
  target,
} from './annotate-params.js';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const BULK_MAX = 50_000;

interface Applied {
  ids: number[];
  layer: { id: number; name: string };
  finding: number | null;
  finding_created: boolean;
}
interface AppliedJson {
  ids: number[];
  layer: string;
  layer_id: number;
  finding?: number;
  finding_created?: boolean;
}
const appliedResult = (r: Applied): AppliedJson => ({
  ids: r.ids,
  layer: r.layer.name,
  layer_id: r.layer.id,
  ...(r.finding !== null ? { finding: r.finding, finding_created: r.finding_created } : {}),
});
const appliedAudit = (r: AppliedJson) => ({
  annotations: r.ids,
  layer: r.layer_id,
  ...(r.finding !== undefined ? { finding: r.finding, finding_created: r.finding_created } : {}),
});

export const annotateMethods = [
  defineMethod({
    name: 'layers.list',
    summary: 'Annotation layers: name, colour, hidden, order',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx) => listLayers(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'layers.create',
    summary: 'Create an annotation layer',
    params: z
      .object({
        name: layerName,
        color: color.optional(),
        description: z.string().max(2000).optional(),
        hidden: z.boolean().optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => createLayer(ctx.caseFile!.db, ctx.analyst, p),
    auditResult: (r) => ({ layer: r.id }),
  }),
  defineMethod({
    name: 'layers.update',
    summary: 'Rename, recolour, hide/show or reorder a layer',
    params: z
      .object({
        id: z.number().int(),
        name: layerName.optional(),
        color: color.optional(),
        hidden: z.boolean().optional(),
        description: z.string().max(2000).optional(),
        position: z.number().int().optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => updateLayer(ctx.caseFile!.db, p.id, p),
    auditResult: (r) => ({ layer: r.layer.id, before: r.before }),
  }),
  defineMethod({
    name: 'layers.delete',
    summary: 'Delete an empty layer',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      deleteLayer(ctx.caseFile!.db, ctx.analyst, p.id);
      return { id: p.id };
    },
    auditResult: (r) => ({ layer: r.id }),
  }),
  defineMethod({
    name: 'tags.list',
    summary: 'Tags in use, with colour and count',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx) => listTags(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'tags.color',
    summary: 'Set the colour of a tag',
    params: z.object({ name: tagName, color }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => ({ name: p.name, color: p.color, ...setTagColor(ctx.caseFile!.db, p.name, p.color) }),
    auditResult: (r) => ({ tag: r.name, before: r.before }),
  }),
  defineMethod({
    name: 'annotations.add',
    summary: 'Tag, note, bookmark, promote or cite in a finding: events, sessions, identities, resources, time ranges',
    params: z.object({ targets: z.array(target).min(1).max(BULK_MAX), ...annotationItems }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      return appliedResult(applyAnnotations(ctx.caseFile!.db, ctx.analyst, p.targets as Target[], p));
    },
    auditResult: appliedAudit,
  }),
  defineMethod({
    name: 'annotations.bulk',
    summary: 'Annotate every event matching a filter (a time range, an identity, a search), up to 50,000',
    params: z.object({ filter: eventFilter, ...annotationItems }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const events = queryEvents(db, toFilter(p.filter), { limit: BULK_MAX + 1 });
      if (events.length > BULK_MAX)
        throw new UserError(
          'INVALID_PARAMS',
          `more than ${BULK_MAX.toLocaleString('en-US')} events match; narrow the filter`,
        );
      if (events.length === 0) throw new UserError('NOT_FOUND', 'no events match the filter');
      const r = applyAnnotations(
        db,
        ctx.analyst,
        events.map((e) => ({ kind: 'event' as const, id: e.id })),
        p,
      );
      return { ...appliedResult(r), events: events.length };
    },
    auditResult: appliedAudit,
  }),
  defineMethod({
    name: 'annotations.update',
    summary: 'Edit a note or caption, rename a tag, or move an annotation to another layer',
    params: z
      .object({ id: z.number().int(), body: markdown.optional(), tag: tagName.optional(), layer: layerName.optional() })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return updateAnnotation(db, ctx.analyst, p.id, { body: p.body, tag: p.tag, layerId: layerIdByName(db, p.layer) });
    },
    auditResult: (r) => ({ annotations: [r.annotation.id], before: r.before }),
  }),
  defineMethod({
    name: 'annotations.delete',
    summary: 'Remove annotations (kept in the history)',
    params: z.object({ ids: z.array(z.number().int()).min(1).max(BULK_MAX) }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const gone = deleteAnnotations(ctx.caseFile!.db, ctx.analyst, p.ids);
      return {
        ids: gone.map((a) => a.id),
        removed: gone.map((a) => ({
          id: a.id,
          kind: a.kind,
          layer: a.layer,
          target: a.target,
          tag: a.tag,
          body: a.body,
          finding_id: a.finding_id,
        })),
      };
    },
    // The removed content goes into the log too, so the history shows what was deleted, not just that something was.
    auditResult: (r) => ({ annotations: r.ids, removed: r.removed }),
  }),
  defineMethod({
    name: 'annotations.list',
    summary: 'Live annotations, filtered by layer, kind, target, events, finding or tag',
    params: z
      .object({
        layers: layerNames.optional(),
        kinds: z.array(annotationKind).max(5).optional(),
        target: target.optional(),
        event_ids: z.array(z.number().int()).max(10_000).optional(),
        finding_id: z.number().int().optional(),
        tag: tagName.optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
        after: z.number().int().optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const layerIds = p.layers ? selectLayers(db, p.layers, true).map((l) => l.id) : undefined;
      return listAnnotations(db, {
        layerIds,
        kinds: p.kinds,
        target: p.target as Target | undefined,
        eventIds: p.event_ids,
        findingId: p.finding_id,
        tag: p.tag,
        limit: p.limit,
        after: p.after,
      });
    },
  }),
  defineMethod({
    name: 'annotations.get',
    summary: 'One annotation',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => getAnnotation(ctx.caseFile!.db, p.id),
  }),
  defineMethod({
    name: 'annotations.reanchor',
    summary: 'Re-attach event annotations whose event id moved, by the raw record hash',
    params: z.object({}).strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx) => reanchorAll(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'annotations.history',
    summary: 'Every audited change to one annotation, finding, manual event, layer or narrative block',
    params: z
      .object({ entity: z.enum(['annotation', 'finding', 'manual', 'layer', 'block']), id: z.number().int() })
      .strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => historyOf(ctx.caseFile!.db, p.entity, p.id),
  }),
  defineMethod({
    name: 'audit.list',
    summary: 'The analyst audit log (hash-chained): who changed what, when (UTC)',
    params: z
      .object({
        method: z.string().max(100).optional(),
        analyst: z.string().max(200).optional(),
        after: z.number().int().optional(),
        before: z.number().int().optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        order: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => listAudit(ctx.caseFile!.db, p),
  }),
];
