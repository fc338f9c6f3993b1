// Column headers: click sorts (time always; another column when the result is small), drag reorders (or groups,
// dropped on the group bar), the edge resizes, ⊞ groups the rows by the column, Σ opens its statistics. Frozen
// columns stay put when the grid scrolls sideways.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { n } from '../../lib/format';
import { zoneLabel } from '../../lib/time';
import { COLUMN_BY_KEY, type ColKey, type Layout } from './columns';
import type { VisibleColumn } from './grid-layout';
import { COLUMN_DRAG } from './GroupBar';

export const SORT_LIMIT = 10_000;

export function GridHeader({
  columns,
  template,
  width,
  setLayout,
  onStats,
  onGroup,
}: {
  columns: VisibleColumn[];
  template: string;
  width: number;
  setLayout: (f: (l: Layout) => Layout) => void;
  onStats: (key: ColKey) => void;
  onGroup: (key: ColKey) => void;
}) {
  const { route, setParams, tz } = useApp();
  const params = route.params;
  const order = params.order === 'desc' ? 'desc' : 'asc';
  const sortKey = (params.sort as ColKey | undefined) ?? null;
  const [dragging, setDragging] = useState<string | null>(null);

  const clickHeader = (k: ColKey) => {
    if (k === 'ts') setParams({ order: order === 'asc' ? 'desc' : undefined, sort: undefined, dir: undefined });
    else if (sortKey === k) setParams({ dir: params.dir === 'desc' ? undefined : 'desc' });
    else setParams({ sort: k, dir: undefined });
  };
  const sortState = (k: ColKey): 'ascending' | 'descending' | 'none' =>
    k === 'ts' && !sortKey
      ? order === 'asc'
        ? 'ascending'
        : 'descending'
      : sortKey === k
        ? params.dir === 'desc'
          ? 'descending'
          : 'ascending'
        : 'none';

  const startResize = (key: string) => (e: React.PointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = columns.find((c) => c.key === key)?.width ?? 100;
    const move = (ev: PointerEvent) =>
      setLayout((l) => ({
        ...l,
        columns: l.columns.map((c) => (c.key === key ? { ...c, width: Math.max(50, w0 + ev.clientX - x0) } : c)),
      }));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const drop = (onto: string) => {
    if (!dragging || dragging === onto) return;
    setLayout((l) => {
      const cols = l.columns.filter((c) => c.key !== dragging);
      const moved = l.columns.find((c) => c.key === dragging)!;
      cols.splice(
        cols.findIndex((c) => c.key === onto),
        0,
        moved,
      );
      return { ...l, columns: cols };
    });
    setDragging(null);
  };

  return (
    <div className="grid-head" role="row" style={{ gridTemplateColumns: template, width }}>
      {columns.map((c) => {
        const def = COLUMN_BY_KEY.get(c.key as ColKey)!;
        const s = sortState(def.key);
        return (
          <div
            key={c.key}
            role="columnheader"
            className={`grid-hcell${c.frozen ? ' frozen' : ''}${dragging === c.key ? ' dragging' : ''}`}
            style={c.frozen ? { left: c.left } : undefined}
            aria-sort={s}
            draggable
            onDragStart={(e) => {
              setDragging(c.key);
              e.dataTransfer.effectAllowed = 'copyMove';
              // The group bar reads this: dropping a header there groups by it.
              if (def.facet) e.dataTransfer.setData(COLUMN_DRAG, c.key);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => drop(c.key)}
            onDragEnd={() => setDragging(null)}
            data-testid={`colhead-${c.key}`}
          >
            {def.key === 'tags' ? (
              <span className="hbtn" title="Tags on each event (filter below; mark with a)">
                {def.title}
              </span>
            ) : (
              <button
                type="button"
                className="hbtn"
                onClick={() => clickHeader(def.key)}
                title={
                  def.key === 'ts'
                    ? 'Time order'
                    : `Sort by ${def.title} (results of ${n(SORT_LIMIT)} or fewer) — drag to move`
                }
              >
                {def.title}
                {def.key === 'ts' ? <span className="zone"> {zoneLabel(tz)}</span> : null}
                {s === 'ascending' ? ' ▲' : s === 'descending' ? ' ▼' : ''}
              </button>
            )}
            {def.facet && (
              <span className="hcell-tools">
                <button
                  type="button"
                  className="hstats"
                  onClick={() => onGroup(def.key)}
                  aria-label={`Group by ${def.title}`}
                  title={`Group the rows by ${def.title}: one row per value with its count`}
                >
                  ⊞
                </button>
                <button
                  type="button"
                  className="hstats"
                  onClick={() => onStats(def.key)}
                  aria-label={`Statistics of ${def.title}`}
                  title={`Top values of ${def.title} in this result`}
                >
                  Σ
                </button>
              </span>
            )}
            <span
              className="col-resize"
              onPointerDown={startResize(c.key)}
              role="separator"
              aria-label={`Resize ${def.title}`}
            />
          </div>
        );
      })}
    </div>
  );
}
