// The session timeline: one lane per identity or session, coloured by category or outcome, annotations on their own
// lane. Only the visible window is asked of the core (timeline.window); zoomed out, the core answers with density
// strips. The pieces: vis-adapter.ts (vis-timeline, fed by difference), window-items.ts (a window → lanes, items and
// tooltips, laid out by label-layout.ts so nothing on a lane overprints), use-window-history.ts (zoom/pan/brush as
// browser history), use-annotation-marks.ts (what analysts marked), band-range.ts (the density band's span).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { n } from '../../lib/format';
import { fmtDuration } from '../../lib/time';
import { useAsync } from '../../lib/use-async';
import { Empty, ErrorBox } from '../../components/ui';
import type { Params, TimelineWindow } from '../../lib/contract';
import { AnnotateBar } from '../../components/annotate/AnnotateBar';
import { BULK_MAX } from '../../components/annotate/target';
import '../../components/annotate/annotate.css';
import { DensityBand } from './DensityBand';
import { TimelineToolbar } from './TimelineToolbar';
import { TimelineLegend } from './TimelineLegend';
import { TimelineAdapter } from './vis-adapter';
import { DrawProbe } from './probe';
import { useWindowFetch } from './use-window-fetch';
import { useTimelineKeys } from './use-timeline-keys';
import { buildWindow, MARK, type TipSource } from './window-items';
import { labelMeter, themeColours } from './dom';
import { ItemTooltip } from './tooltip';
import { useAnnotationMarks } from './use-annotation-marks';
import { useWindowHistory } from './use-window-history';
import { bandRange } from './band-range';
import { eventMs } from './event-time';

type TimelineFilter = NonNullable<Params<'timeline.window'>['filter']>;

/** Single events are drawn up to this many in the window (the core caps at 1,500); past it, density strips. */
const MAX_ITEMS = 400;
const DENSITY_BINS = 160;
/** Lanes drawn at once (about two screens); quieter lanes fold into one “more lanes” lane. */
const MAX_LANES = 40;
const iso = (ms: number) => new Date(ms).toISOString();

/** The drawn items that stand for these events: their own point, or the group mark holding them. */
function itemIdsOf(events: number[], groups: Map<string, number[]>): string[] {
  const want = new Set(events);
  const out = new Set(events.map((id) => `e${id}`));
  for (const [gid, ids] of groups) if (ids.some((id) => want.has(id))) out.add(gid);
  return [...out];
}

export function TimelineView() {
  const { t, info, tz, route, setParams, openEvent, selection, setSelection, setStatus, dataVersion, go, theme } =
    useApp();
  const p = route.params;
  const lanes: 'identity' | 'session' = p.lanes === 'session' ? 'session' : 'identity';
  const color: 'category' | 'outcome' = p.color === 'outcome' ? 'outcome' : 'category';
  const filter = useMemo(() => {
    const f: TimelineFilter = {};
    if (p.identity) f.identity = p.identity;
    if (p.session) f.session = p.session;
    if (p.category) f.categories = p.category.split(',');
    if (p.outcome) f.outcomes = p.outcome.split(',');
    return f;
  }, [p.identity, p.session, p.category, p.outcome]);
  const scoped = !!(p.identity || p.session);
  const container = useRef<HTMLDivElement>(null);
  const adapter = useRef<TimelineAdapter | null>(null);
  const tooltip = useRef<ItemTooltip | null>(null);
  const tips = useRef(new Map<string, TipSource>());
  const members = useRef(new Map<string, number[]>());
  const laneEls = useRef(new Map<string, { content: HTMLElement; label: string; mode: string }>());
  const measure = useRef<((s: string) => number) | null>(null);
  /** Draws laid out again because the item area's width changed under them (probe: relayouts). */
  const relayouts = useRef(0);
  const relaidFor = useRef<TimelineWindow | null>(null);
  const [win, setWin] = useState<{ start: number; end: number } | null>(null);
  const [result, setResult] = useState<TimelineWindow | null>(null);
  const [annotationsNotDrawn, setNotDrawn] = useState(0);
  const [err, setErr] = useState<string | null>(null);
  const [bandAll, setBandAll] = useState(false);
  const [annotating, setAnnotating] = useState(false);
  /** Bumped when a timeline is made: effects that need one wait for it. */
  const [created, setCreated] = useState(0);
  const lastResult = useRef<{ r: TimelineWindow; t0: number } | null>(null);
  const probe = useRef(new DrawProbe());
  const optsRef = useRef({ lanes, filter, color });
  optsRef.current = { lanes, filter, color };
  const history = useWindowHistory(adapter, p.from, p.to, setParams);

  const range = info?.time_range.from
    ? { from: Date.parse(info.time_range.from), to: Date.parse(info.time_range.to!) + 1 }
    : null;

  const marks = useAnnotationMarks(t, dataVersion);
  const marksRef = useRef(marks.value);
  marksRef.current = marks.value;

  // The density band: the (filtered) case, less at most 0.1 % stray events far away (announced, one click shows
  // them). A scoped view (one identity or session) always covers all of its events.
  const band = useAsync(async () => {
    const f = Object.keys(filter).length ? { filter } : {};
    const coarse = await t.call('timeline.histogram', { bins: 2000, ...f });
    if (!coarse.from || coarse.total === 0) return { coarse, hist: coarse, span: null };
    const span = bandRange(coarse, scoped || bandAll);
    const hist = await t.call('timeline.histogram', { bins: 400, from: iso(span.from), to: iso(span.to), ...f });
    return { coarse, hist, span };
  }, [t, filter, scoped, bandAll, dataVersion, info?.events]);
  const bandErr = band.error ? errorText(band.error) : null;

  // A view opened without a window (no from/to/focus) opens on the band: all of an identity's or session's events.
  const autoWindow = useRef<boolean>(!p.focus && !p.from);
  useEffect(() => {
    const span = band.value?.span;
    const a = adapter.current;
    if (!span || !a || !autoWindow.current) return;
    autoWindow.current = false;
    const pad = Math.max(60_000, (span.to - span.from) * 0.02);
    a.setWindow(span.from - pad, span.to + pad);
    history.replace(span.from - pad, span.to + pad);
  }, [band.value, history, created]);

  const applyWindow = useCallback(
    (r: TimelineWindow, t0: number) => {
      const a = adapter.current;
      const host = container.current;
      if (!a || !host) return;
      const tApply = performance.now();
      measure.current ??= labelMeter(host);
      const view = { ...a.window(), widthPx: a.centreWidth() };
      const built = buildWindow({
        r,
        lanesMode: optsRef.current.lanes,
        marks: marksRef.current,
        view,
        measure: measure.current,
        colours: r.mode === 'density' ? themeColours(host) : {},
        byOutcome: optsRef.current.color === 'outcome',
        tz,
        laneEls: laneEls.current,
      });
      tips.current = built.tips;
      members.current = built.members;
      const reachMs = ((MARK.maxLabelPx + MARK.groupPx + 2 * MARK.gapPx) / view.widthPx) * (view.end - view.start);
      const stats = a.apply(built.groups, built.items, Date.parse(r.from), Date.parse(r.to), reachMs);
      lastResult.current = { r, t0 };
      // The labels were laid out for the item area's width before this draw; new lanes with longer (or shorter)
      // names change the lane column, and with it that width and the time scale: marks then sit closer than the
      // layout assumed and labels overprint until some later redraw. Once vis-timeline has drawn (next frame),
      // lay them out again for the width it drew at. (The analyst-job flake: seen only when no other redraw
      // followed the first one — under load, when the marks arrived before the window.)
      const planned = view.widthPx;
      const detail = {
        mode: r.mode,
        total: r.total,
        fetchMs: Math.round(tApply - t0),
        applyMs: Math.round(performance.now() - tApply),
        serverMs: r.query_ms,
        widthPx: planned,
        ...stats,
      };
      setResult(r);
      setNotDrawn(built.annotationsNotDrawn);
      if (selection.length) a.setSelection(itemIdsOf(selection, built.members));
      requestAnimationFrame(() => {
        const cur = adapter.current;
        if (cur !== a || lastResult.current?.r !== r) return;
        // Once per window (a second pass draws the same lanes, so the width holds; never a loop).
        if (Math.abs(cur.centreWidth() - planned) > 0.5 && relaidFor.current !== r) {
          relaidFor.current = r;
          relayouts.current++;
          applyRef.current(r, t0);
          return;
        }
        probe.current.drawn(a, t0, tApply, built.items.length, { ...detail, relayouts: relayouts.current });
      });
    },
    [selection, tz],
  );

  const applyRef = useRef(applyWindow);
  applyRef.current = applyWindow;

  const fetcher = useWindowFetch(
    t,
    () => ({
      lanes: optsRef.current.lanes,
      max_items: MAX_ITEMS,
      max_lanes: MAX_LANES,
      density_bins: DENSITY_BINS,
      ...(Object.keys(optsRef.current.filter).length ? { filter: optsRef.current.filter } : {}),
    }),
    (r, t0) => applyRef.current(r, t0),
    (e) => setErr(e === null ? null : errorText(e)),
  );
  const schedule = useCallback(
    (start: number, end: number, delay?: number) => {
      setWin({ start, end });
      fetcher.schedule(start, end, delay);
    },
    [fetcher],
  );
  // vis-timeline's handlers are bound once; they call the latest closures through this ref.
  const handlers = useRef({
    schedule,
    history,
    select: (_ids: string[]) => {},
    click: (_i: string | null, _m: number) => {},
    doubleClick: (_i: string | null) => {},
  });
  handlers.current.schedule = schedule;
  handlers.current.history = history;

  handlers.current.select = (ids: string[]) => {
    const a = adapter.current;
    if (!a || ids.length === 0) return;
    // Events and group marks select their events (a group: all of them, the first opened); aggregates do not.
    const evIds: number[] = [];
    for (const id of ids) {
      if (id.startsWith('e')) evIds.push(Number(id.slice(1)));
      else if (id.startsWith('g')) evIds.push(...(members.current.get(id) ?? []));
    }
    if (evIds.length === 0) {
      a.setSelection([]);
      return;
    }
    setSelection(evIds);
    if (ids.length === 1) openEvent(evIds[0]);
  };
  handlers.current.doubleClick = (item: string | null) => {
    const a = adapter.current;
    const m = item?.startsWith('g') ? members.current.get(item) : undefined;
    if (!a || !m?.length) return;
    const first = eventMs(m[0]);
    const last = eventMs(m[m.length - 1]);
    const padMs = Math.max(500, (last - first) * 0.15);
    a.setWindow(first - padMs, last + padMs);
  };
  handlers.current.click = (item: string | null, ms: number) => {
    const a = adapter.current;
    if (!a || !item) return;
    if (item.startsWith('d')) {
      const w = a.window();
      const span = (w.end - w.start) / 12;
      a.setWindow(ms - span / 2, ms + span / 2);
    } else if (item.startsWith('c')) {
      const it = a.item(item);
      if (it?.end) {
        const padMs = (it.end.getTime() - it.start.getTime()) * 0.1;
        a.setWindow(it.start.getTime() - padMs, it.end.getTime() + padMs);
      }
    }
  };

  // Create the timeline once per lane mode, filter and data version.
  useEffect(() => {
    const host = container.current;
    if (!host || !range) return;
    const focus = p.focus ? Date.parse(p.focus) : NaN;
    let start = p.from ? Date.parse(p.from) : range.from;
    let end = p.to ? Date.parse(p.to) : range.to;
    if (!p.from && Number.isFinite(focus)) {
      start = focus - 15 * 60_000;
      end = focus + 15 * 60_000;
    }
    if (!(end > start)) end = start + 3600_000;
    // A window in the URL is exact (history restores it to the millisecond); a focus or no window gets a margin.
    const pad = p.from && p.to ? 0 : Math.max(60_000, (end - start) * 0.02);
    const a = new TimelineAdapter(
      host,
      { start: start - pad, end: end + pad, min: range.from - 30 * 86400_000, max: range.to + 30 * 86400_000 },
      {
        range: (s, e) => handlers.current.schedule(s, e),
        settled: (s, e) => handlers.current.history.settled(s, e),
        select: (ids) => handlers.current.select(ids),
        click: (item, ms) => handlers.current.click(item, ms),
        doubleClick: (item) => handlers.current.doubleClick(item),
        hover: (item, ev) => {
          const tip = item ? tips.current.get(item) : undefined;
          if (tip && ev) tooltip.current?.show(tip(), ev);
          else tooltip.current?.hide();
        },
      },
    );
    adapter.current = a;
    tooltip.current = new ItemTooltip(host);
    a.setZone(tz);
    probe.current.install(a);
    schedule(start - pad, end + pad, 0);
    if (Number.isFinite(focus) && !p.from) history.replace(start - pad, end + pad);
    setCreated((c) => c + 1);
    return () => {
      a.destroy();
      tooltip.current?.destroy();
      tooltip.current = null;
      adapter.current = null;
      fetcher.reset();
      laneEls.current = new Map();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- vis-timeline is created once per lane mode, filter and data version; rebuilding it when a callback's identity changes would lose the analyst's window
  }, [!!range, lanes, filter, dataVersion]);

  // Axis labels in the display zone, each with the offset of its own instant.
  useEffect(() => {
    adapter.current?.setZone(tz);
  }, [tz]);

  // Redraw the current window (no refetch) when what is drawn on it changed: marks, zone, theme, colour mode.
  useEffect(() => {
    const last = lastResult.current;
    if (last) applyWindow(last.r, performance.now());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redraw on these inputs only; applyWindow changes with the selection
  }, [marks.value, tz, theme, color]);

  // The item area changed width (the event pane opened, the window was resized, the lane column widened for
  // longer lane names): lay the labels out again. The lane column is watched too: the host keeps its width then.
  useEffect(() => {
    const host = container.current;
    const a = adapter.current;
    if (!host || !a || typeof ResizeObserver === 'undefined') return;
    let width = a.centreWidth();
    let frame = 0;
    const ro = new ResizeObserver(() => {
      const now = adapter.current?.centreWidth() ?? width;
      if (Math.abs(now - width) <= 0.5) return;
      width = now;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const last = lastResult.current;
        // vis-timeline must take the new width first, or the labels are laid out for the old one.
        adapter.current?.redraw();
        if (last) applyRef.current(last.r, performance.now());
      });
    });
    ro.observe(host);
    const lanes = host.querySelector('.vis-panel.vis-left');
    if (lanes) ro.observe(lanes);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [created]);

  // Selection from other views (an event inside a group mark selects the group).
  useEffect(() => {
    adapter.current?.setSelection(itemIdsOf(selection, members.current));
  }, [selection]);

  const startAnnotating = useCallback(() => setAnnotating(true), []);
  useTimelineKeys({
    adapter,
    members,
    selection,
    setSelection,
    openEvent,
    eventOpen: !!route.params.ev,
    annotating,
    onAnnotate: startAnnotating,
  });

  // The status line counts from the same source as the band and the "outside" note: the window's own answer.
  useEffect(() => {
    if (!result) return;
    const all = result.before + result.total + result.after;
    setStatus(
      `${n(result.total)} events in view${result.mode === 'density' ? ` · density by ${fmtDuration(result.bucket_ms ?? 0)}` : result.mode === 'clusters' ? ` · clustered by ${fmtDuration(result.bucket_ms ?? 0)}` : ''} · ${n(result.before)} earlier · ${n(result.after)} later · ${n(all)} ${Object.keys(filter).length ? 'match the filter' : 'in case'} · ${n(result.lanes.length)} lanes`,
    );
    return () => setStatus('');
  }, [result, filter, setStatus]);

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

  const showAll = () => {
    const c = band.value?.coarse;
    const s = c?.from ? Date.parse(c.from) : range.from;
    const e = c?.to ? Date.parse(c.to) : range.to;
    const pad = Math.max(60_000, (e - s) * 0.02);
    setBandAll(true);
    adapter.current?.setWindow(s - pad, e + pad);
  };
  const filterChips = Object.entries({
    identity: p.identity,
    session: p.session,
    category: p.category,
    outcome: p.outcome,
  }).filter(([, v]) => v);
  const bandInfo = band.value;
  const strays =
    bandInfo?.span?.trimmed && bandInfo.coarse.total > bandInfo.hist.total
      ? bandInfo.coarse.total - bandInfo.hist.total
      : 0;

  return (
    <div className={`view timeline-view color-${color}`} data-testid="timeline-view">
      <TimelineToolbar
        lanes={lanes}
        color={color}
        filterChips={filterChips}
        win={win}
        tz={tz}
        onParams={setParams}
        onZoom={(f) => adapter.current?.zoom(f)}
        onWhole={showAll}
        onGrid={() =>
          win &&
          go('events', {
            from: iso(win.start),
            to: iso(win.end),
            ...(p.identity ? { identity: p.identity } : {}),
            ...(p.session ? { session: p.session } : {}),
          })
        }
      />
      <DensityBand
        h={bandInfo?.hist ?? null}
        of={bandInfo?.coarse.total ?? null}
        window={win}
        tz={tz}
        onPick={(s, e) => adapter.current?.setWindow(s, e)}
      />
      {strays > 0 && (
        <div className="small muted" data-testid="band-strays">
          The band leaves out {n(strays)} stray events far from the rest{' '}
          <button type="button" className="linklike" onClick={showAll}>
            show them
          </button>
        </div>
      )}
      {(err || bandErr || marks.error !== undefined) && (
        <ErrorBox what="Timeline" error={err ?? bandErr ?? errorText(marks.error)} />
      )}
      <TimelineLegend
        color={color}
        result={result}
        maxItems={MAX_ITEMS}
        annotationsNotDrawn={annotationsNotDrawn}
        onShowAll={showAll}
      />
      {annotating && (
        <div className="tl-annotate" data-testid="tl-annotate">
          {/* The one annotate bar (components/annotate): it focuses its tags box; Enter marks, Escape closes. */}
          <AnnotateBar
            target={{ kind: 'events', ids: selection.slice(0, BULK_MAX) }}
            onClose={() => setAnnotating(false)}
            onDone={() => setAnnotating(false)}
          />
        </div>
      )}
      <div className="tl-host" ref={container} data-testid="timeline" />
      {result && result.total === 0 && (
        <div className="tl-empty muted">
          No events in this window.{' '}
          {result.before + result.after > 0 ? (
            <button type="button" className="linklike" onClick={showAll}>
              Show all {n(result.before + result.after)}
            </button>
          ) : (
            'Drag the timeline, zoom out (-), or click the density band above.'
          )}
        </div>
      )}
    </div>
  );
}
