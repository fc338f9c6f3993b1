// One group's header row in the grouped grid: the value, its count over every match, a share bar, and "mark"
// (every event of the group). Clicking the row (or Enter / Space / → ← on it) expands or collapses the group.
import type { MouseEvent } from 'react';
import { n, plural } from '../../lib/format';
import type { GroupHeader } from './group-data';

export function GroupRow({
  index,
  start,
  header,
  title,
  open,
  cursor,
  total,
  width,
  onToggle,
  onMark,
}: {
  index: number;
  start: number;
  header: GroupHeader | undefined;
  title: string;
  open: boolean;
  cursor: boolean;
  /** Events of the whole result (the share bar's 100 %). */
  total: number | null;
  width: number;
  onToggle: (e: MouseEvent) => void;
  onMark: () => void;
}) {
  const cls = ['grid-row', 'group-row'];
  if (cursor) cls.push('cursor');
  if (open) cls.push('open-group');
  const value = header ? (header.value ?? '(none)') : '…';
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-level={1}
      aria-expanded={header ? open : undefined}
      className={cls.join(' ')}
      style={{ transform: `translateY(${start}px)`, width }}
      onClick={onToggle}
      data-testid="group-row"
      data-value={header?.value ?? undefined}
      data-count={header?.count}
    >
      <div className="gcell group-cell" role="gridcell" aria-colspan={99} title={`${title}: ${value}`}>
        <span className="caret" aria-hidden>
          {open ? '▾' : '▸'}
        </span>
        <span className="group-count" data-testid="group-count">
          {header ? n(header.count) : ''}
        </span>
        <span className="group-share-track" aria-hidden>
          {header && total ? (
            <span
              className="share-bar group-share"
              style={{ width: `${Math.max(2, (header.count / total) * 100)}%` }}
            />
          ) : null}
        </span>
        <span className="visually-hidden">{title}:</span>
        <span className={`mono group-value${header?.value === null ? ' muted' : ''}`}>{value}</span>
        {header && (
          <button
            type="button"
            className="linklike small group-mark"
            onClick={(e) => {
              e.stopPropagation();
              onMark();
            }}
            title={`Tag, note, bookmark… all ${plural(header.count, 'event')} of this group (a on this row)`}
            data-testid="group-mark"
          >
            mark group
          </button>
        )}
      </div>
    </div>
  );
}
