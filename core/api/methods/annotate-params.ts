// Param schemas shared by the annotation, finding and narrative methods.
import { z } from 'zod';
import { isoTime } from '../params.js';
import { ANNOTATION_KINDS, BLOCK_KINDS, FINDING_STATUSES, MANUAL_KINDS, SEVERITIES } from '../../model/annotation.js';

const name = z.string().min(1).max(2000);
const id = z.number().int().min(1);

export const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), id: z.number().int() }).strict(),
  z.object({ kind: z.literal('session'), key: name }).strict(),
  z.object({ kind: z.literal('identity'), name }).strict(),
  z.object({ kind: z.literal('resource'), name: z.string().min(1).max(4000) }).strict(),
  z.object({ kind: z.literal('range'), from: isoTime, to: isoTime, identity: name.optional() }).strict(),
  z.object({ kind: z.literal('manual'), id }).strict(),
  z.object({ kind: z.literal('finding'), id }).strict(),
]);

export const layerName = z.string().min(1).max(80);
export const layerNames = z.array(layerName).max(50);
export const tagName = z.string().min(1).max(80);
export const markdown = z.string().max(100_000);
export const severity = z.enum(SEVERITIES);
export const status = z.enum(FINDING_STATUSES);
export const refs = z.array(z.string().min(1).max(120)).max(50);
export const annotationKind = z.enum(ANNOTATION_KINDS);
export const manualKind = z.enum(MANUAL_KINDS);
export const blockKind = z.enum(BLOCK_KINDS);

export const newFinding = z
  .object({
    title: z.string().min(1).max(300),
    severity: severity.optional(),
    status: status.optional(),
    body: markdown.optional(),
    refs: refs.optional(),
  })
  .strict();

/** What to put on each target: any mix of tags, a note, a bookmark, a promotion, a citation. */
export const annotationItems = {
  layer: layerName.optional(),
  tags: z.array(tagName).max(50).optional(),
  note: markdown.optional(),
  bookmark: z.boolean().optional(),
  promote: z.boolean().optional(),
  /** Cite the targets in a finding: an existing one by id, or a new one (reused when a live finding has that title). */
  finding: z.union([z.object({ id }).strict(), newFinding]).optional(),
  caption: z.string().max(2000).optional(),
};
