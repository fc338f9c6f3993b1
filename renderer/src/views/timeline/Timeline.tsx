// The session timeline (vis-timeline): one lane per identity or session, coloured by category or outcome,
// annotation markers on their own lane. Only the visible window is asked of the core (timeline.window, at most
// ~1,500 items); zoomed out, the core answers with clusters (lane × time bucket counts) instead of events.
// Items are never constructed in bulk inside the visible range with stacking on (the O(n²) trap, see
// research/feasibility.md): stacking is off, the DataSets are updated by difference, and all item and lane
// content is DOM text nodes (never HTML strings).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Timeline, type TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.css';
import { DataSet } from 'vis-data/peer';
import { useApp } from '../../app/store';
import { onViewKey } from '../../app/keys';
import { errorText } from '../../lib/api';
import { fmtDuration, fmtTime, offsetMinutes, resolveZone, zoneLabel } from '../../lib/time';
import { arnAccount, middle, n, shortName } from '../../lib/format';
import { CATEGORIES, CATEGORY_HUE, KIND_LABEL } from '../../lib/colors';
import { Empty, ErrorBox, LinkButton } from '../../components/ui';
import { DensityBand } from './DensityBand';
import type { Category, Histogram, LaneDensity, LaneInfo, Params, TimelineWindow } from '../../lib/contract';

type TimelineFilter = NonNullable<Params<'timeline.window'>['filter']>;

interface TLItem {
  id: string;
  group: string;
  start: Date;
  end?: Date;
  type: 'point' | 'range' | 'background' | 'box';
  content: HTMLElement | string;
  className: string;
  evId?: number;
  range?: [number, number];
  title?: HTMLElement;
}
interface TLGroup {
  id: string;
  content: HTMLElement;
  order: number;
  className?: string;
}

/** Single events are drawn up to this many in the window (the core caps at 1,500); past it, density strips. */
const MAX_ITEMS = 400;
const DENSITY_BINS = 160;
/** Lanes drawn at once (about two screens); quieter lanes fold into one “more lanes” lane. */
const MAX_LANES = 40;

/** One lane's density strip, drawn on a canvas (one element, no text, no HTML): bars in the category hue (or
 *  the outcome hue), height ~ √count, failures as a red foot. */
function densityCanvas(
  d: LaneDensity,
  max: number,
  categories: readonly Category[],
  colours: Record<string, string>,
  byOutcome: boolean,
  widthPx: number,
): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const H = 16;
  c.width = Math.max(1, Math.round(widthPx * dpr));
  c.height = Math.round(H * dpr);
  c.className = 'dens';
  c.setAttribute('aria-hidden', 'true');
  const g = c.getContext('2d');
  if (!g) return c;
  const bw = c.width / d.counts.length;
  for (let b = 0; b < d.counts.length; b++) {
    const n = d.counts[b];
    if (n === 0) continue;
    const h = Math.max(2, Math.sqrt(n / max) * H) * dpr;
    g.fillStyle = byOutcome ? colours.success : colours[categories[d.top[b]] ?? 'other'];
    g.fillRect(b * bw, c.height - h, Math.max(1, bw * 0.92), h);
    if (d.failures[b] > 0) {
      g.fillStyle = colours.failure;
      g.fillRect(b * bw, c.height - 2.5 * dpr, Math.max(1, bw * 0.92), 2.5 * dpr);
    }
  }
  return c;
}

function densityColours(el: Element): Record<string, string> {
  const cs = getComputedStyle(el);
  const out: Record<string, string> = {};
  for (const k of CATEGORIES) out[k] = cs.getPropertyValue(`--cat-${k}`).trim() || CATEGORY_HUE[k];
  out.success = cs.getPropertyValue('--out-success').trim() || '#1f8a70';
  out.failure = cs.getPropertyValue('--out-failure').trim() || '#c0262d';
  return out;
}

const ANNOT_LANE = '__annotations';

/** The shortest run of bins holding at least `share` of the events: where the case really happens. */
function densest(h: Histogram, share: number): [number, number] {
  const from = Date.parse(h.from!);
  const need = Math.ceil(h.total * share);
  let best: [number, number] = [0, h.counts.length];
  let acc = 0;
  let j = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i];
    while (acc - h.counts[j] >= need && j < i) {
      acc -= h.counts[j];
      j++;
    }
    if (acc >= need && i + 1 - j < best[1] - best[0]) best = [j, i + 1];
  }
  return [from + best[0] * h.bin_ms, Math.min(Date.parse(h.to!), from + best[1] * h.bin_ms)];
}

function countBefore(h: Histogram, t: number): number {
  const from = Date.parse(h.from!);
  let acc = 0;
  for (let i = 0; i < h.counts.length; i++) {
    if (from + (i + 1) * h.bin_ms > t) break;
    acc += h.counts[i];
  }
  return acc;
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.appendChild(document.createTextNode(text));
  return e;
}

function laneContent(l: LaneInfo, mode: string): HTMLElement {
  const wrap = el('div', 'lane-label');
  wrap.title = l.label;
  if (l.identity_kind) wrap.appendChild(el('span', 'badge kind nhi', KIND_LABEL[l.identity_kind]));
  else if (l.key === 'other') wrap.appendChild(el('span', 'badge', 'more'));
  else if (mode === 'session' && (l.kind === 'session' || l.kind === 'key'))
    wrap.appendChild(el('span', 'badge kind nhi', l.kind === 'session' ? 'session' : 'key'));
  wrap.appendChild(el('span', 'lane-name', middle(shortName(l.label), 44)));
  const acct = arnAccount(l.label);
  if (acct) wrap.appendChild(el('span', 'lane-acct', acct));
  wrap.appendChild(el('span', 'lane-count', n(l.count)));
  return wrap;
}

export function TimelineView() {
  const { t, info, tz, route, setParams, openEvent, selection, setSelection, setStatus, dataVersion, go, theme } =
    useApp();
  const p = route.params;
  const lanes = p.lanes === 'session' ? 'session' : 'identity';
  const color = p.color === 'outcome' ? 'outcome' : 'category';
  const filter = useMemo(() => {
    const f: TimelineFilter = {};
    if (p.identity) f.identity = p.identity;
    if (p.session) f.session = p.session;
    if (p.category) f.categories = p.category.split(',');
    if (p.outcome) f.outcomes = p.outcome.split(',');
    return f;
  }, [p.identity, p.session, p.category, p.outcome]);
  const container = useRef<HTMLDivElement>(null);
  const tlRef = useRef<Timeline | null>(null);
  const itemsRef = useRef(new DataSet<TLItem>());
  const groupsRef = useRef(new DataSet<TLGroup>());
  const [win, setWin] = useState<{ start: number; end: number } | null>(null);
  const [result, setResult] = useState<TimelineWindow | null>(null);
  const [hist, setHist] = useState<Histogram | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [annotations, setAnnotations] = useState<{ ms: number; end?: number; label: string; id: number }[]>([]);
  const reqSeq = useRef(0);
  const pending = useRef<number | null>(null);
  const lastDraw = useRef<{ ms: number; items: number; query: number } | null>(null);
  const drawWaiters = useRef<((v: { ms: number; items: number; dom: number }) => void)[]>([]);
  const laneEls = useRef(new Map<string, { content: HTMLElement; label: string; mode: string }>());
  const groupOrder = useRef(new Map<string, number>());
  const itemSigs = useRef(new Map<string, string>());
  const callAt = useRef<number | null>(null);
  const optsRef = useRef<{ lanes: 'identity' | 'session'; filter: TimelineFilter; color: 'category' | 'outcome' }>({
    lanes,
    filter,
    color,
  });
  optsRef.current = { lanes, filter, color };

  const range = info?.time_range.from
    ? { from: Date.parse(info.time_range.from), to: Date.parse(info.time_range.to!) + 1 }
    : null;

  // Density band: over where the events really are (0.1 %–99.9 % of them), so a few stray old records do not
  // squash the case into one bar; the first view opens on that range too.
  const [outside, setOutside] = useState<{ before: number; after: number } | null>(null);
  const autoWindow = useRef<boolean>(!p.focus && !p.from);
  useEffect(() => {
    if (!range) return;
    let live = true;
    const f = Object.keys(filter).length ? { filter } : {};
    (async () => {
      const coarse = await t.call('timeline.histogram', { bins: 2000, ...f });
      if (!live || !coarse.from || coarse.total === 0) {
        if (live) setHist(coarse);
        return;
      }
      const [lo, hi] = densest(coarse, 0.9);
      const pad = Math.max(60_000, (hi - lo) * 0.04);
      const from = Math.max(Date.parse(coarse.from), lo - pad);
      const to = Math.min(Date.parse(coarse.to!), hi + pad);
      const fine = await t.call('timeline.histogram', {
        bins: 400,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...f,
      });
      if (!live) return;
      setHist(fine);
      setOutside({
        before: countBefore(coarse, from),
        after: Math.max(0, coarse.total - fine.total - countBefore(coarse, from)),
      });
      if (autoWindow.current && tlRef.current) {
        autoWindow.current = false;
        tlRef.current.setWindow(from, to, { animation: false });
      }
    })().catch((e) => {
      if (live) setErr(errorText(e));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `range` is what this effect sets: depending on it would refetch the range it just stored
  }, [t, filter, dataVersion, info?.events]);

  // Annotation markers: events and time ranges the analysts annotated, and their manual events.
  useEffect(() => {
    let live = true;
    Promise.all([t.call('annotations.list', { limit: 5000 }), t.call('manual.list')]).then(
      ([anns, manual]) => {
        if (!live) return;
        const out: { ms: number; end?: number; label: string; id: number }[] = [];
        for (const a of anns) {
          const label = [a.kind, a.tag, a.body].filter(Boolean).join(' · ').slice(0, 80);
          // Event ids are time-keyed: floor(ts_ms) * 1024 + n (core/evidence/event-ids.ts).
          if (a.target.kind === 'event') out.push({ ms: Math.floor(a.target.id / 1024), label, id: a.id });
          else if (a.target.kind === 'range')
            out.push({ ms: Date.parse(a.target.from), end: Date.parse(a.target.to), label, id: a.id });
        }
        for (const m of manual) out.push({ ms: Date.parse(m.ts), label: `manual · ${m.title}`, id: -m.id });
        setAnnotations(out);
      },
      (e) => {
        if (live) setErr(errorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [t, dataVersion]);

  const applyWindow = useCallback(
    (r: TimelineWindow, t0: number) => {
      const tl = tlRef.current;
      if (!tl) return;
      const tApply = performance.now();
      const items = itemsRef.current;
      const groups = groupsRef.current;
      const mode = optsRef.current.lanes;
      // Lanes: replace only what changed.
      // Lanes: label elements are made once per lane and their counts updated in place; vis-timeline only hears
      // about lanes that appear, disappear or move.
      const wantGroups: TLGroup[] = r.lanes.map((l, i) => {
        let cached = laneEls.current.get(l.key);
        if (!cached || cached.label !== l.label || cached.mode !== mode) {
          const content = laneContent(l, mode);
          cached = { content, label: l.label, mode };
          laneEls.current.set(l.key, cached);
        }
        const countEl = cached.content.querySelector('.lane-count');
        if (countEl) countEl.textContent = n(l.count);
        return { id: l.key, content: cached.content, order: i + 1, className: l.key === 'other' ? 'lane-other' : '' };
      });
      if (annotations.length > 0)
        wantGroups.unshift({
          id: ANNOT_LANE,
          content: el('div', 'lane-label annot', 'Annotations'),
          order: 0,
          className: 'lane-annot',
        });
      const wantG = new Set(wantGroups.map((g) => g.id));
      const dropG = groups.getIds().filter((id) => !wantG.has(id as string));
      const prevOrder = groupOrder.current;
      const changedG = wantGroups.filter((g) => prevOrder.get(g.id) !== g.order);
      groupOrder.current = new Map(wantGroups.map((g) => [g.id, g.order]));
      // Items: stable ids (events by id, clusters by lane and aligned bucket), so a pan adds and removes only the
      // edges.
      const next: TLItem[] = [];
      const sigs = new Map<string, string>();
      const labels = r.items.length <= 300;
      if (r.mode === 'items') {
        for (const it of r.items) {
          const cls = `ev cat-${it.category} out-${it.outcome}${it.flags.length ? ' flagged' : ''}`;
          const text = labels ? it.action : '';
          const id = `e${it.id}`;
          sigs.set(id, `${it.lane}|${cls}|${text}`);
          next.push({
            id,
            group: it.lane,
            start: new Date(it.ts),
            type: 'point',
            content: el('span', 'ev-label', text),
            evId: it.id,
            className: cls,
          });
        }
      } else if (r.mode === 'density') {
        let max = 1;
        for (const d of r.density) for (const c of d.counts) if (c > max) max = c;
        const st = Date.parse(r.from);
        const e = Date.parse(r.to);
        const colours = densityColours(container.current ?? document.documentElement);
        const byOutcome = optsRef.current.color === 'outcome';
        const widthPx =
          (container.current?.querySelector('.vis-panel.vis-center') as HTMLElement | null)?.clientWidth ?? 1000;
        for (const d of r.density) {
          const id = `d${d.lane}`;
          const wrap = el('div', 'dens-wrap');
          wrap.appendChild(densityCanvas(d, max, r.categories, colours, byOutcome, widthPx));
          sigs.set(
            id,
            `${st}|${e}|${max}|${byOutcome}|${colours.read}|${widthPx}|${d.counts.join(',')}|${d.failures.join(',')}`,
          );
          next.push({
            id,
            group: d.lane,
            start: new Date(st),
            end: new Date(e),
            type: 'range',
            content: wrap,
            className: 'lane-density',
          });
        }
      } else {
        for (const c of r.clusters) {
          const st = Date.parse(c.from);
          const e = Date.parse(c.to);
          const cls = `cluster cat-${c.top_category}${c.failures > 0 ? ' has-fail out-failure' : ' out-success'}`;
          const text = c.count >= 1000 ? `${(c.count / 1000).toFixed(c.count >= 10000 ? 0 : 1)}k` : String(c.count);
          const id = `c${c.lane}|${st}|${e - st}`;
          sigs.set(id, `${cls}|${text}`);
          next.push({
            id,
            group: c.lane,
            start: new Date(st),
            end: new Date(e),
            type: 'range',
            range: [st, e],
            content: el('span', 'cl-label', text),
            className: cls,
          });
        }
      }
      const lo = Date.parse(r.from);
      const hi = Date.parse(r.to);
      for (const a of annotations) {
        if ((a.end ?? a.ms) < lo || a.ms > hi) continue;
        const id = `a${a.id}`;
        sigs.set(id, 'annot');
        next.push(
          a.end
            ? {
                id,
                group: ANNOT_LANE,
                start: new Date(a.ms),
                end: new Date(a.end),
                type: 'range',
                content: el('span', 'an-label', a.label),
                className: 'annot',
              }
            : {
                id,
                group: ANNOT_LANE,
                start: new Date(a.ms),
                type: 'point',
                content: el('span', 'an-label', a.label),
                className: 'annot',
              },
        );
      }
      // Items that merely left the window stay in the DataSet (vis-timeline skips what is out of range; removing
      // them costs a redraw): only items in the window that are no longer wanted, or changed, are removed. The set
      // is pruned when it grows large.
      const prevSigs = itemSigs.current;
      const inWindow = (id: string) => {
        const it = items.get(id) as TLItem | null;
        if (!it) return false;
        const a = it.start.getTime();
        const b = it.end ? it.end.getTime() : a;
        return b >= lo && a <= hi;
      };
      const prune = prevSigs.size + next.length > 2500;
      const drop: string[] = [];
      const kept = new Map<string, string>();
      for (const [id, sig] of prevSigs) {
        const want = sigs.get(id);
        if (want === sig) continue;
        if (want === undefined && !prune && !id.startsWith('d') && !id.startsWith('c') && !inWindow(id)) {
          kept.set(id, sig);
          continue;
        }
        drop.push(id);
      }
      const add = next.filter((x) => sigs.get(x.id) !== prevSigs.get(x.id));
      itemSigs.current = new Map([...kept, ...sigs]);
      // Every DataSet change makes vis-timeline redraw at once (with a forced layout or two); hold its item-set
      // redraw during this batch: the redraw it also queues for the next frame draws the whole batch once.
      // (vis-timeline 8.5 internals; pinned version.)
      const itemSet = (tl as unknown as { itemSet?: { redraw: (...a: unknown[]) => unknown } }).itemSet;
      // (Not on a fresh timeline: its first draw must run as vis-timeline expects, or its root stays hidden.)
      const realRedraw = prevSigs.size > 0 ? itemSet?.redraw : undefined;
      if (itemSet && realRedraw) itemSet.redraw = () => false;
      try {
        if (drop.length) items.remove(drop);
        if (changedG.length) groups.update(changedG);
        if (dropG.length) groups.remove(dropG);
        if (add.length > 40) {
          // Many new items: add far outside the visible range first, then move into place. vis-timeline draws an item
          // added inside the window at once, measuring it (a forced layout each); items that become visible through an
          // update are drawn in one batched pass instead (measured: ~700 ms → under 100 ms for 1,500 items).
          const away = 1000 * 86400_000 * 365 * 50;
          items.add(
            add.map((x) => ({
              ...x,
              start: new Date(x.start.getTime() + away),
              ...(x.end ? { end: new Date(x.end.getTime() + away) } : {}),
            })),
          );
          items.update(add.map((x) => ({ id: x.id, start: x.start, ...(x.end ? { end: x.end } : {}) })) as TLItem[]);
        } else if (add.length > 0) {
          items.add(add);
        }
      } finally {
        if (itemSet && realRedraw) itemSet.redraw = realRedraw;
      }
      // (the DataSet changes queued one redraw for the next frame: that draws the batch)
      setResult(r);
      const sel = new Set(selection);
      if (sel.size > 0) tl.setSelection(next.filter((x) => x.evId !== undefined && sel.has(x.evId)).map((x) => x.id));
      const tApplied = performance.now();
      requestAnimationFrame(() => {
        const ms = performance.now() - t0;
        const dom = container.current?.querySelectorAll('.vis-item:not(.vis-dot)').length ?? 0;
        lastDraw.current = { ms, items: next.length, query: r.query_ms };
        const sinceCall = callAt.current !== null ? performance.now() - callAt.current : ms;
        callAt.current = null;
        const stats = { ms: sinceCall, requestMs: ms, items: next.length, dom };
        (window as unknown as { __ssTimelineLast?: unknown }).__ssTimelineLast = {
          ...stats,
          mode: r.mode,
          total: r.total,
          fetchMs: Math.round(tApply - t0),
          applyMs: Math.round(tApplied - tApply),
          paintMs: Math.round(performance.now() - tApplied),
          serverMs: r.query_ms,
          added: add.length,
          removed: drop.length,
        };
        for (const w of drawWaiters.current.splice(0)) w(stats);
      });
    },
    [annotations, selection],
  );

  const fetchWindow = useCallback(
    async (start: number, end: number) => {
      const seq = ++reqSeq.current;
      const t0 = performance.now();
      try {
        const { lanes: ln, filter: f } = optsRef.current;
        const r = await t.call('timeline.window', {
          from: new Date(start).toISOString(),
          to: new Date(end).toISOString(),
          lanes: ln,
          max_items: MAX_ITEMS,
          max_lanes: MAX_LANES,
          density_bins: DENSITY_BINS,
          ...(Object.keys(f).length ? { filter: f } : {}),
        });
        if (seq !== reqSeq.current) return;
        setErr(null);
        applyWindow(r, t0);
      } catch (e) {
        if (seq === reqSeq.current) setErr(errorText(e));
      }
    },
    [t, applyWindow],
  );

  // One request in flight at a time; while it runs, only the latest wanted window is remembered.
  const inFlight = useRef(false);
  const wanted = useRef<{ start: number; end: number } | null>(null);
  const lastFetched = useRef<string>('');
  const pump = useCallback(async () => {
    if (inFlight.current) return;
    while (wanted.current) {
      const w = wanted.current;
      wanted.current = null;
      const key = `${Math.round(w.start)}-${Math.round(w.end)}|${JSON.stringify(optsRef.current)}`;
      if (key === lastFetched.current) continue;
      lastFetched.current = key;
      inFlight.current = true;
      try {
        await fetchWindow(w.start, w.end);
      } finally {
        inFlight.current = false;
      }
    }
  }, [fetchWindow]);
  const schedule = useCallback(
    (start: number, end: number, delay = 4) => {
      setWin({ start, end });
      wanted.current = { start, end };
      if (pending.current !== null) window.clearTimeout(pending.current);
      pending.current = window.setTimeout(() => {
        pending.current = null;
        void pump();
      }, delay);
    },
    [pump],
  );

  // Create the timeline once.
  useEffect(() => {
    if (!container.current || !range) return;
    const focus = p.focus ? Date.parse(p.focus) : NaN;
    let start = p.from ? Date.parse(p.from) : range.from;
    let end = p.to ? Date.parse(p.to) : range.to;
    if (Number.isFinite(focus)) {
      start = focus - 15 * 60_000;
      end = focus + 15 * 60_000;
    }
    if (!(end > start)) end = start + 3600_000;
    const pad = Math.max(60_000, (end - start) * 0.02);
    const options: TimelineOptions = {
      stack: false,
      start: new Date(start - pad),
      end: new Date(end + pad),
      min: new Date(range.from - 30 * 86400_000),
      max: new Date(range.to + 30 * 86400_000),
      zoomMin: 1000,
      zoomMax: 1000 * 86400_000 * 365 * 5,
      orientation: { axis: 'top', item: 'top' },
      showCurrentTime: false,
      selectable: true,
      multiselect: false,
      groupOrder: 'order',
      verticalScroll: true,
      horizontalScroll: false,
      zoomKey: '',
      height: '100%',
      margin: { item: { horizontal: 0, vertical: 4 }, axis: 4 },
      tooltip: { followMouse: false },
      groupHeightMode: 'fixed',
    } as TimelineOptions;
    const items = itemsRef.current;
    const groups = groupsRef.current;
    const tl = new Timeline(container.current, items as never, groups as never, options);
    tlRef.current = tl;
    // 'rangechange' fires at once (and during drags); vis-timeline only fires 'rangechanged' 200 ms after the last
    // change, which would be felt. schedule() coalesces and keeps one request in flight.
    tl.on('rangechange', (props: { start: Date; end: Date }) => schedule(props.start.getTime(), props.end.getTime()));
    tl.on('rangechanged', (props: { start: Date; end: Date }) => {
      schedule(props.start.getTime(), props.end.getTime());
      // vis-timeline shows its root only on a redraw after its first 'rangechanged'; our data may have landed
      // before that (we fetch on 'rangechange'), so make sure one more redraw follows.
      if (!(tl as unknown as { initialDrawDone?: boolean }).initialDrawDone)
        requestAnimationFrame(() => {
          if (tlRef.current === tl) tl.redraw();
        });
    });
    tl.on('click', (props: { item: string | null; time: Date }) => {
      if (typeof props.item !== 'string' || !props.item.startsWith('d')) return;
      const w = tl.getWindow();
      const span = (w.end.getTime() - w.start.getTime()) / 12;
      tl.setWindow(props.time.getTime() - span / 2, props.time.getTime() + span / 2, { animation: false });
    });
    tl.on('select', (props: { items: string[] }) => {
      const id = props.items[0];
      if (!id) return;
      if (id.startsWith('d')) {
        tl.setSelection([]);
        return;
      }
      const it = itemsRef.current.get(id) as TLItem | null;
      if (!it) return;
      if (it.evId !== undefined) {
        setSelection([it.evId]);
        openEvent(it.evId);
      } else if (it.range) {
        const [s, e] = it.range;
        const padMs = (e - s) * 0.1;
        tl.setWindow(s - padMs, e + padMs, { animation: false });
      }
    });
    // Bench/test hook: set a window and resolve when it is redrawn.
    (window as unknown as { __ssTimeline?: unknown }).__ssTimeline = {
      setWindow: (s: number, e: number) =>
        new Promise((resolve) => {
          const w = tl.getWindow();
          if (Math.abs(w.start.getTime() - s) < 1 && Math.abs(w.end.getTime() - e) < 1) {
            resolve({ ms: 0, items: itemsRef.current.length, dom: 0, unchanged: true });
            return;
          }
          drawWaiters.current.push(resolve);
          callAt.current = performance.now();
          tl.setWindow(s, e, { animation: false });
          setTimeout(() => resolve({ ms: NaN, timeout: true }), 15_000);
        }),
      zoom: (factor: number) =>
        new Promise((resolve) => {
          drawWaiters.current.push(resolve);
          callAt.current = performance.now();
          if (factor > 1) tl.zoomOut(factor - 1, { animation: false });
          else tl.zoomIn(1 - factor, { animation: false });
        }),
      window: () => {
        const w = tl.getWindow();
        return { start: w.start.getTime(), end: w.end.getTime() };
      },
    };
    schedule(start - pad, end + pad, 0);
    return () => {
      tl.destroy();
      tlRef.current = null;
      items.clear();
      groups.clear();
      itemSigs.current = new Map();
      lastFetched.current = '';
      groupOrder.current = new Map();
      laneEls.current = new Map();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- vis-timeline is created once per lane mode, filter and data version; rebuilding it when a callback's identity changes would lose the analyst's window
  }, [!!range, lanes, filter, dataVersion]);

  // Axis labels in the display zone (a fixed offset at the window's centre; UTC is canonical).
  useEffect(() => {
    const tl = tlRef.current as unknown as {
      setOptions(o: unknown): void;
      options?: { moment?: (d: unknown) => { utcOffset(m: number): unknown; utc(): unknown } };
    } | null;
    if (!tl || !tl.options?.moment) return;
    const base = (tl as unknown as { __baseMoment?: typeof tl.options.moment }).__baseMoment ?? tl.options.moment;
    (tl as unknown as { __baseMoment?: unknown }).__baseMoment = base;
    const zone = resolveZone(tz);
    const off = zone === 'UTC' ? 0 : offsetMinutes(zone, win ? (win.start + win.end) / 2 : Date.now());
    tl.setOptions({ moment: (d: unknown) => base!(d).utcOffset(off) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the zone's offset is taken at the window's centre when the zone or the timeline changes, not on every pan
  }, [tz, !!tlRef.current, lanes, filter]);

  // Density strips are painted with the theme's and the colour mode's hues: repaint when either changes.
  useEffect(() => {
    const tl = tlRef.current;
    if (!tl) return;
    const w = tl.getWindow();
    lastFetched.current = '';
    schedule(w.start.getTime(), w.end.getTime());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- repaint on a theme or colour-mode change only; `schedule` is a new function every render
  }, [theme, color]);

  // Selection from other views.
  useEffect(() => {
    const tl = tlRef.current;
    if (!tl) return;
    tl.setSelection(selection.map((id) => `e${id}`).filter((id) => itemsRef.current.get(id) !== null));
  }, [selection]);

  // Keyboard: +/- zoom, j/k step through loaded events.
  useEffect(
    () =>
      onViewKey((key) => {
        const tl = tlRef.current;
        if (!tl) return;
        if (key === 'zoom-in') tl.zoomIn(0.5, { animation: false });
        else if (key === 'zoom-out') tl.zoomOut(0.5, { animation: false });
        else if (key === 'next' || key === 'prev' || key === 'open') {
          const evs = (itemsRef.current.get() as TLItem[])
            .filter((x) => x.evId !== undefined)
            .sort((a, b) => a.start.getTime() - b.start.getTime() || a.evId! - b.evId!);
          if (evs.length === 0) return;
          const cur = selection[0];
          let i = evs.findIndex((x) => x.evId === cur);
          if (key === 'open') {
            if (i >= 0) openEvent(evs[i].evId!);
            return;
          }
          i =
            i < 0
              ? key === 'next'
                ? 0
                : evs.length - 1
              : Math.max(0, Math.min(evs.length - 1, i + (key === 'next' ? 1 : -1)));
          setSelection([evs[i].evId!]);
          tl.setSelection([evs[i].id]);
          if (route.params.ev) openEvent(evs[i].evId!, { replace: true });
        }
      }),
    [selection, setSelection, openEvent, route.params.ev],
  );

  useEffect(() => {
    if (!result) return;
    setStatus(
      `${n(result.total)} events in view${result.mode === 'clusters' ? ` · clustered by ${fmtDuration(result.bucket_ms ?? 0)}` : result.mode === 'density' ? ` · density by ${fmtDuration(result.bucket_ms ?? 0)}` : ` · ${n(result.items.length)} drawn`} · ${n(result.lanes.length)} lanes${info ? ` · ${n(info.events)} in case` : ''}`,
    );
    return () => setStatus('');
  }, [result, info, setStatus]);

  if (!info) return null;
  if (!range) {
    return (
      <Empty
        title="Nothing to draw yet"
        actions={
          <button type="button" className="primary" onClick={() => go('case')}>
            Add evidence
          </button>
        }
      >
        <p>The timeline shows events once evidence is imported.</p>
      </Empty>
    );
  }

  const fit = () => tlRef.current?.setWindow(range.from, range.to, { animation: false });
  const filterChips = Object.entries({
    identity: p.identity,
    session: p.session,
    category: p.category,
    outcome: p.outcome,
  }).filter(([, v]) => v);

  return (
    <div className={`view timeline-view color-${color}`} data-testid="timeline-view">
      <div className="toolbar">
        <div className="seg" role="group" aria-label="Lanes">
          <button
            type="button"
            className={lanes === 'identity' ? 'on' : ''}
            aria-pressed={lanes === 'identity'}
            onClick={() => setParams({ lanes: undefined })}
          >
            Lane per identity
          </button>
          <button
            type="button"
            className={lanes === 'session' ? 'on' : ''}
            aria-pressed={lanes === 'session'}
            onClick={() => setParams({ lanes: 'session' })}
          >
            Lane per session
          </button>
        </div>
        <div className="seg" role="group" aria-label="Colour">
          <button
            type="button"
            className={color === 'category' ? 'on' : ''}
            aria-pressed={color === 'category'}
            onClick={() => setParams({ color: undefined }, { replace: true })}
          >
            Colour: category
          </button>
          <button
            type="button"
            className={color === 'outcome' ? 'on' : ''}
            aria-pressed={color === 'outcome'}
            onClick={() => setParams({ color: 'outcome' }, { replace: true })}
          >
            Colour: outcome
          </button>
        </div>
        <div className="seg" role="group" aria-label="Zoom">
          <button
            type="button"
            onClick={() => tlRef.current?.zoomOut(0.5, { animation: false })}
            aria-label="Zoom out (-)"
            title="Zoom out (-)"
          >
            −
          </button>
          <button
            type="button"
            onClick={() => tlRef.current?.zoomIn(0.5, { animation: false })}
            aria-label="Zoom in (+)"
            title="Zoom in (+)"
          >
            +
          </button>
          <button type="button" onClick={fit}>
            Whole case
          </button>
        </div>
        {filterChips.map(([k, v]) => (
          <span key={k} className="chip">
            <span className="muted">{k}:</span> <span className="mono">{v}</span>
            <button type="button" aria-label={`Remove ${k}`} onClick={() => setParams({ [k]: undefined })}>
              ✕
            </button>
          </span>
        ))}
        <span className="grow" />
        {win && (
          <span className="small mono" data-testid="tl-window">
            {fmtTime(win.start, tz, { ms: false })} → {fmtTime(win.end, tz, { ms: false })}{' '}
            <span className="muted">
              {zoneLabel(tz)} · {fmtDuration(win.end - win.start)}
            </span>
          </span>
        )}
        {win && (
          <LinkButton
            onClick={() =>
              go('events', {
                from: new Date(win.start).toISOString(),
                to: new Date(win.end).toISOString(),
                ...(p.identity ? { identity: p.identity } : {}),
                ...(p.session ? { session: p.session } : {}),
              })
            }
          >
            these events in the grid
          </LinkButton>
        )}
      </div>
      <DensityBand
        h={hist}
        window={win}
        tz={tz}
        onPick={(s, e) => tlRef.current?.setWindow(s, e, { animation: false })}
      />
      {err && <ErrorBox what="Timeline" error={err} />}
      <div className="legend small" aria-label="Legend">
        {color === 'category' ? (
          CATEGORIES.map((c) => (
            <span key={c} className={`lg cat-${c}`}>
              <i aria-hidden="true" />
              {c}
            </span>
          ))
        ) : (
          <>
            <span className="lg out-success">
              <i aria-hidden="true" />
              success
            </span>
            <span className="lg out-failure">
              <i aria-hidden="true" />✖ failure
            </span>
            <span className="lg out-unknown">
              <i aria-hidden="true" />
              unknown
            </span>
          </>
        )}
        {result?.mode === 'clusters' && (
          <span className="muted">
            {' '}
            · zoomed out: boxes count the events of a lane in {fmtDuration(result.bucket_ms ?? 0)} (click one to zoom
            in)
          </span>
        )}
        {result?.mode === 'density' && (
          <span className="muted">
            {' '}
            · zoomed out: each lane shows its event density ({fmtDuration(result.bucket_ms ?? 0)} a bar, height ~
            √count, red foot = failures); click a lane to zoom in there; single events appear under {n(MAX_ITEMS)} in
            view
          </span>
        )}
        {result && result.other_lanes > 0 && (
          <span className="muted"> · {n(result.other_lanes)} quieter lanes folded into “more lanes”</span>
        )}
        {outside && (outside.before > 0 || outside.after > 0) && (
          <span className="muted">
            {' '}
            · the band shows where most events are: {n(outside.before)} earlier and {n(outside.after)} later events lie
            outside it (“Whole case” shows them)
          </span>
        )}
      </div>
      <div className="tl-host" ref={container} data-testid="timeline" />
      {result && result.total === 0 && (
        <div className="tl-empty muted">
          No events in this window. Drag the timeline, zoom out (-), or click the density band above.
        </div>
      )}
    </div>
  );
}
