// Gathers the report model from the case: meta, the narrative (text, findings, live blocks), the curated case
// timeline, scope, coverage and the appendix. Reads only; runs in the report worker with its own connection.
import type { CaseHandle } from '../casefile/open.js';
import { getMeta } from '../casefile/open.js';
import { caseInfo } from '../query/info.js';
import { selectLayers } from '../annotate/layers.js';
import { getFinding, SEVERITY_RANK } from '../annotate/findings.js';
import { effectiveNarrative } from '../annotate/narrative.js';
import { caseTimeline } from '../annotate/case-timeline.js';
import { listAnnotations } from '../annotate/annotations.js';
import { tagColorMap } from '../annotate/tags.js';
import { colorFor } from '../annotate/palette.js';
import { markdownToText } from '../../lib/markdown.js';
import { SEVERITIES } from '../model/annotation.js';
import { VERSION } from '../version.js';
import { parseIsoMicros } from '../model/time.js';
import type { BlockModel, CaseTimelineRow, FindingModel, ReportModel } from './model.js';
import type { ReportOptions, ReportProgress } from './options.js';
import { makeClock } from './time.js';
import { timelineSvg, timelineLegend } from './svg/timeline.js';
import { findingModel } from './collect/findings.js';
import { liveBlock } from './collect/blocks.js';
import { scopeSection } from './collect/scope.js';
import { coverageSection } from './collect/coverage.js';
import { exposureSection } from './collect/exposure.js';
import { detectionsSection } from './collect/detections.js';
import { appendixSection } from './collect/appendix.js';
import { recordText } from './collect/events.js';
import type { CollectContext } from './collect/context.js';

/** The first paragraph of a finding's description, as plain text, for the summary table. */
function gist(markdown: string): string {
  const first =
    markdownToText(markdown)
      .split(/\n\s*\n/)[0]
      ?.trim() ?? '';
  return first.length > 320 ? first.slice(0, 319) + '…' : first;
}

function overview(c: CollectContext, findings: FindingModel[]): string {
  const withTimes = findings.filter((f) => f.events.length || f.manual.length);
  if (withTimes.length === 0) return '';
  const all = withTimes.flatMap((f) => [...f.events.map((e) => e.ts), ...f.manual.map((m) => m.ts)]);
  return (
    timelineSvg({
      lanes: withTimes.map((f) => `${f.label} ${f.title}`),
      title: 'All findings on one time axis',
      from: Math.min(...all),
      to: Math.max(...all),
      clock: c.clock,
      context: [],
      marks: withTimes.flatMap((f, lane) =>
        f.events.map((e) => ({ ts: e.ts, lane, category: e.category, failed: e.outcome === 'failure', label: null })),
      ),
      manual: withTimes.flatMap((f) => f.manual.map((m) => ({ ts: m.ts, label: m.title }))),
    }) +
    timelineLegend(
      [...new Set(withTimes.flatMap((f) => f.events.map((e) => e.category)))],
      withTimes.some((f) => f.events.some((e) => e.outcome === 'failure')),
      withTimes.some((f) => f.manual.length > 0),
      false,
    )
  );
}

function caseTimelineRows(c: CollectContext): CaseTimelineRow[] {
  const rows: CaseTimelineRow[] = caseTimeline(c.handle.db, c.layerIds).map((e) =>
    e.type === 'event'
      ? {
          time: c.clock.full(e.ts),
          ts: c.clock.us(e.ts),
          kind: 'event',
          who: e.event.identity ?? e.event.principal ?? '',
          what: e.event.action,
          where: e.event.resource ?? '',
          outcome: e.event.outcome,
          ref: `${c.evidenceNames.get(e.event.evidence) ?? e.event.evidence} · ${recordText(e.event.record_ref)} · event ${e.event.id}`,
          note: '',
          tags: [],
        }
      : {
          time: c.clock.full(e.ts),
          ts: c.clock.us(e.ts),
          kind: 'manual',
          who: e.manual.created_by ?? '',
          what: `${e.manual.kind}: ${e.manual.title}`,
          where: e.manual.identity ?? e.manual.resource ?? '',
          outcome: '',
          ref: `manual event ${e.manual.id} (analyst)`,
          note: e.manual.body,
          tags: [],
        },
  );
  // Time ranges the analysts marked (an outage, the attacker's window) sit in the timeline at their start.
  const ranges = new Map<string, CaseTimelineRow>();
  for (const a of listAnnotations(c.handle.db, { layerIds: c.layerIds, kinds: ['tag', 'note'], limit: 100_000 })) {
    if (a.target.kind !== 'range') continue;
    const t = a.target;
    const key = `${t.from}|${t.to}|${t.identity ?? ''}`;
    let row = ranges.get(key);
    if (!row) {
      row = {
        time: c.clock.full(t.from),
        ts: c.clock.us(t.from),
        kind: 'range',
        who: t.identity ?? '',
        what: `time range until ${c.clock.full(t.to)}`,
        where: '',
        outcome: '',
        ref: `annotation by ${a.created_by ?? '?'}`,
        note: '',
        tags: [],
      };
      ranges.set(key, row);
      rows.push(row);
    }
    if (a.kind === 'tag' && !row.tags.some((x) => x.name === a.tag))
      row.tags.push({ name: a.tag!, color: a.tag_color ?? c.tagColor(a.tag!) });
    if (a.kind === 'note') row.note = row.note ? `${row.note}\n\n${a.body ?? ''}` : (a.body ?? '');
  }
  return rows.sort((a, b) => a.ts - b.ts || (a.kind === 'range' ? -1 : b.kind === 'range' ? 1 : 0));
}

export async function buildModel(
  handle: CaseHandle,
  opts: ReportOptions & { analyst: string },
  progress: (p: ReportProgress) => void = () => {},
): Promise<ReportModel> {
  const db = handle.db;
  const info = caseInfo(db);
  const tz = opts.tz ?? info.display_tz ?? 'UTC';
  const clock = makeClock(tz, info.time_range.from ? (parseIsoMicros(info.time_range.from) ?? undefined) : undefined);
  const layers = selectLayers(db, opts.layers);
  const colors = tagColorMap(db);
  const c: CollectContext = {
    handle,
    clock,
    layerIds: layers.map((l) => l.id),
    evidenceNames: new Map(info.evidence.map((e) => [e.id, e.name])),
    tagColor: (n) => colors.get(n.toLowerCase()) ?? colorFor(n),
    progress,
  };
  progress({ phase: 'collecting', done: 0, total: 1, message: 'reading the narrative' });
  const narrative = effectiveNarrative(db, c.layerIds);
  const findingIds = narrative.blocks.filter((b) => b.kind === 'finding').map((b) => b.finding_id!);
  const findings: FindingModel[] = [];
  const blocks: BlockModel[] = [];
  for (const b of narrative.blocks) {
    if (b.kind === 'finding') {
      const label = `F-${findings.length + 1}`;
      progress({ phase: 'findings', done: findings.length, total: findingIds.length, message: `finding ${label}` });
      const f = findingModel(c, getFinding(db, b.finding_id!), label);
      f.layer = { name: f.layer.name, color: layers.find((l) => l.name === f.layer.name)?.color ?? '#868e96' };
      findings.push(f);
      blocks.push({ kind: 'finding', finding: f });
    } else {
      const m = liveBlock(c, b);
      if (m) blocks.push(m);
    }
  }
  progress({
    phase: 'collecting',
    done: findingIds.length,
    total: findingIds.length,
    message: 'scope, coverage and appendix',
  });
  const cited = findings.flatMap((f) => f.events);
  const times = cited.map((e) => e.ts).concat(findings.flatMap((f) => f.manual.map((m) => m.ts)));
  const scope = scopeSection(c, findings);
  const exposure = exposureSection(
    c,
    scope,
    cited.map((e) => e.id),
  );
  const coverage = coverageSection(c);
  const detections = detectionsSection(c);
  const appendix = appendixSection(c);
  const from = info.time_range.from,
    to = info.time_range.to;
  return {
    title: opts.title ?? 'Incident report',
    meta: {
      case: info.name,
      caseId: getMeta(db, 'case_uuid') ?? '',
      analyst: info.analyst,
      preparedBy: opts.preparedBy ?? opts.analyst,
      generatedAt: new Date().toISOString(),
      tz,
      tzLabel: clock.label,
      paper: opts.paper ?? 'A4',
      period: times.length ? { from: clock.full(Math.min(...times)), to: clock.full(Math.max(...times)) } : null,
      casePeriod: from && to ? { from: clock.full(from), to: clock.full(to) } : null,
      layers: layers.map((l) => ({ name: l.name, color: l.color })),
      version: VERSION,
      evidenceFiles: info.evidence.length,
      events: info.events,
      rejected: info.rejected,
      sources: info.sources.map((s) => `${s.format} (${s.events.toLocaleString('en-US')})`).join(', '),
    },
    summary: {
      findings: findings.map((f) => ({
        label: f.label,
        anchor: f.anchor,
        title: f.title,
        severity: f.severity,
        status: f.status,
        events: f.events.length,
        first: f.first,
        last: f.last,
        gist: gist(f.markdown),
      })),
      bySeverity: SEVERITIES.map((s) => ({ severity: s, count: findings.filter((f) => f.severity === s).length }))
        .filter((x) => x.count > 0)
        .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]),
      identities: new Set(cited.map((e) => e.identity)).size,
      resources: new Set(cited.map((e) => e.resource).filter((r) => r !== null)).size,
      cited: new Set(cited.map((e) => e.id)).size,
      overviewSvg: overview(c, findings),
    },
    blocks,
    caseTimeline: caseTimelineRows(c),
    scope,
    exposure,
    detections,
    coverage,
    appendix,
  };
}
