// Sigma detections (core/detect; docs/detections.md). Matches are machine findings: listing them is read-only
// and never audited; running the rules with an analyst's folder and citing a match in a finding are the
// analyst's actions and are audited as such.
import path from 'node:path';
import { z } from 'zod';
import { defineMethod } from '../registry.js';
import { isoTime, micros } from '../params.js';
import { annotationItems } from './annotate-params.js';
import { detectionLayer, listDetections, matchEvents, summarizeDetections } from '../../query/detections.js';
import { catalogue } from '../../query/detection-rules.js';
import { ruleDirs, runDetections } from '../../detect/index.js';
import { applyAnnotations } from '../../annotate/apply.js';
import { eventsByIds } from '../../annotate/events-by-id.js';
import { getMeta } from '../../casefile/open.js';
import { UserError } from '../../errors.js';
import { RuleError } from '../../detect/sigma/errors.js';

const text = z.string().min(1).max(2000);
const filter = {
  rule: text.optional(),
  identity: text.optional(),
  level: z.string().min(1).max(100).optional(),
  kind: z.enum(['detection', 'correlation']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

function lastRun(meta: string | null): unknown {
  return meta ? (JSON.parse(meta) as unknown) : null;
}

export const detectionMethods = [
  defineMethod({
    name: 'detections.list',
    summary:
      'Sigma matches in time order: rule (id, title, level, author, licence, link, tags), event(s), identity, session',
    // → {matches:[{match, kind, rule:{id,title,level,author,license,url,tags,source,kind}, event, ts, identity,
    //   identity_id, session, session_id, events?, first_ts?, group?}], total, truncated, last_run}
    params: z
      .object({
        ...filter,
        limit: z.number().int().min(1).max(1_000_000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const r = listDetections(
        db,
        {
          rule: p.rule,
          identity: p.identity,
          level: p.level,
          kind: p.kind,
          from: micros(p.from, 'from'),
          to: micros(p.to, 'to'),
        },
        { limit: p.limit, offset: p.offset },
      );
      return { ...r, last_run: lastRun(getMeta(db, 'detections')) };
    },
  }),
  defineMethod({
    name: 'detections.summary',
    summary: 'Per rule that matched: matches, events, identities, first and last time (highest level first)',
    // → {rules:[{...rule, matches, events, identities, first, last}], last_run}
    params: z.object({}).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx) {
      const db = ctx.caseFile!.db;
      return { rules: summarizeDetections(db), last_run: lastRun(getMeta(db, 'detections')) };
    },
  }),
  defineMethod({
    name: 'detections.rules',
    summary:
      'Every rule and what becomes of it in this case: runs, no source, not applicable (a field missing), invalid',
    // → {snapshot:{repository, commit, date, license}, rules_dirs,
    //   counts:{runs, no_source, not_in_case, not_applicable, invalid, total},
    //   rules:[{id, title, kind, level, author, source, file, url, license, logsource, status, formats, reasons,
    //   matches}]}
    params: z
      .object({ status: z.array(z.enum(['runs', 'no_source', 'not_in_case', 'not_applicable', 'invalid'])).optional() })
      .strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const c = catalogue(ctx.caseFile!.db);
      return p.status ? { ...c, rules: c.rules.filter((r) => p.status!.includes(r.status)) } : c;
    },
  }),
  defineMethod({
    name: 'detections.run',
    summary: "Run the Sigma rules now, adding folders of the analyst's own rules (remembered by the case)",
    // → {events, candidates, evaluations, hits, correlation_hits, ms, rules, missing_dirs, rules_dirs}
    params: z.object({ rules_dirs: z.array(z.string().min(1).max(4096)).max(20).optional() }).strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      // Same path policy as evidence: where the transport restricts paths, a folder must lie inside its roots.
      const dirs = (p.rules_dirs ?? []).map((d) => path.resolve(d));
      for (const abs of dirs)
        if (
          ctx.allowedRoots &&
          !ctx.allowedRoots.some((r) => abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep))
        )
          throw new UserError('INVALID_PARAMS', `rules folder ${abs} is outside the folders this window may read`);
      try {
        const s = runDetections(db, dirs);
        return { ...s, rules_dirs: ruleDirs(db) };
      } catch (e) {
        if (e instanceof RuleError) throw new UserError('INVALID_PARAMS', e.message);
        throw e;
      }
    },
    auditResult: (r) => ({ rules_dirs: r.rules_dirs, matches: r.hits + r.correlation_hits }),
  }),
  defineMethod({
    name: 'detections.events',
    summary: "One match's events (a correlation's all), as event rows",
    // → {match, rule, kind, events:[event rows as events.list]}
    params: z.object({ match: text }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const m = matchEvents(db, p.match);
      return { match: p.match, rule: m.rule, kind: m.kind, events: eventsByIds(db, m.events) };
    },
  }),
  defineMethod({
    name: 'detections.layer',
    summary: 'The machine annotation layer "detections": per event, the Sigma matches that name it',
    // → {layer: 'detections', machine: true, events: {"<event id>": [{match, kind, rule}]}}
    params: z.object({ ids: z.array(z.number().int()).min(1).max(10_000) }).strict(),
    mutates: false,
    needsCase: true,
    handler(ctx, p) {
      return { layer: 'detections', machine: true, events: detectionLayer(ctx.caseFile!.db, p.ids) };
    },
  }),
  defineMethod({
    name: 'detections.cite',
    summary: "Cite a match's events in a finding (the caption names the rule, its author and link)",
    // → {ids, layer, layer_id, finding, finding_created}
    params: z
      .object({
        match: text,
        finding: annotationItems.finding.unwrap(),
        layer: annotationItems.layer,
        caption: annotationItems.caption,
      })
      .strict(),
    mutates: 'sync',
    needsCase: true,
    handler(ctx, p) {
      const db = ctx.caseFile!.db;
      const m = matchEvents(db, p.match);
      const caption =
        p.caption ??
        `Sigma rule "${m.rule.title}" (${m.rule.id})${m.rule.author ? ` by ${m.rule.author}` : ''}, ${m.rule.license ?? 'licence not stated'}: ${m.rule.url}`;
      const r = applyAnnotations(
        db,
        ctx.analyst,
        m.events.map((id) => ({ kind: 'event' as const, id })),
        { layer: p.layer, finding: p.finding, caption },
      );
      return {
        ids: r.ids,
        layer: r.layer.name,
        layer_id: r.layer.id,
        finding: r.finding,
        finding_created: r.finding_created,
      };
    },
    auditResult: (r) => ({
      annotations: r.ids,
      layer: r.layer_id,
      finding: r.finding,
      finding_created: r.finding_created,
    }),
  }),
];
