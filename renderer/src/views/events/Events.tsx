// The Events view: the grid of every event, virtualized over any number of them (keyset pages and seeks,
// grid-data.ts), with the one search grammar in the search box and the column filters, Timeline Explorer's habits
// (column chooser, frozen columns, group-by, colour rules, field statistics, range and select-all selection, a Tags
// column), bulk marking with `a`, and saved views. Each part lives in its own file beside this one.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../app/store';
import { onViewKey } from '../../app/keys';
import { currentRoute } from '../../app/router';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { n } from '../../lib/format';
import { Empty, ErrorBox } from '../../components/ui';
import { AnnotateBar } from '../../components/annotate/AnnotateBar';
import { useAnnotateKey } from '../../components/annotate/use-annotate-key';
import type { AnnotateTarget } from '../../components/annotate/target';
import type { GridQuery } from './grid-data';
import { buildFilter, filterParams } from './filter';
import { cellText, COLUMN_BY_KEY, useLayout, type ColKey } from './columns';
import { gridTemplate, gridWidth, visibleColumns } from './grid-layout';
import { GridHeader, SORT_LIMIT } from './GridHeader';
import { ColumnFilters } from './ColumnFilters';
import { GridRow } from './GridRow';
import { SearchBar } from './SearchBar';
import { Toolbar, type Panel } from './Toolbar';
import { ColumnChooser } from './ColumnChooser';
import { FieldStats } from './FieldStats';
import { ColorRules } from './ColorRules';
import { SavedViews } from './SavedViews';
import { useOpenView } from './use-open-view';
import { useGridMarks } from './use-grid-marks';
import { useCaseColorRules } from './use-color-rules';
import { useGridSelection } from './use-grid-selection';
import { useGridData } from './use-grid-data';
import { useGroupedData } from './use-grouped-data';
import { GroupBar } from './GroupBar';
import { GroupRow } from './GroupRow';
import type { DisplayRow } from './group-data';
import './events.css';

const ROW = 24;
const MAX_ROWS = 1_200_000; // keeps the scroll height inside what browsers can lay out

export function EventsView() {
  const { route, setParams, openEvent, tz, selection, setStatus, info, caseRef } = useApp();
  const params = route.params;
  const filter = useMemo(() => buildFilter(params), [params]);
  const filterKey = JSON.stringify(filter);
  const order: 'asc' | 'desc' = params.order === 'desc' ? 'desc' : 'asc';
  const sortKey = (params.sort as ColKey | undefined) ?? null;
  const q: GridQuery = useMemo(() => ({ filter, order }), [filter, order]);
  const { data, err: rowsErr, firstRowsMs } = useGridData(q);
  // Grouped rows (Timeline Explorer's group-by): a header per value, each expanding to its rows.
  const groupBy = (params.group as ColKey | undefined) ?? null;
  const groupDef = groupBy ? COLUMN_BY_KEY.get(groupBy) : undefined;
  const { grouped, err: groupErr } = useGroupedData(groupDef?.facet ?? null, q);
  const err = rowsErr ?? groupErr;
  const [layout, setLayout] = useLayout(caseRef?.case ?? 'none');
  const [panel, setPanel] = useState<Panel | null>(null);
  const [stats, setStats] = useState<ColKey | null>(null);
  const [annotating, setAnnotating] = useState<AnnotateTarget | null>(null);
  const [cursor, setCursor] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const { view: openView, open: applyView } = useOpenView(setLayout);
  const caseRules = useCaseColorRules();
  const viewRules = openView.value && !openView.value.deleted ? openView.value.color_rules : [];
  const rules = viewRules.length ? viewRules : caseRules.rules;

  // Client-side sort by another column when everything fits in memory.
  const wantSort = !grouped && !!sortKey && sortKey !== 'ts' && data.total !== null && data.total <= SORT_LIMIT;
  const sortedLoad = useAsync(wantSort ? () => data.all(SORT_LIMIT) : null, [data, wantSort]);
  const sorted = useMemo(() => {
    if (!wantSort || !sortedLoad.value || !sortKey) return null;
    const dir = params.dir === 'desc' ? -1 : 1;
    return sortedLoad.value
      .slice()
      .sort((a, b) => dir * cellText(a, sortKey).localeCompare(cellText(b, sortKey)) || a.id - b.id);
  }, [wantSort, sortedLoad.value, sortKey, params.dir]);
  const sortNote =
    sortKey && sortKey !== 'ts' && data.total !== null && data.total > SORT_LIMIT
      ? `Sorting by ${COLUMN_BY_KEY.get(sortKey)?.title} needs ${n(SORT_LIMIT)} events or fewer (this filter has ${n(data.total)}): narrow the filter. Shown in time order.`
      : null;

  const count = grouped
    ? Math.min(MAX_ROWS, grouped.count)
    : sorted
      ? sorted.length
      : Math.min(MAX_ROWS, data.knownCount);
  const displayAt = useCallback((i: number): DisplayRow | null => (grouped ? grouped.at(i) : null), [grouped]);
  const rowAt = useCallback(
    (i: number) => {
      if (grouped) {
        const d = grouped.at(i);
        return d.kind === 'row' ? d.row : undefined;
      }
      return sorted ? sorted[i] : data.rows.get(i);
    },
    [sorted, data, grouped],
  );
  const queryKey = `${filterKey}|${order}|${groupBy ?? ''}`;
  const sel = useGridSelection(rowAt, queryKey);

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
    if (items.length === 0) return;
    if (grouped) grouped.ensure(firstIdx, lastIdx);
    else if (!sorted) data.ensure(firstIdx, lastIdx);
  }, [data, grouped, sorted, firstIdx, lastIdx, items.length]);
  // A new query starts at the top; a reload of the same one (after marking, an import) keeps the place.
  useEffect(() => {
    setCursor(0);
    cursorRef.current = 0;
    scrollRef.current?.scrollTo({ top: 0 });
  }, [queryKey]);

  const shownIds = items.flatMap((vi) => {
    const r = rowAt(vi.index);
    return r ? [r.id] : [];
  });
  const { marks, error: marksError } = useGridMarks(
    shownIds,
    rules.map((r) => r.query),
  );

  const filtered = filterParams(params).length > 0;
  useEffect(() => {
    const total = data.total;
    setStatus(
      err
        ? 'nothing shown: the search or a filter cannot be read'
        : total === null
          ? 'counting events…'
          : `${n(total)} ${total === 1 ? 'event' : 'events'} ${filtered ? (total === 1 ? 'matches' : 'match') : 'in case'}${info && filtered ? ` (of ${n(info.events)})` : ''}${firstRowsMs !== null ? ` · first rows in ${Math.round(firstRowsMs)} ms` : ''}`,
    );
    return () => setStatus('');
  }, [data.total, filtered, info, firstRowsMs, setStatus, err]);

  // Keyboard: j/k and ↓/↑ move, Enter opens an event or opens/closes a group (so does Space; → opens, ← closes).
  // The cursor lives in a ref too, so keys pressed faster than React renders still act on the row the user sees.
  const cursorRef = useRef(0);
  cursorRef.current = cursor;
  const moveCursor = useCallback(
    (nx: number) => {
      nx = Math.max(0, Math.min(count - 1, nx));
      cursorRef.current = nx;
      setCursor(nx);
      virt.scrollToIndex(nx, { align: 'auto' });
      const r = rowAt(nx);
      if (r) {
        sel.moveTo(nx, r);
        if (currentRoute().params.ev) openEvent(r.id, { replace: true });
      } else if (displayAt(nx)?.kind === 'group' && selection.length) sel.clear();
    },
    [count, virt, rowAt, openEvent, sel, displayAt, selection.length],
  );
  const toggleGroup = useCallback(
    (want?: boolean) => {
      const d = displayAt(cursorRef.current);
      if (!grouped || !d) return false;
      const gi = d.gi;
      const open = grouped.isOpen(gi);
      if (want === undefined || want !== open) {
        grouped.toggle(gi);
        if (d.kind === 'row') moveCursor(grouped.headerIndex(gi)); // closing from inside: back to its header
      }
      return true;
    },
    [grouped, displayAt, moveCursor],
  );
  useEffect(
    () =>
      onViewKey((key) => {
        if (key === 'next' || key === 'prev') moveCursor(cursorRef.current + (key === 'next' ? 1 : -1));
        else if (key === 'open') {
          if (displayAt(cursorRef.current)?.kind === 'group') toggleGroup();
          else {
            const r = rowAt(cursorRef.current);
            if (r) openEvent(r.id);
          }
        }
      }),
    [moveCursor, toggleGroup, displayAt, rowAt, openEvent],
  );
  const onGridKey = (e: React.KeyboardEvent) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    const d = displayAt(cursorRef.current);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') moveCursor(cursorRef.current + (e.key === 'ArrowDown' ? 1 : -1));
    else if (e.key === ' ' && d?.kind === 'group') toggleGroup();
    else if (e.key === 'ArrowRight' && d?.kind === 'group') toggleGroup(true);
    else if (e.key === 'ArrowLeft' && d) toggleGroup(false);
    else return;
    e.preventDefault();
  };

  const queryLabel = params.q ? `“${params.q}”` : filtered ? 'these filters' : 'the case';
  const allTarget: AnnotateTarget = { kind: 'query', filter, count: data.total, label: queryLabel };
  const groupTarget = (gi: number): AnnotateTarget | null => {
    const h = grouped?.header(gi);
    const f = grouped?.groupFilter(gi);
    if (!h || !f || !groupDef) return null;
    return {
      kind: 'query',
      filter: f,
      count: h.count,
      label: `${groupDef.title} ${h.value ?? '(none)'} in ${queryLabel}`,
    };
  };
  const cursorRow = displayAt(cursor);
  const selectionTarget: AnnotateTarget | null = sel.all
    ? allTarget
    : cursorRow?.kind === 'group' && selection.length === 0
      ? groupTarget(cursorRow.gi)
      : selection.length
        ? { kind: 'events', ids: selection.slice(0, 50_000) }
        : null;
  useAnnotateKey(selectionTarget !== null, () => selectionTarget && setAnnotating(selectionTarget));

  const cols = visibleColumns(layout);
  const template = gridTemplate(cols);
  const width = gridWidth(cols);
  const selected = new Set(selection);
  const errorField = err && /^(\w+) filter\b/.exec(err)?.[1];
  const searchUnreadable = !!err && /^search, column \d+:/.test(err);
  const layoutSetter = (f: (l: typeof layout) => typeof layout) => setLayout(f);

  return (
    <div className="view events-view" data-testid="events-view">
      <SearchBar />
      <Toolbar
        total={data.total}
        failed={!!err}
        allSelected={sel.all}
        selected={selection.length}
        panel={panel}
        setPanel={setPanel}
        viewName={openView.value?.name ?? null}
        onSelectAll={() => sel.selectAll()}
        onAnnotateAll={() => setAnnotating(allTarget)}
        onAnnotate={() => selectionTarget && setAnnotating(selectionTarget)}
        onClear={() => sel.clear()}
      />
      <div className="popover-anchor">
        {panel === 'columns' && (
          <ColumnChooser layout={layout} setLayout={layoutSetter} onClose={() => setPanel(null)} />
        )}
        {panel === 'colors' && (
          <ColorRules
            rules={caseRules.rules}
            onSaved={() => {
              caseRules.reload();
              setPanel(null);
            }}
            onClose={() => setPanel(null)}
          />
        )}
        {panel === 'views' && (
          <SavedViews
            layout={layout}
            rules={rules}
            onClose={() => setPanel(null)}
            onOpen={(v) => {
              setPanel(null);
              applyView(v);
            }}
          />
        )}
        {stats && (
          <FieldStats column={stats} filter={filter} total={data.total} limit={25} onClose={() => setStats(null)} />
        )}
      </div>
      {annotating && (
        <AnnotateBar
          target={annotating}
          onClose={() => setAnnotating(null)}
          onDone={() => {
            if (annotating.kind === 'query') sel.clear();
          }}
        />
      )}
      {openView.error !== undefined && <ErrorBox what="Saved view" error={errorText(openView.error)} />}
      {openView.value?.deleted && (
        <div className="notice warn small">
          The saved view “{openView.value.name}” was deleted; its search is shown.
        </div>
      )}
      {/* A search that cannot be read is explained under the search box, with a caret; other errors here. */}
      {err && !searchUnreadable && (
        <ErrorBox what={errorField ? `The ${errorField} column filter` : 'Events'} error={err} />
      )}
      {marksError && <div className="notice warn small">Tags and colours could not be loaded: {marksError}</div>}
      {caseRules.error !== undefined && (
        <div className="notice warn small">Colour rules could not be loaded: {errorText(caseRules.error)}</div>
      )}
      {sortNote && <div className="notice warn small">{sortNote}</div>}
      <GroupBar
        groupBy={groupDef?.facet ? groupBy : null}
        distinct={grouped?.distinct ?? null}
        events={grouped?.events ?? null}
        anyOpen={!!grouped?.anyOpen}
        onGroup={(k) => setParams({ group: k, sort: undefined, dir: undefined })}
        onUngroup={() => setParams({ group: undefined })}
        onCollapseAll={() => {
          grouped?.collapseAll();
          moveCursor(0);
        }}
      />
      <div
        className="grid"
        role="grid"
        aria-rowcount={count}
        aria-multiselectable
        aria-label="Events"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onGridKey}
        data-testid="grid"
      >
        <GridHeader
          columns={cols}
          template={template}
          width={width}
          setLayout={layoutSetter}
          onStats={setStats}
          onGroup={(k) => setParams({ group: k, sort: undefined, dir: undefined })}
        />
        <ColumnFilters columns={cols} template={template} width={width} errorField={errorField ?? null} />
        {err ? null : count === 0 && data.total === 0 ? (
          <Empty title={filtered ? 'No events match' : 'No events yet'}>
            <p>
              {filtered
                ? 'Remove a filter above, or search for fewer words.'
                : 'Import evidence from the Case view (c).'}
            </p>
          </Empty>
        ) : (
          <div className="grid-body" style={{ height: virt.getTotalSize(), width }}>
            {items.map((vi) => {
              const d = displayAt(vi.index);
              if (d?.kind === 'group')
                return (
                  <GroupRow
                    key={vi.key}
                    index={vi.index}
                    start={vi.start}
                    header={d.header}
                    title={groupDef?.title ?? ''}
                    open={d.open}
                    cursor={vi.index === cursor}
                    total={grouped?.events ?? null}
                    width={width}
                    onToggle={() => {
                      setCursor(vi.index);
                      cursorRef.current = vi.index;
                      if (selection.length) sel.clear();
                      grouped?.toggle(d.gi);
                    }}
                    onMark={() => {
                      const tg = groupTarget(d.gi);
                      if (tg) setAnnotating(tg);
                    }}
                  />
                );
              const r = rowAt(vi.index);
              const mark = r ? marks.get(r.id) : undefined;
              return (
                <GridRow
                  key={vi.key}
                  index={vi.index}
                  start={vi.start}
                  r={r}
                  mark={mark}
                  rule={mark?.rule !== undefined && mark.rule !== null ? rules[mark.rule] : undefined}
                  selected={!!r && (sel.all || selected.has(r.id))}
                  cursor={vi.index === cursor}
                  inGroup={d?.kind === 'row'}
                  open={!!r && String(r.id) === params.ev}
                  template={template}
                  columns={cols}
                  tz={tz}
                  onClick={(e) => {
                    if (!r) return;
                    setCursor(vi.index);
                    cursorRef.current = vi.index;
                    if (sel.click(vi.index, r, e)) openEvent(r.id);
                  }}
                />
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
