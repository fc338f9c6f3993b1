// The event grid: virtualized over any number of events (keyset pages, seeks), full-text search, column
// filters, time order (and any column for results that fit in memory), resizable columns, j/k/Enter.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../app/store';
import { onViewKey } from '../../app/keys';
import { currentRoute } from '../../app/router';
import { errorText } from '../../lib/api';
import type { EventJson } from '../../lib/contract';
import { fmtTime, parseInZone, zoneLabel } from '../../lib/time';
import { arnAccount, n, networkText, plural, shortName } from '../../lib/format';
import { CATEGORIES, FLAGS, OUTCOMES } from '../../lib/colors';
import { CatBadge, Empty, ErrorBox, FlagBadge, LinkButton, Spinner } from '../../components/ui';
import { GridData, type EventFilter, type GridQuery } from './grid-data';

const ROW = 24;
const MAX_ROWS = 1_200_000; // keeps the scroll height inside what browsers can lay out
const SORT_LIMIT = 10_000;

type ColKey = 'ts' | 'who' | 'action' | 'category' | 'resource' | 'outcome' | 'src_ip' | 'net' | 'format' | 'flags';
const COLS: { key: ColKey; title: string; width: number }[] = [
  { key: 'ts', title: 'Time', width: 190 },
  { key: 'who', title: 'Identity / principal', width: 260 },
  { key: 'action', title: 'Action', width: 210 },
  { key: 'category', title: 'Category', width: 100 },
  { key: 'resource', title: 'Resource', width: 300 },
  { key: 'outcome', title: 'Outcome', width: 110 },
  { key: 'src_ip', title: 'Source IP', width: 120 },
  { key: 'net', title: 'Network', width: 170 },
  { key: 'format', title: 'Format', width: 100 },
  { key: 'flags', title: 'Flags', width: 140 },
];

const FILTER_PARAMS = [
  'q',
  'identity',
  'session',
  'category',
  'outcome',
  'format',
  'principal',
  'action',
  'resource',
  'ip',
  'evidence',
  'from',
  'to',
  'ids',
  'flag',
];

function buildFilter(p: Record<string, string>): EventFilter {
  const f: EventFilter = {};
  if (p.q) f.search = p.q;
  if (p.identity) f.identity = p.identity;
  if (p.session) f.session = p.session;
  if (p.category) f.categories = p.category.split(',');
  if (p.outcome) f.outcomes = p.outcome.split(',');
  if (p.format) f.formats = p.format.split(',');
  if (p.principal) f.principal = p.principal;
  if (p.action) f.action = p.action;
  if (p.resource) f.resource = p.resource;
  if (p.ip) f.src_ip = p.ip;
  if (p.evidence) f.evidence_id = Number(p.evidence);
  if (p.from) f.from = p.from;
  if (p.to) f.to = p.to;
  if (p.ids) f.ids = p.ids.split(',').map(Number).filter(Number.isFinite).slice(0, 10000);
  if (p.flag) f.flags = p.flag.split(',');
  return f;
}

function cellText(r: EventJson, k: ColKey): string {
  switch (k) {
    case 'who':
      return r.identity ?? r.principal ?? '';
    case 'action':
      return r.action;
    case 'category':
      return r.category;
    case 'resource':
      return r.resource ?? '';
    case 'outcome':
      return r.outcome;
    case 'src_ip':
      return r.src_ip ?? '';
    case 'net':
      return networkText(r);
    case 'format':
      return r.format;
    case 'flags':
      return r.flags.join(',');
    default:
      return r.ts;
  }
}

export function EventsView() {
  const { t, route, setParams, openEvent, tz, selection, setSelection, setStatus, dataVersion, info } = useApp();
  const params = route.params;
  const filter = useMemo(() => buildFilter(params), [params]);
  const order: 'asc' | 'desc' = params.order === 'desc' ? 'desc' : 'asc';
  const sortKey = (params.sort as ColKey | undefined) ?? null;
  const q: GridQuery = useMemo(() => ({ filter, order }), [filter, order]);
  const [, setTick] = useState(0);
  const [err, setErr] = useState<string | null>(null);
  const [firstRowsMs, setFirstRowsMs] = useState<number | null>(null);
  const [sorted, setSorted] = useState<EventJson[] | null>(null);
  const [sortNote, setSortNote] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [widths, setWidths] = useState<number[]>(() => {
    try {
      const w = JSON.parse(localStorage.getItem('sessionscope.cols') ?? 'null') as number[] | null;
      if (Array.isArray(w) && w.length === COLS.length) return w;
    } catch {
      /* defaults */
    }
    return COLS.map((c) => c.width);
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const dataRef = useRef<GridData | null>(null);

  const data = useMemo(() => {
    dataRef.current?.dispose();
    const d = new GridData(t, q, () => setTick((x) => x + 1));
    dataRef.current = d;
    return d;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- dataVersion is the reload signal: a new GridData refetches after imports and derivation
  }, [t, q, dataVersion]);

  useEffect(() => {
    setErr(null);
    setCursor(0);
    scrollRef.current?.scrollTo({ top: 0 });
    const t0 = performance.now();
    setFirstRowsMs(null);
    data.page(0).then(
      () => {
        const ms = performance.now() - t0;
        setFirstRowsMs(ms);
        (window as unknown as { __ssGridFirstRows?: number }).__ssGridFirstRows = ms;
      },
      (e) => setErr(errorText(e)),
    );
    data.count().catch((e) => setErr(errorText(e)));
    return () => data.dispose();
  }, [data]);

  // Client-side sort by another column when everything fits in memory.
  useEffect(() => {
    setSorted(null);
    setSortNote(null);
    if (!sortKey || sortKey === 'ts') return;
    if (data.total === null) return;
    if (data.total > SORT_LIMIT) {
      setSortNote(
        `Sorting by ${COLS.find((c) => c.key === sortKey)?.title} needs ${n(SORT_LIMIT)} events or fewer (this filter has ${n(data.total)}): narrow the filter. Shown in time order.`,
      );
      return;
    }
    let live = true;
    data.all(SORT_LIMIT).then(
      (rows) => {
        if (!live) return;
        const dir = params.dir === 'desc' ? -1 : 1;
        rows.sort((a, b) => dir * cellText(a, sortKey).localeCompare(cellText(b, sortKey)) || a.id - b.id);
        setSorted(rows);
      },
      (e) => setErr(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [data, data.total, sortKey, params.dir]);

  const count = sorted ? sorted.length : Math.min(MAX_ROWS, data.knownCount);
  const rowAt = useCallback((i: number) => (sorted ? sorted[i] : data.rows.get(i)), [sorted, data]);

  const virt = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 30,
  });
  const items = virt.getVirtualItems();
  const firstIdx = items[0]?.index ?? 0;
  const lastIdx = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (!sorted && items.length > 0) data.ensure(firstIdx, lastIdx);
  }, [data, sorted, firstIdx, lastIdx, items.length]);

  useEffect(() => {
    const total = data.total;
    const filtered = Object.keys(filter).length > 0;
    setStatus(
      total === null
        ? 'counting events…'
        : `${n(total)} events ${filtered ? 'match' : 'in case'}${info && filtered ? ` (of ${n(info.events)})` : ''}${firstRowsMs !== null ? ` · first rows in ${Math.round(firstRowsMs)} ms` : ''}`,
    );
    return () => setStatus('');
  }, [data.total, filter, info, firstRowsMs, setStatus]);

  // Keyboard: j/k move, Enter opens. The cursor lives in a ref too, so keys pressed faster than React renders
  // still act on the row the user sees as current.
  const cursorRef = useRef(0);
  cursorRef.current = cursor;
  useEffect(
    () =>
      onViewKey((key) => {
        if (key === 'next' || key === 'prev') {
          const nx = Math.max(0, Math.min(count - 1, cursorRef.current + (key === 'next' ? 1 : -1)));
          cursorRef.current = nx;
          setCursor(nx);
          virt.scrollToIndex(nx, { align: 'auto' });
          const r = rowAt(nx);
          if (r) {
            setSelection([r.id]);
            if (currentRoute().params.ev) openEvent(r.id, { replace: true });
          }
        } else if (key === 'open') {
          const r = rowAt(cursorRef.current);
          if (r) openEvent(r.id);
        }
      }),
    [count, virt, rowAt, openEvent, setSelection],
  );

  const selected = useMemo(() => new Set(selection), [selection]);
  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0);

  const startResize = (i: number) => (e: React.PointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = widths[i];
    const move = (ev: PointerEvent) =>
      setWidths((ws) => ws.map((w, j) => (j === i ? Math.max(60, w0 + ev.clientX - x0) : w)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setWidths((ws) => {
        localStorage.setItem('sessionscope.cols', JSON.stringify(ws));
        return ws;
      });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const clickHeader = (k: ColKey) => {
    if (k === 'ts') setParams({ order: order === 'asc' ? 'desc' : undefined, sort: undefined, dir: undefined });
    else if (sortKey === k) setParams({ dir: params.dir === 'desc' ? undefined : 'desc' });
    else setParams({ sort: k, dir: undefined });
  };

  const activeFilters = FILTER_PARAMS.filter((k) => params[k]);

  return (
    <div className="view events-view" data-testid="events-view">
      <SearchBar />
      <div className="filter-chips">
        {activeFilters.length === 0 ? (
          <span className="muted small">
            All events, in time order. Filter with the search box or the fields under each column header.
          </span>
        ) : (
          activeFilters.map((k) => (
            <span key={k} className="chip" data-testid={`chip-${k}`}>
              <span className="muted">{k === 'q' ? 'search' : k}:</span>{' '}
              <span className="mono">{params[k].length > 60 ? params[k].slice(0, 60) + '…' : params[k]}</span>
              <button type="button" aria-label={`Remove filter ${k}`} onClick={() => setParams({ [k]: undefined })}>
                ✕
              </button>
            </span>
          ))
        )}
        {activeFilters.length > 0 && (
          <LinkButton onClick={() => setParams(Object.fromEntries(FILTER_PARAMS.map((k) => [k, undefined])))}>
            clear all
          </LinkButton>
        )}
        <span className="grow" />
        <span className="small muted" data-testid="grid-count">
          {data.total === null ? <Spinner label="Counting" /> : plural(data.total, 'event')}
        </span>
      </div>
      {err && <ErrorBox what="Events" error={err} onRetry={() => setParams({}, { replace: true })} />}
      {sortNote && <div className="notice warn small">{sortNote}</div>}
      <div
        className="grid"
        role="grid"
        aria-rowcount={count}
        aria-label="Events"
        ref={scrollRef}
        tabIndex={0}
        data-testid="grid"
      >
        <div className="grid-head" role="row" style={{ gridTemplateColumns: template, width: totalWidth }}>
          {COLS.map((c, i) => (
            <div
              key={c.key}
              role="columnheader"
              className="grid-hcell"
              aria-sort={
                c.key === 'ts' && !sortKey
                  ? order === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : sortKey === c.key
                    ? params.dir === 'desc'
                      ? 'descending'
                      : 'ascending'
                    : 'none'
              }
            >
              <button
                type="button"
                className="hbtn"
                onClick={() => clickHeader(c.key)}
                title={c.key === 'ts' ? 'Time order' : `Sort by ${c.title} (results of ${n(SORT_LIMIT)} or fewer)`}
              >
                {c.title}
                {c.key === 'ts' ? <span className="zone"> {zoneLabel(tz)}</span> : null}
                {c.key === 'ts' && !sortKey
                  ? order === 'asc'
                    ? ' ▲'
                    : ' ▼'
                  : sortKey === c.key
                    ? params.dir === 'desc'
                      ? ' ▼'
                      : ' ▲'
                    : ''}
              </button>
              <span
                className="col-resize"
                onPointerDown={startResize(i)}
                role="separator"
                aria-label={`Resize ${c.title}`}
              />
            </div>
          ))}
        </div>
        <ColumnFilters template={template} width={totalWidth} />
        {count === 0 && data.total === 0 ? (
          <Empty title={activeFilters.length ? 'No events match' : 'No events yet'}>
            <p>
              {activeFilters.length
                ? 'Remove a filter above, or search for fewer words.'
                : 'Import evidence from the Case view (c).'}
            </p>
          </Empty>
        ) : (
          <div className="grid-body" style={{ height: virt.getTotalSize(), width: totalWidth }}>
            {items.map((vi) => {
              const r = rowAt(vi.index);
              const isCursor = vi.index === cursor;
              return (
                <div
                  key={vi.key}
                  role="row"
                  aria-rowindex={vi.index + 1}
                  className={`grid-row${r && selected.has(r.id) ? ' selected' : ''}${isCursor ? ' cursor' : ''}${r && String(r.id) === params.ev ? ' open' : ''}${r?.outcome === 'failure' ? ' failed' : ''}`}
                  style={{ transform: `translateY(${vi.start}px)`, gridTemplateColumns: template }}
                  onClick={(e) => {
                    if (!r) return;
                    setCursor(vi.index);
                    cursorRef.current = vi.index;
                    if (e.shiftKey || e.ctrlKey || e.metaKey)
                      setSelection(selected.has(r.id) ? selection.filter((x) => x !== r.id) : [...selection, r.id]);
                    else {
                      setSelection([r.id]);
                      openEvent(r.id);
                    }
                  }}
                  data-testid="grid-row"
                >
                  {r ? <Cells r={r} tz={tz} /> : <div className="gcell muted">…</div>}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {count >= MAX_ROWS && (
        <div className="notice warn small">
          Showing the first {n(MAX_ROWS)} rows of this order: reverse the order or narrow the time range to reach the
          rest.
        </div>
      )}
    </div>
  );
}

function Cells({ r, tz }: { r: EventJson; tz: string }) {
  const who = r.identity ?? r.principal ?? '';
  return (
    <>
      <div className="gcell mono" role="gridcell">
        {fmtTime(r.ts, tz)}
      </div>
      <div
        className="gcell mono"
        role="gridcell"
        title={
          r.principal && r.identity && r.principal !== r.identity ? `${r.identity}\nprincipal: ${r.principal}` : who
        }
      >
        {who ? shortName(who) : '—'}
        {who && arnAccount(who) ? <span className="acct"> {arnAccount(who)}</span> : null}
      </div>
      <div className="gcell mono" role="gridcell" title={r.action}>
        {r.action}
      </div>
      <div className="gcell" role="gridcell">
        <CatBadge category={r.category} />
      </div>
      <div className="gcell mono" role="gridcell" title={r.resource ?? ''}>
        {r.resource ? shortName(r.resource) : ''}
      </div>
      <div
        className={`gcell outcome-cell ${r.outcome}`}
        role="gridcell"
        title={r.error_code ? `${r.outcome}: ${r.error_code}` : r.outcome}
      >
        {r.outcome === 'failure' ? '✖ ' : r.outcome === 'success' ? '' : '? '}
        {r.outcome}
      </div>
      <div className="gcell mono" role="gridcell">
        {r.src_ip ?? ''}
      </div>
      <div className={`gcell${r.src_tor ? ' net-tor' : ''}`} role="gridcell" title={networkText(r)}>
        {networkText(r)}
      </div>
      <div className="gcell" role="gridcell">
        {r.format}
      </div>
      <div className="gcell" role="gridcell">
        {r.flags.map((f) => (
          <FlagBadge key={f} flag={f} />
        ))}
      </div>
    </>
  );
}

function SearchBar() {
  const { route, setParams, tz } = useApp();
  const [q, setQ] = useState(route.params.q ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => setQ(route.params.q ?? ''), [route.params.q]);
  return (
    <form
      className="searchbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const f = parseInZone(from, tz);
        const tt = parseInZone(to, tz);
        setParams({
          q: q.trim() || undefined,
          ...(from ? { from: f ?? undefined } : {}),
          ...(to ? { to: tt ?? undefined } : {}),
        });
      }}
    >
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        aria-label="Search events"
        placeholder='Search: words, "a phrase", a OR b, -exclude, prefix*, action:s3:Get*, ip:10.0.0.1'
        data-testid="events-search"
      />
      <input
        type="text"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        aria-label={`From (${zoneLabel(tz)})`}
        placeholder={`from ${route.params.from ? fmtTime(route.params.from, tz) : 'YYYY-MM-DD HH:MM'}`}
        className="time-input"
      />
      <input
        type="text"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        aria-label={`To (${zoneLabel(tz)})`}
        placeholder={`to ${route.params.to ? fmtTime(route.params.to, tz) : 'YYYY-MM-DD HH:MM'}`}
        className="time-input"
      />
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}

function ColumnFilters({ template, width }: { template: string; width: number }) {
  const { t, route, setParams } = useApp();
  const p = route.params;
  // The formats this build reads (formats.list): a new format appears here without an edit.
  const [formats, setFormats] = useState<string[] | null>(null);
  const [formatsError, setFormatsError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    t.call('formats.list', {}).then(
      (r) => live && setFormats(r.map((f) => f.id)),
      (e) => live && setFormatsError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [t]);
  const formatOptions = formats ?? (p.format ? [p.format] : []);
  const text = (key: string, label: string) => (
    <input
      key={key + (p[key] ?? '')}
      type="text"
      defaultValue={p[key] ?? ''}
      aria-label={`Filter ${label} (exact, or a glob with *)`}
      placeholder="filter…"
      onKeyDown={(e) => {
        if (e.key === 'Enter') setParams({ [key]: (e.target as HTMLInputElement).value.trim() || undefined });
      }}
      onBlur={(e) => {
        const v = e.target.value.trim();
        if (v !== (p[key] ?? '')) setParams({ [key]: v || undefined });
      }}
      data-testid={`colfilter-${key}`}
    />
  );
  const select = (key: string, label: string, options: readonly string[], problem?: string | null) => (
    <select
      value={p[key] ?? ''}
      onChange={(e) => setParams({ [key]: e.target.value || undefined })}
      aria-label={`Filter ${label}`}
      title={problem ?? undefined}
    >
      <option value="">all</option>
      {problem && <option disabled>{`could not list: ${problem}`}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
  return (
    <div className="grid-filters" role="row" style={{ gridTemplateColumns: template, width }}>
      <div className="gcell muted small">{p.from || p.to ? 'time filtered' : ''}</div>
      <div className="gcell">{text('identity', 'identity or principal')}</div>
      <div className="gcell">{text('action', 'action')}</div>
      <div className="gcell">{select('category', 'category', CATEGORIES)}</div>
      <div className="gcell">{text('resource', 'resource')}</div>
      <div className="gcell">{select('outcome', 'outcome', OUTCOMES)}</div>
      <div className="gcell">{text('ip', 'source IP')}</div>
      <div
        className="gcell muted small"
        title="Search by network: asn:AS14061, org:*ocean*, country:RU, cloud:aws/us-east-1, tor:yes"
      >
        asn: cloud: tor: in search
      </div>
      <div className="gcell">{select('format', 'format', formatOptions, formatsError)}</div>
      <div className="gcell">{select('flag', 'flag', FLAGS)}</div>
    </div>
  );
}
