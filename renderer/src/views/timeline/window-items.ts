// A window of the core's timeline read model → vis-timeline lanes and items, with their tooltips. Events are laid
// out per lane (label-layout.ts) so marks and labels never overprint; annotations get rows of their own lane.
import type { LaneInfo, TimelineItem, TimelineWindow } from '../../lib/contract';
import { n } from '../../lib/format';
import { fmtDuration, fmtTime, zoneLabel } from '../../lib/time';
import type { AnnotationMarks, EventMark, Marker } from './annotation-marks';
import { densityCanvas, el, laneContent, safeColour } from './dom';
import { assignRows, layoutLane, type LayoutOptions } from './label-layout';
import type { TLGroup, TLItem } from './vis-adapter';

export const ANNOT_LANE = '__annotations';
/** Rows of the annotation lane; annotations needing more are counted in its label ("zoom in"). */
const ANNOT_ROWS = 6;

/** Geometry of the marks (CSS in app.css `.tl-host .vis-item…` matches these). */
export const MARK = { dotPx: 10, groupPx: 16, gapPx: 4, minLabelPx: 36, maxLabelPx: 260 };

export interface Tip {
  title: string;
  rows: [string, string][];
  hint?: string;
}

export interface BuildInput {
  r: TimelineWindow;
  lanesMode: 'identity' | 'session';
  marks: AnnotationMarks | undefined;
  /** The visible window and the item area's width, for pixel positions. */
  view: { start: number; end: number; widthPx: number };
  measure: (text: string) => number;
  colours: Record<string, string>;
  byOutcome: boolean;
  tz: string;
  /** Lane label elements, kept across windows (their counts are updated in place). */
  laneEls: Map<string, { content: HTMLElement; label: string; mode: string }>;
}

/** Tooltips are made when hovered (formatting times for every item of every window would cost each pan). */
export type TipSource = () => Tip;

export interface Built {
  groups: TLGroup[];
  items: TLItem[];
  tips: Map<string, TipSource>;
  /** Group marks → the events they stand for. */
  members: Map<string, number[]>;
  annotationsInView: number;
  annotationsNotDrawn: number;
}

function tagPrefix(m: EventMark | undefined): string {
  return m && m.tags.length ? m.tags.map((t) => `#${t.name}`).join(' ') + ' ' : '';
}

function eventTip(it: TimelineItem, lane: LaneInfo | undefined, m: EventMark | undefined, tz: string): Tip {
  const ms = Date.parse(it.ts);
  const rows: [string, string][] = [
    ['time', `${fmtTime(it.ts, tz)} ${zoneLabel(tz, ms)}`],
    ['identity', lane && lane.key !== 'other' ? lane.label : (it.principal ?? '—')],
  ];
  if (it.principal && lane && lane.label !== it.principal) rows.push(['principal', it.principal]);
  rows.push(['action', it.action], ['resource', it.resource ?? '—'], ['outcome', it.outcome]);
  if (it.flags.length) rows.push(['flags', it.flags.join(', ')]);
  if (m?.tags.length) rows.push(['tags', m.tags.map((t) => t.name).join(', ')]);
  if (m?.layers.length) rows.push(['layers', m.layers.map((l) => l.name).join(', ')]);
  return { title: it.action, rows, hint: 'click to open · a to annotate' };
}

function groupTip(its: TimelineItem[], lane: LaneInfo | undefined, tz: string): Tip {
  const a = Date.parse(its[0].ts);
  const b = Date.parse(its[its.length - 1].ts);
  const actions = new Map<string, number>();
  let failures = 0;
  for (const it of its) {
    actions.set(it.action, (actions.get(it.action) ?? 0) + 1);
    if (it.outcome === 'failure') failures++;
  }
  const top = [...actions].sort((x, y) => y[1] - x[1]);
  return {
    title: `${n(its.length)} events`,
    rows: [
      ['time', `${fmtTime(a, tz)} → ${fmtTime(b, tz)} ${zoneLabel(tz, a)} (${fmtDuration(b - a)})`],
      ['identity', lane?.label ?? '—'],
      [
        'actions',
        top
          .slice(0, 5)
          .map(([k, c]) => `${k} ×${c}`)
          .join(', ') + (top.length > 5 ? `, +${top.length - 5} more` : ''),
      ],
      ['outcome', failures ? `${n(failures)} failed` : 'no failure'],
    ],
    hint: `click: select all ${its.length} and open the first · double-click: zoom in · a: annotate`,
  };
}

function markerTip(a: Marker, tz: string): Tip {
  return {
    title: a.label,
    rows: [
      ['time', `${fmtTime(a.ms, tz)}${a.end ? ` → ${fmtTime(a.end, tz)}` : ''} ${zoneLabel(tz, a.ms)}`],
      ['layer', a.layer],
    ],
  };
}

function labelEl(text: string, px: number, clipped: boolean, m: EventMark | undefined): HTMLElement {
  const span = el('span', 'ev-label');
  if (!text) return span;
  // Tags first, as chips in their colour; the label is shortened (ellipsis) to the room the layout gave it.
  span.style.maxWidth = `${px}px`;
  if (m)
    for (const t of m.tags)
      span.appendChild(el('span', 'ev-tag', `#${t.name}`)).style.setProperty('--tag', safeColour(t.color, '#8a5300')); // CSSOM: the CSP forbids style attributes
  span.appendChild(document.createTextNode(text.slice(tagPrefix(m).length)));
  if (clipped) span.classList.add('clipped');
  return span;
}

export function buildWindow(inp: BuildInput): Built {
  const { r, view, marks } = inp;
  const tips = new Map<string, TipSource>();
  const members = new Map<string, number[]>();
  const lo = Date.parse(r.from);
  const hi = Date.parse(r.to);
  const xOf = (ms: number) => ((ms - view.start) / Math.max(1, view.end - view.start)) * view.widthPx;
  const laneBy = new Map(r.lanes.map((l) => [l.key, l]));

  // Lanes: label elements are made once per lane, their counts updated in place.
  const groups: TLGroup[] = r.lanes.map((l, i) => {
    let cached = inp.laneEls.get(l.key);
    if (!cached || cached.label !== l.label || cached.mode !== inp.lanesMode) {
      cached = { content: laneContent(l, inp.lanesMode), label: l.label, mode: inp.lanesMode };
      inp.laneEls.set(l.key, cached);
    }
    const countEl = cached.content.querySelector('.lane-count');
    if (countEl) countEl.textContent = n(l.count);
    return { id: l.key, content: cached.content, order: i + 1, className: l.key === 'other' ? 'lane-other' : '' };
  });

  const items: TLItem[] = [];
  const layout: LayoutOptions = { ...MARK, rightPx: Infinity, measure: inp.measure };
  if (r.mode === 'items') {
    const byLane = new Map<string, TimelineItem[]>();
    for (const it of r.items) {
      let l = byLane.get(it.lane);
      if (!l) byLane.set(it.lane, (l = []));
      l.push(it);
    }
    for (const [laneKey, its] of byLane) {
      const byId = new Map(its.map((it) => [`e${it.id}`, it]));
      const placed = layoutLane(
        its.map((it) => ({
          id: `e${it.id}`,
          x: xOf(Date.parse(it.ts)),
          label: tagPrefix(inp.marks?.byEvent.get(it.id)) + it.action,
        })),
        layout,
      );
      for (const p of placed) {
        const its2 = p.ids.map((id) => byId.get(id)!);
        const first = its2[0];
        if (its2.length === 1) {
          const m = marks?.byEvent.get(first.id);
          const layer = m?.layers[0];
          const cls = `ev cat-${first.category} out-${first.outcome}${first.flags.length ? ' flagged' : ''}${m ? ' marked' : ''}`;
          items.push({
            id: p.ids[0],
            group: laneKey,
            start: new Date(first.ts),
            type: 'point',
            content: labelEl(p.label, p.labelPx, p.clipped, m),
            className: cls,
            ...(layer ? { style: `--layer:${safeColour(layer.color, '#8a5300')}` } : {}),
            sig: `${laneKey}|${cls}|${p.label}|${p.labelPx}|${m ? m.tags.map((t) => t.name + t.color).join() + (layer?.color ?? '') : ''}`,
          });
          tips.set(p.ids[0], () => eventTip(first, laneBy.get(laneKey), m, inp.tz));
        } else {
          const id = `g${first.id}-${its2[its2.length - 1].id}-${its2.length}`;
          const fail = its2.some((x) => x.outcome === 'failure');
          const flagged = its2.some((x) => x.flags.length > 0);
          const marked = its2.some((x) => marks?.byEvent.has(x.id));
          const top = mostCommon(its2.map((x) => x.category));
          const cls = `ev grp cat-${top} out-${fail ? 'failure' : 'success'}${flagged ? ' flagged' : ''}${marked ? ' marked' : ''}`;
          items.push({
            id,
            group: laneKey,
            start: new Date(first.ts),
            type: 'point',
            content: labelEl(p.label, p.labelPx, p.clipped, undefined),
            className: cls,
            sig: `${laneKey}|${cls}|${p.label}|${p.labelPx}`,
          });
          members.set(
            id,
            its2.map((x) => x.id),
          );
          tips.set(id, () => groupTip(its2, laneBy.get(laneKey), inp.tz));
        }
      }
    }
  } else if (r.mode === 'density') {
    let max = 1;
    for (const d of r.density) for (const c of d.counts) if (c > max) max = c;
    for (const d of r.density) {
      const id = `d${d.lane}`;
      const wrap = el('div', 'dens-wrap');
      wrap.appendChild(densityCanvas(d, max, r.categories, inp.colours, inp.byOutcome, view.widthPx));
      items.push({
        id,
        group: d.lane,
        start: new Date(lo),
        end: new Date(hi),
        type: 'range',
        content: wrap,
        className: 'lane-density',
        sig: `${lo}|${hi}|${max}|${inp.byOutcome}|${inp.colours.read}|${view.widthPx}|${d.counts.join(',')}|${d.failures.join(',')}`,
      });
      const total = d.counts.reduce((a, b) => a + b, 0);
      tips.set(id, () => ({
        title: `${n(total)} events`,
        rows: [
          ['identity', laneBy.get(d.lane)?.label ?? d.lane],
          ['bars', `${fmtDuration(r.bucket_ms ?? 0)} each`],
        ],
        hint: 'click to zoom in there',
      }));
    }
  } else {
    for (const c of r.clusters) {
      const st = Date.parse(c.from);
      const e = Date.parse(c.to);
      const cls = `cluster cat-${c.top_category}${c.failures > 0 ? ' has-fail out-failure' : ' out-success'}`;
      const text = c.count >= 1000 ? `${(c.count / 1000).toFixed(c.count >= 10000 ? 0 : 1)}k` : String(c.count);
      const id = `c${c.lane}|${st}|${e - st}`;
      items.push({
        id,
        group: c.lane,
        start: new Date(st),
        end: new Date(e),
        type: 'range',
        content: el('span', 'cl-label', text),
        className: cls,
        sig: `${cls}|${text}`,
      });
    }
  }

  // The annotation lane: present whenever an annotation lies in the window; overlapping ones on separate rows.
  let inView = 0;
  let notDrawn = 0;
  if (marks && marks.markers.length) {
    const here = marks.markers.filter((a) => (a.end ?? a.ms) >= lo && a.ms <= hi);
    inView = here.length;
    if (here.length) {
      // Points (annotated events, manual events) on the first row, laid out like events (close ones merge into a
      // group mark); ranges on the rows below, each on the first row where its box fits.
      const points = here.filter((a) => a.end === undefined);
      const ranges = here.filter((a) => a.end !== undefined);
      const byId = new Map(points.map((a) => [a.id, a]));
      const placed = layoutLane(
        points.map((a) => ({ id: a.id, x: xOf(a.ms), label: a.label })),
        layout,
      );
      for (const p of placed) {
        const its = p.ids.map((id) => byId.get(id)!);
        const first = its[0];
        const id = its.length === 1 ? first.id : `ag${first.id}-${its.length}`;
        const content = el('span', 'ev-label an-label', p.label);
        if (p.labelPx) content.style.maxWidth = `${p.labelPx}px`;
        items.push({
          id,
          group: ANNOT_LANE,
          subgroup: 'r0',
          start: new Date(first.ms),
          type: 'point',
          content,
          className: `annot${its.length > 1 ? ' grp' : ''}`,
          style: `--c:${safeColour(first.color, '#8a5300')}`,
          sig: `annot|${p.label}|${p.labelPx}|${first.color}`,
        });
        tips.set(id, () =>
          its.length === 1
            ? markerTip(first, inp.tz)
            : {
                title: `${n(its.length)} annotations`,
                rows: its.slice(0, 8).map((x): [string, string] => [fmtTime(x.ms, inp.tz, { ms: false }), x.label]),
                hint: its.length > 8 ? `+${n(its.length - 8)} more: zoom in` : undefined,
              },
        );
      }
      const spans = ranges.map((a) => ({
        id: a.id,
        left: xOf(a.ms),
        right: Math.max(xOf(a.end!), xOf(a.ms) + MARK.dotPx),
      }));
      const rows = assignRows(spans, ANNOT_ROWS - 1, MARK.gapPx);
      let usedRows = points.length ? 1 : 0;
      for (const a of ranges) {
        const row = rows.get(a.id) ?? -1;
        if (row < 0) {
          notDrawn++;
          continue;
        }
        usedRows = Math.max(usedRows, row + 2);
        items.push({
          id: a.id,
          group: ANNOT_LANE,
          subgroup: `r${row + 1}`,
          start: new Date(a.ms),
          end: new Date(a.end!),
          type: 'range',
          content: el('span', 'ev-label an-label', a.label),
          className: 'annot',
          style: `--c:${safeColour(a.color, '#8a5300')}`,
          sig: `annot|${row}|${a.label}|${a.color}`,
        });
        tips.set(a.id, () => markerTip(a, inp.tz));
      }
      const label = el('div', 'lane-label annot');
      label.appendChild(el('span', 'lane-name', 'Annotations'));
      label.appendChild(el('span', 'lane-count', n(inView)));
      if (notDrawn) label.appendChild(el('span', 'lane-more', `${n(notDrawn)} not drawn: zoom in`));
      groups.unshift({
        id: ANNOT_LANE,
        content: label,
        order: 0,
        className: `lane-annot rows-${usedRows}`,
      });
    }
  }
  return { groups, items, tips, members, annotationsInView: inView, annotationsNotDrawn: notDrawn };
}

function mostCommon<T>(xs: T[]): T {
  const c = new Map<T, number>();
  let best = xs[0];
  for (const x of xs) {
    const k = (c.get(x) ?? 0) + 1;
    c.set(x, k);
    if (k > (c.get(best) ?? 0)) best = x;
  }
  return best;
}
