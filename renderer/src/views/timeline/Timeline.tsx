// The session timeline (vis-timeline): one lane per identity or session, coloured by category or outcome,
// annotation markers on their own lane. Only the visible window is asked of the core (timeline.window, at most
// ~1,500 items); zoomed out, the core answers with clusters (lane × time bucket counts) instead of events.
// Items are never constructed in bulk inside the visible range with stacking on (the O(n²) trap, see
// research/feasibility.md): stacking is off, the DataSets are updated by difference, and all item and lane
// content is DOM text nodes (never HTML strings).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Timeline, type TimelineOptions } from 'vis-timeline/peer';
import { DataSet } from 'vis-data/peer';
import { useApp } from '../../app/store';
import { onViewKey } from '../../app/keys';
import { errorText } from '../../lib/api';
import { fmtDuration, fmtTime, offsetMinutes, resolveZone, zoneLabel } from '../../lib/time';
import { arnAccount, middle, n, shortName } from '../../lib/format';
import { CATEGORY_HUE, KIND_LABEL } from '../../lib/colors';
import { Empty, ErrorBox, LinkButton } from '../../components/ui';
import { DensityBand, type HistogramData } from './DensityBand';

interface Lane { key: string; label: string; kind: string; ref: number | string | null; count: number; identity_kind?: string }
interface WinItem { id: number; ts: string; lane: string; action: string; category: string; outcome: string; principal: string | null; resource: string | null; flags: string[] }
interface WinCluster { lane: string; from: string; to: string; count: number; failures: number; top_category: string }
interface WindowResult { from: string; to: string; total: number; mode: 'items' | 'clusters'; lanes: Lane[]; other_lanes: number; items: WinItem[]; clusters: WinCluster[]; bucket_ms: number | null; query_ms: number }

interface TLItem { id: string; group: string; start: Date; end?: Date; type: 'point' | 'range' | 'background' | 'box'; content: HTMLElement | string; className: string; evId?: number; range?: [number, number]; title?: HTMLElement }
interface TLGroup { id: string; content: HTMLElement; order: number; className?: string }

const MAX_ITEMS = 1500;
const ANNOT_LANE = '__annotations';

/** The shortest run of bins holding at least `share` of the events: where the case really happens. */
function densest(h: HistogramData, share: number): [number, number] {
  const from = Date.parse(h.from!);
  const need = Math.ceil(h.total * share);
  let best: [number, number] = [0, h.counts.length];
  let acc = 0;
  let j = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i];
    while (acc - h.counts[j] >= need && j < i) { acc -= h.counts[j]; j++; }
    if (acc >= need && i + 1 - j < best[1] - best[0]) best = [j, i + 1];
  }
  return [from + best[0] * h.bin_ms, Math.min(Date.parse(h.to!), from + best[1] * h.bin_ms)];
}

function countBefore(h: HistogramData, t: number): number {
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

function laneContent(l: Lane, mode: string): HTMLElement {
  const wrap = el('div', 'lane-label');
  wrap.title = l.label;
  if (l.identity_kind) wrap.appendChild(el('span', 'badge kind nhi', KIND_LABEL[l.identity_kind] ?? l.identity_kind));
  else if (l.key === 'other') wrap.appendChild(el('span', 'badge', 'more'));
  else if (mode === 'session' && (l.kind === 'session' || l.kind === 'key')) wrap.appendChild(el('span', 'badge kind nhi', l.kind === 'session' ? 'session' : 'key'));
  wrap.appendChild(el('span', 'lane-name', middle(shortName(l.label), 44)));
  const acct = arnAccount(l.label);
  if (acct) wrap.appendChild(el('span', 'lane-acct', acct));
  wrap.appendChild(el('span', 'lane-count', n(l.count)));
  return wrap;
}

export function TimelineView() {
  const { t, info, tz, route, setParams, openEvent, selection, setSelection, setStatus, dataVersion, go } = useApp();
  const p = route.params;
  const lanes = p.lanes === 'session' ? 'session' : 'identity';
  const color = p.color === 'outcome' ? 'outcome' : 'category';
  const filter = useMemo(() => {
    const f: Record<string, unknown> = {};
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
  const [result, setResult] = useState<WindowResult | null>(null);
  const [hist, setHist] = useState<HistogramData | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [annotations, setAnnotations] = useState<{ ms: number; end?: number; label: string; id: number }[]>([]);
  const reqSeq = useRef(0);
  const pending = useRef<number | null>(null);
  const lastDraw = useRef<{ ms: number; items: number; query: number } | null>(null);
  const drawWaiters = useRef<((v: { ms: number; items: number; dom: number }) => void)[]>([]);
  const optsRef = useRef({ lanes, filter, color });
  optsRef.current = { lanes, filter, color };

  const range = info?.time_range.from ? { from: Date.parse(info.time_range.from), to: Date.parse(info.time_range.to!) + 1 } : null;

  // Density band: over where the events really are (0.1 %–99.9 % of them), so a few stray old records do not
  // squash the case into one bar; the first view opens on that range too.
  const [outside, setOutside] = useState<{ before: number; after: number } | null>(null);
  const autoWindow = useRef<boolean>(!p.focus && !p.from);
  useEffect(() => {
    if (!range) return;
    let live = true;
    const f = Object.keys(filter).length ? { filter } : {};
    (async () => {
      const coarse = await t.call<HistogramData>('timeline.histogram', { bins: 2000, ...f });
      if (!live || !coarse.from || coarse.total === 0) { if (live) setHist(coarse); return; }
      const [lo, hi] = densest(coarse, 0.9);
      const pad = Math.max(60_000, (hi - lo) * 0.04);
      const from = Math.max(Date.parse(coarse.from), lo - pad);
      const to = Math.min(Date.parse(coarse.to!), hi + pad);
      const fine = await t.call<HistogramData>('timeline.histogram', { bins: 400, from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...f });
      if (!live) return;
      setHist(fine);
      setOutside({ before: countBefore(coarse, from), after: Math.max(0, coarse.total - fine.total - countBefore(coarse, from)) });
      if (autoWindow.current && tlRef.current) {
        autoWindow.current = false;
        tlRef.current.setWindow(from, to, { animation: false });
      }
    })().catch((e) => { if (live) setErr(errorText(e)); });
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, filter, dataVersion, info?.events]);

  // Annotation markers (when the annotation methods exist).
  useEffect(() => {
    let live = true;
    Promise.all([
      t.call<{ id: number; kind: string; tag: string | null; body: string | null; target: { kind: string; id?: number; from?: string; to?: string } }[]>('annotations.list', { limit: 5000 }).catch(() => []),
      t.call<{ id: number; ts: string; title: string }[]>('manual.list', {}).catch(() => []),
    ]).then(([anns, manual]) => {
      if (!live) return;
      const out: { ms: number; end?: number; label: string; id: number }[] = [];
      for (const a of anns) {
        const label = [a.kind, a.tag, a.body].filter(Boolean).join(' · ').slice(0, 80);
        if (a.target?.kind === 'event' && typeof a.target.id === 'number') out.push({ ms: Math.floor(a.target.id / 1024), label, id: a.id });
        else if (a.target?.kind === 'range' && a.target.from && a.target.to) out.push({ ms: Date.parse(a.target.from), end: Date.parse(a.target.to), label, id: a.id });
      }
      for (const m of Array.isArray(manual) ? manual : []) out.push({ ms: Date.parse(m.ts), label: `manual · ${m.title}`, id: -m.id });
      setAnnotations(out);
    });
    return () => { live = false; };
  }, [t, dataVersion]);

  const applyWindow = useCallback((r: WindowResult, t0: number) => {
    const tl = tlRef.current;
    if (!tl) return;
    const items = itemsRef.current;
    const groups = groupsRef.current;
    const mode = optsRef.current.lanes;
    // Lanes: replace only what changed.
    const wantGroups: TLGroup[] = r.lanes.map((l, i) => ({ id: l.key, content: laneContent(l, mode), order: i + 1, className: l.key === 'other' ? 'lane-other' : '' }));
    if (annotations.length > 0) wantGroups.unshift({ id: ANNOT_LANE, content: el('div', 'lane-label annot', 'Annotations'), order: 0, className: 'lane-annot' });
    const wantG = new Set(wantGroups.map((g) => g.id));
    const dropG = groups.getIds().filter((id) => !wantG.has(id as string));
    // Items first (so no item points at a removed group).
    const next: TLItem[] = [];
    const labels = r.items.length <= 300;
    if (r.mode === 'items') {
      for (const it of r.items) {
        const content = el('span', 'ev-label', labels ? it.action : '');
        next.push({
          id: `e${it.id}`, group: it.lane, start: new Date(it.ts), type: 'point', content, evId: it.id,
          className: `ev cat-${CATEGORY_HUE[it.category] ? it.category : 'other'} out-${it.outcome}${it.flags.length ? ' flagged' : ''}`,
        });
      }
    } else {
      for (const c of r.clusters) {
        const s = Date.parse(c.from);
        const e = Date.parse(c.to);
        next.push({
          id: `c${c.lane}|${s}`, group: c.lane, start: new Date(s), end: new Date(e), type: 'range', range: [s, e],
          content: el('span', 'cl-label', c.count >= 1000 ? `${(c.count / 1000).toFixed(c.count >= 10000 ? 0 : 1)}k` : String(c.count)),
          className: `cluster cat-${CATEGORY_HUE[c.top_category] ? c.top_category : 'other'}${c.failures > 0 ? ' has-fail out-failure' : ' out-success'}`,
        });
      }
    }
    const lo = Date.parse(r.from);
    const hi = Date.parse(r.to);
    for (const a of annotations) {
      if ((a.end ?? a.ms) < lo || a.ms > hi) continue;
      next.push(a.end
        ? { id: `a${a.id}`, group: ANNOT_LANE, start: new Date(a.ms), end: new Date(a.end), type: 'range', content: el('span', 'an-label', a.label), className: 'annot' }
        : { id: `a${a.id}`, group: ANNOT_LANE, start: new Date(a.ms), type: 'point', content: el('span', 'an-label', a.label), className: 'annot' });
    }
    const wantI = new Set(next.map((x) => x.id));
    const drop = items.getIds().filter((id) => !wantI.has(id as string));
    const have = new Set(items.getIds() as string[]);
    const add = next.filter((x) => !have.has(x.id));
    if (drop.length) items.remove(drop);
    const haveG = new Set(groups.getIds() as string[]);
    groups.update(wantGroups.filter((g) => !haveG.has(g.id) || true));
    if (dropG.length) groups.remove(dropG);
    if (add.length) items.add(add);
    setResult(r);
    const sel = new Set(selection);
    if (sel.size > 0) tl.setSelection(next.filter((x) => x.evId !== undefined && sel.has(x.evId)).map((x) => x.id));
    requestAnimationFrame(() => {
      const ms = performance.now() - t0;
      const dom = container.current?.querySelectorAll('.vis-item').length ?? 0;
      lastDraw.current = { ms, items: next.length, query: r.query_ms };
      const stats = { ms, items: next.length, dom };
      (window as unknown as { __ssTimelineLast?: unknown }).__ssTimelineLast = { ...stats, mode: r.mode, total: r.total };
      for (const w of drawWaiters.current.splice(0)) w(stats);
    });
  }, [annotations, selection]);

  const fetchWindow = useCallback(async (start: number, end: number) => {
    const seq = ++reqSeq.current;
    const t0 = performance.now();
    try {
      const { lanes: ln, filter: f } = optsRef.current;
      const r = await t.call<WindowResult>('timeline.window', {
        from: new Date(start).toISOString(), to: new Date(end).toISOString(), lanes: ln, maxItems: MAX_ITEMS, maxLanes: 60,
        ...(Object.keys(f).length ? { filter: f } : {}),
      });
      if (seq !== reqSeq.current) return;
      setErr(null);
      applyWindow(r, t0);
    } catch (e) {
      if (seq === reqSeq.current) setErr(errorText(e));
    }
  }, [t, applyWindow]);

  const schedule = useCallback((start: number, end: number, delay = 40) => {
    setWin({ start, end });
    if (pending.current !== null) window.clearTimeout(pending.current);
    pending.current = window.setTimeout(() => { pending.current = null; void fetchWindow(start, end); }, delay);
  }, [fetchWindow]);

  // Create the timeline once.
  useEffect(() => {
    if (!container.current || !range) return;
    const focus = p.focus ? Date.parse(p.focus) : NaN;
    let start = p.from ? Date.parse(p.from) : range.from;
    let end = p.to ? Date.parse(p.to) : range.to;
    if (Number.isFinite(focus)) { start = focus - 15 * 60_000; end = focus + 15 * 60_000; }
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
    const tl = new Timeline(container.current, itemsRef.current as never, groupsRef.current as never, options);
    tlRef.current = tl;
    tl.on('rangechanged', (props: { start: Date; end: Date }) => schedule(props.start.getTime(), props.end.getTime()));
    tl.on('select', (props: { items: string[] }) => {
      const id = props.items[0];
      if (!id) return;
      const it = itemsRef.current.get(id) as TLItem | null;
      if (!it) return;
      if (it.evId !== undefined) { setSelection([it.evId]); openEvent(it.evId); }
      else if (it.range) { const [s, e] = it.range; const padMs = (e - s) * 0.1; tl.setWindow(s - padMs, e + padMs, { animation: false }); }
    });
    // Bench/test hook: set a window and resolve when it is redrawn.
    (window as unknown as { __ssTimeline?: unknown }).__ssTimeline = {
      setWindow: (s: number, e: number) => new Promise((resolve) => { drawWaiters.current.push(resolve); tl.setWindow(s, e, { animation: false }); }),
      zoom: (factor: number) => new Promise((resolve) => { drawWaiters.current.push(resolve); if (factor > 1) tl.zoomOut(factor - 1, { animation: false }); else tl.zoomIn(1 - factor, { animation: false }); }),
      window: () => { const w = tl.getWindow(); return { start: w.start.getTime(), end: w.end.getTime() }; },
    };
    schedule(start - pad, end + pad, 0);
    return () => {
      tl.destroy();
      tlRef.current = null;
      itemsRef.current.clear();
      groupsRef.current.clear();
    };
    // created once per lane mode / filter / data version
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [!!range, lanes, filter, dataVersion]);

  // Axis labels in the display zone (a fixed offset at the window's centre; UTC is canonical).
  useEffect(() => {
    const tl = tlRef.current as unknown as { setOptions(o: unknown): void; options?: { moment?: (d: unknown) => { utcOffset(m: number): unknown; utc(): unknown } } } | null;
    if (!tl || !tl.options?.moment) return;
    const base = (tl as unknown as { __baseMoment?: typeof tl.options.moment }).__baseMoment ?? tl.options.moment;
    (tl as unknown as { __baseMoment?: unknown }).__baseMoment = base;
    const zone = resolveZone(tz);
    const off = zone === 'UTC' ? 0 : offsetMinutes(zone, win ? (win.start + win.end) / 2 : Date.now());
    tl.setOptions({ moment: (d: unknown) => base!(d).utcOffset(off) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tz, !!tlRef.current, lanes, filter]);

  // Selection from other views.
  useEffect(() => {
    const tl = tlRef.current;
    if (!tl) return;
    tl.setSelection(selection.map((id) => `e${id}`).filter((id) => itemsRef.current.get(id) !== null));
  }, [selection]);

  // Keyboard: +/- zoom, j/k step through loaded events.
  useEffect(() => onViewKey((key) => {
    const tl = tlRef.current;
    if (!tl) return;
    if (key === 'zoom-in') tl.zoomIn(0.5, { animation: false });
    else if (key === 'zoom-out') tl.zoomOut(0.5, { animation: false });
    else if (key === 'next' || key === 'prev' || key === 'open') {
      const evs = (itemsRef.current.get() as TLItem[]).filter((x) => x.evId !== undefined).sort((a, b) => a.start.getTime() - b.start.getTime() || a.evId! - b.evId!);
      if (evs.length === 0) return;
      const cur = selection[0];
      let i = evs.findIndex((x) => x.evId === cur);
      if (key === 'open') { if (i >= 0) openEvent(evs[i].evId!); return; }
      i = i < 0 ? (key === 'next' ? 0 : evs.length - 1) : Math.max(0, Math.min(evs.length - 1, i + (key === 'next' ? 1 : -1)));
      setSelection([evs[i].evId!]);
      tl.setSelection([evs[i].id]);
      if (route.params.ev) openEvent(evs[i].evId!, { replace: true });
    }
  }), [selection, setSelection, openEvent, route.params.ev]);

  useEffect(() => {
    if (!result) return;
    setStatus(`${n(result.total)} events in view${result.mode === 'clusters' ? ` · clustered by ${fmtDuration(result.bucket_ms ?? 0)}` : ` · ${n(result.items.length)} drawn`} · ${n(result.lanes.length)} lanes${info ? ` · ${n(info.events)} in case` : ''}`);
    return () => setStatus('');
  }, [result, info, setStatus]);

  if (!info) return null;
  if (!range) {
    return <Empty title="Nothing to draw yet" actions={<button type="button" className="primary" onClick={() => go('case')}>Add evidence</button>}><p>The timeline shows events once evidence is imported.</p></Empty>;
  }

  const fit = () => tlRef.current?.setWindow(range.from, range.to, { animation: false });
  const filterChips = Object.entries({ identity: p.identity, session: p.session, category: p.category, outcome: p.outcome }).filter(([, v]) => v);

  return (
    <div className={`view timeline-view color-${color}`} data-testid="timeline-view">
      <div className="toolbar">
        <div className="seg" role="group" aria-label="Lanes">
          <button type="button" className={lanes === 'identity' ? 'on' : ''} aria-pressed={lanes === 'identity'} onClick={() => setParams({ lanes: undefined })}>Lane per identity</button>
          <button type="button" className={lanes === 'session' ? 'on' : ''} aria-pressed={lanes === 'session'} onClick={() => setParams({ lanes: 'session' })}>Lane per session</button>
        </div>
        <div className="seg" role="group" aria-label="Colour">
          <button type="button" className={color === 'category' ? 'on' : ''} aria-pressed={color === 'category'} onClick={() => setParams({ color: undefined }, { replace: true })}>Colour: category</button>
          <button type="button" className={color === 'outcome' ? 'on' : ''} aria-pressed={color === 'outcome'} onClick={() => setParams({ color: 'outcome' }, { replace: true })}>Colour: outcome</button>
        </div>
        <div className="seg" role="group" aria-label="Zoom">
          <button type="button" onClick={() => tlRef.current?.zoomOut(0.5, { animation: false })} aria-label="Zoom out (-)" title="Zoom out (-)">−</button>
          <button type="button" onClick={() => tlRef.current?.zoomIn(0.5, { animation: false })} aria-label="Zoom in (+)" title="Zoom in (+)">+</button>
          <button type="button" onClick={fit}>Whole case</button>
        </div>
        {filterChips.map(([k, v]) => (
          <span key={k} className="chip"><span className="muted">{k}:</span> <span className="mono">{v}</span><button type="button" aria-label={`Remove ${k}`} onClick={() => setParams({ [k]: undefined })}>✕</button></span>
        ))}
        <span className="grow" />
        {win && <span className="small mono" data-testid="tl-window">{fmtTime(win.start, tz, { ms: false })} → {fmtTime(win.end, tz, { ms: false })}{' '}<span className="muted">{zoneLabel(tz)} · {fmtDuration(win.end - win.start)}</span></span>}
        {win && <LinkButton onClick={() => go('events', { from: new Date(win.start).toISOString(), to: new Date(win.end).toISOString(), ...(p.identity ? { identity: p.identity } : {}), ...(p.session ? { session: p.session } : {}) })}>these events in the grid</LinkButton>}
      </div>
      <DensityBand h={hist} window={win} tz={tz} onPick={(s, e) => tlRef.current?.setWindow(s, e, { animation: false })} />
      {err && <ErrorBox what="Timeline" error={err} />}
      <div className="legend small" aria-label="Legend">
        {color === 'category'
          ? Object.keys(CATEGORY_HUE).map((c) => <span key={c} className={`lg cat-${c}`}><i aria-hidden="true" />{c}</span>)
          : <><span className="lg out-success"><i aria-hidden="true" />success</span><span className="lg out-failure"><i aria-hidden="true" />✖ failure</span><span className="lg out-unknown"><i aria-hidden="true" />unknown</span></>}
        {result?.mode === 'clusters' && <span className="muted"> · zoomed out: boxes count the events of a lane in {fmtDuration(result.bucket_ms ?? 0)} (click one to zoom in)</span>}
        {result && result.other_lanes > 0 && <span className="muted"> · {n(result.other_lanes)} quieter lanes folded into “more lanes”</span>}
        {outside && (outside.before > 0 || outside.after > 0) && <span className="muted"> · the band shows where most events are: {n(outside.before)} earlier and {n(outside.after)} later events lie outside it (“Whole case” shows them)</span>}
      </div>
      <div className="tl-host" ref={container} data-testid="timeline" />
      {result && result.total === 0 && <div className="tl-empty muted">No events in this window. Drag the timeline, zoom out (-), or click the density band above.</div>}
    </div>
  );
}
