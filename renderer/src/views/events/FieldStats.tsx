// Field statistics: the most frequent values of a column over the current result (events.facets), with counts and
// a share bar; a click narrows the grid to that value through the search. (Group-by is the grid's own: GroupBar.)
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { n } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { Spinner } from '../../components/ui';
import { COLUMN_BY_KEY, type ColKey } from './columns';
import { fieldValue, type EventFilter } from './filter';

export function FieldStats({
  column,
  filter,
  total,
  limit,
  onClose,
}: {
  column: ColKey;
  filter: EventFilter;
  total: number | null;
  limit: number;
  onClose: () => void;
}) {
  const { t, setParams, dataVersion, route } = useApp();
  const def = COLUMN_BY_KEY.get(column)!;
  const key = JSON.stringify(filter);
  const facets = useAsync(def.facet ? () => t.call('events.facets', { filter, column: def.facet!, limit }) : null, [
    t,
    key,
    def.facet,
    limit,
    dataVersion,
  ]);
  const rows = facets.value ?? [];
  const shown = rows.reduce((s, r) => s + r.count, 0);
  // Exact value, added to the search: the same grammar, and the chip and the saved view show it.
  const narrow = (value: string | null) => {
    const term = value === null ? `-${def.field}:*` : `${def.field}:${fieldValue(value)}`;
    const q = route.params.q?.trim();
    setParams({ q: q ? `${q.includes(' OR ') ? `(${q})` : q} ${term}` : term });
  };
  return (
    <div className="popover stats" role="dialog" aria-label={`Statistics of ${def.title}`} data-testid="field-stats">
      <div className="row">
        <strong>Top values of {def.title}</strong>
        <span className="muted small">
          {total !== null ? `in ${n(total)} events` : ''}
          {column === 'flags' ? ' (an event may hold several flags)' : ''}
        </span>
        <span className="grow" />
        <button type="button" className="linklike" onClick={onClose}>
          close
        </button>
      </div>
      {facets.loading && <Spinner label="Counting" />}
      {facets.error !== undefined && <div className="danger small">{errorText(facets.error)}</div>}
      <table className="grid-table facet-table">
        <tbody>
          {rows.map((r) => (
            <tr
              key={String(r.value)}
              className="clickable"
              onClick={() => narrow(r.value)}
              title={`Show only ${r.value ?? '(none)'}`}
            >
              <td className="mono">{r.value ?? <span className="muted">(none)</span>}</td>
              <td className="num">{n(r.count)}</td>
              <td className="bar-cell">
                {total ? (
                  <span className="share-bar" style={{ width: `${Math.max(1, (r.count / total) * 100)}%` }} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total !== null && column !== 'flags' && rows.length === limit && total > shown && (
        <div className="small muted">
          The {n(limit)} most frequent values shown; {n(total - shown)} events hold other values.
        </div>
      )}
    </div>
  );
}
