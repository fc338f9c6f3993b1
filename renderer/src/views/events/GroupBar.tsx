// Timeline Explorer's group bar above the grid: drop a column header here (or pick it in the bar's "group by…",
// or use a header's ⊞) to group the rows by that column; while grouped it says by what, how many groups over how many
// events, and ungroups.
import { useState } from 'react';
import { n, plural } from '../../lib/format';
import { COLUMN_BY_KEY, COLUMNS, type ColKey } from './columns';

/** The drag payload type a column header sets (GridHeader). */
export const COLUMN_DRAG = 'application/x-sessionscope-column';

export function GroupBar({
  groupBy,
  distinct,
  events,
  onGroup,
  onUngroup,
  onCollapseAll,
  anyOpen,
}: {
  groupBy: ColKey | null;
  distinct: number | null;
  events: number | null;
  onGroup: (key: ColKey) => void;
  onUngroup: () => void;
  onCollapseAll: () => void;
  anyOpen: boolean;
}) {
  const [over, setOver] = useState(false);
  const def = groupBy ? COLUMN_BY_KEY.get(groupBy) : undefined;
  const accepts = (e: React.DragEvent) => e.dataTransfer.types.includes(COLUMN_DRAG);
  return (
    <div
      className={`group-bar${over ? ' over' : ''}${def ? ' active' : ''}`}
      data-testid="group-bar"
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const key = e.dataTransfer.getData(COLUMN_DRAG) as ColKey;
        const col = COLUMN_BY_KEY.get(key);
        if (!col?.facet) return; // time, tags and network have no values to count
        e.preventDefault();
        onGroup(key);
      }}
    >
      <select
        value={groupBy ?? ''}
        onChange={(e) => (e.target.value ? onGroup(e.target.value as ColKey) : onUngroup())}
        aria-label="Group by a column"
        data-testid="group-by"
      >
        <option value="">group by…</option>
        {COLUMNS.filter((c) => c.facet).map((c) => (
          <option key={c.key} value={c.key}>
            group by {c.title}
          </option>
        ))}
      </select>
      {def ? (
        <>
          <span className="small muted" data-testid="group-summary">
            {distinct === null
              ? 'counting groups…'
              : `${plural(distinct, 'group')} over ${n(events ?? 0)} events${groupBy === 'flags' ? ' (an event may hold several flags)' : ''} · Enter or Space opens a group, a marks it`}
          </span>
          <span className="grow" />
          {anyOpen && (
            <button type="button" className="linklike small" onClick={onCollapseAll}>
              collapse all
            </button>
          )}
          <button type="button" className="linklike small" onClick={onUngroup}>
            ungroup
          </button>
        </>
      ) : (
        <span className="small muted">or drag a column header here</span>
      )}
    </div>
  );
}
