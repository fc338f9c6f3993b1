// Findings, manual analyst events, the narrative and the curated case timeline. Same audit conventions as
// annotate.ts: auditResult names what changed (finding, manual, block, annotations) and what it was before.
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';
import { findingDetail } from '../../annotate/finding-detail.js';
import { ensureLayer, layerIdByName, selectLayers } from '../../annotate/layers.js';
import { createFinding, deleteFinding, getFinding, listFindings, updateFinding } from '../../annotate/findings.js';
import {
  addManualEvent,
  deleteManualEvent,
  listManualEvents,
  updateManualEvent,
} from '../../annotate/manual-events.js';
import { addBlock, deleteBlock, listBlocks, moveBlock, updateBlock } from '../../annotate/narrative.js';
import { caseTimeline } from '../../annotate/case-timeline.js';
import { REFERENCES } from '../../annotate/references.js';
import {
  blockKind,
  layerName,
  layerNames,
  manualKind,
  markdown,
  newFinding,
  refs,
  severity,
  status,
} from './annotate-params.js';
import type { CaseDb } from '../../casefile/open.js';

const layerFilter = z.object({ layers: layerNames.optional() }).strict();
const layersOf = (db: CaseDb, names: string[] | undefined) =>
  names ? selectLayers(db, names, true).map((l) => l.id) : undefined;

export const findingMethods = [
  defineMethod({
    name: 'references.list',
    summary:
      'Framework references a finding can cite (OWASP NHI Top 10, NIST CSF 2.0 DE.AE/RS.AN, OWASP agentic Top 10)',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: false,
    handler: () => REFERENCES,
  }),
  defineMethod({
    name: 'findings.list',
    summary: 'Findings, most severe first',
    params: layerFilter,
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => listFindings(ctx.caseFile!.db, layersOf(ctx.caseFile!.db, p.layers)),
  }),
  defineMethod({
    name: 'findings.get',
    summary: 'One finding with its cited events, manual events and other cited targets',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => findingDetail(ctx.caseFile!.db, p.id),
  }),
  defineMethod({
    name: 'findings.create',
    summary: 'Create a finding (title, severity, status, description, references)',
    params: newFinding.extend({ layer: layerName.optional() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return createFinding(db, ctx.analyst, ensureLayer(db, ctx.analyst, p.layer).id, p);
    },
    auditResult: (r) => ({ finding: r.id }),
  }),
  defineMethod({
    name: 'findings.update',
    summary: 'Edit a finding: title, severity, status, description, references, layer',
    params: z
      .object({
        id: z.number().int(),
        title: z.string().min(1).max(300).optional(),
        severity: severity.optional(),
        status: status.optional(),
        body: markdown.optional(),
        refs: refs.optional(),
        layer: layerName.optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return updateFinding(db, ctx.analyst, p.id, { ...p, layerId: layerIdByName(db, p.layer) });
    },
    auditResult: (r) => ({ finding: r.finding.id, before: r.before }),
  }),
  defineMethod({
    name: 'findings.delete',
    summary: 'Delete a finding and its citations (kept in the history)',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const before = getFinding(db, p.id);
      return { id: p.id, annotations: deleteFinding(db, ctx.analyst, p.id), before };
    },
    auditResult: (r) => ({ finding: r.id, annotations: r.annotations, before: r.before }),
  }),
  defineMethod({
    name: 'manual.list',
    summary: 'Manual analyst events (calls, tickets, containment steps) in time order',
    params: z.object({ layers: layerNames.optional(), from: isoTime.optional(), to: isoTime.optional() }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return listManualEvents(db, {
        layerIds: layersOf(db, p.layers),
        from: micros(p.from, 'from'),
        to: micros(p.to, 'to'),
      });
    },
  }),
  defineMethod({
    name: 'manual.add',
    summary: 'Put a manual analyst event on the timeline (a phone call, a ticket…)',
    params: z
      .object({
        ts: isoTime,
        kind: manualKind.optional(),
        title: z.string().min(1).max(300),
        body: markdown.optional(),
        identity: z.string().max(2000).optional(),
        resource: z.string().max(4000).optional(),
        layer: layerName.optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return addManualEvent(db, ctx.analyst, ensureLayer(db, ctx.analyst, p.layer).id, p);
    },
    auditResult: (r) => ({ manual: r.id }),
  }),
  defineMethod({
    name: 'manual.update',
    summary: 'Edit a manual analyst event',
    params: z
      .object({
        id: z.number().int(),
        ts: isoTime.optional(),
        kind: manualKind.optional(),
        title: z.string().min(1).max(300).optional(),
        body: markdown.optional(),
        identity: z.string().max(2000).optional(),
        resource: z.string().max(4000).optional(),
        layer: layerName.optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      return updateManualEvent(db, ctx.analyst, p.id, { ...p, layerId: layerIdByName(db, p.layer) });
    },
    auditResult: (r) => ({ manual: r.manual.id, before: r.before }),
  }),
  defineMethod({
    name: 'manual.delete',
    summary: 'Delete a manual analyst event (kept in the history)',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      deleteManualEvent(ctx.caseFile!.db, ctx.analyst, p.id);
      return { id: p.id };
    },
    auditResult: (r) => ({ manual: r.id }),
  }),
  defineMethod({
    name: 'timeline.case',
    summary: 'The curated case timeline: promoted events and manual events, in time order',
    params: layerFilter,
    mutates: false,
    needsCase: true,
    handler: (ctx, p) => caseTimeline(ctx.caseFile!.db, layersOf(ctx.caseFile!.db, p.layers)),
  }),
  defineMethod({
    name: 'narrative.list',
    summary: 'The narrative blocks in order',
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler: (ctx) => listBlocks(ctx.caseFile!.db),
  }),
  defineMethod({
    name: 'narrative.add',
    summary:
      'Add a narrative block: text, a finding, a live event list, a session timeline, the scope graph, the case timeline',
    params: z
      .object({
        kind: blockKind,
        title: z.string().max(300).optional(),
        body: markdown.optional(),
        finding_id: z.number().int().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
        position: z.number().int().min(1).optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) =>
      addBlock(ctx.caseFile!.db, ctx.analyst, {
        kind: p.kind,
        title: p.title,
        body: p.body,
        findingId: p.finding_id,
        params: p.params,
        position: p.position,
      }),
    auditResult: (r) => ({ block: r.id }),
  }),
  defineMethod({
    name: 'narrative.update',
    summary: 'Edit a narrative block',
    params: z
      .object({
        id: z.number().int(),
        title: z.string().max(300).optional(),
        body: markdown.optional(),
        finding_id: z.number().int().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) =>
      updateBlock(ctx.caseFile!.db, ctx.analyst, p.id, {
        title: p.title,
        body: p.body,
        findingId: p.finding_id,
        params: p.params,
      }),
    auditResult: (r) => ({ block: r.block.id, before: r.before }),
  }),
  defineMethod({
    name: 'narrative.move',
    summary: 'Move a narrative block to a position (1-based)',
    params: z.object({ id: z.number().int(), position: z.number().int().min(1) }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler: (ctx, p) => ({ id: p.id, blocks: moveBlock(ctx.caseFile!.db, p.id, p.position) }),
    auditResult: (r) => ({ block: r.id, order: r.blocks.map((b) => b.id) }),
  }),
  defineMethod({
    name: 'narrative.delete',
    summary: 'Remove a narrative block (kept in the history)',
    params: z.object({ id: z.number().int() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      deleteBlock(ctx.caseFile!.db, ctx.analyst, p.id);
      return { id: p.id };
    },
    auditResult: (r) => ({ block: r.id }),
  }),
];
