// The line above the grid: active filters as chips, the result count, selection and marking, and the grid's tools
// (columns, colour rules, saved views; group-by is the group bar's).
import { useApp } from '../../app/store';
import { n, plural } from '../../lib/format';
import { LinkButton, Spinner } from '../../components/ui';
import { COLUMN_PARAM, filterParams } from './filter';
import { ChipStrip } from './ChipStrip';

export type Panel = 'columns' | 'colors' | 'views';

export function Toolbar({
  total,
  failed,
  allSelected,
  selected,
  panel,
  setPanel,
  viewName,
  onSelectAll,
  onAnnotateAll,
  onAnnotate,
  onClear,
}: {
  total: number | null;
  /** The query failed: no count is coming. */
  failed: boolean;
  allSelected: boolean;
  selected: number;
  panel: Panel | null;
  setPanel: (p: Panel | null) => void;
  viewName: string | null;
  onSelectAll: () => void;
  onAnnotateAll: () => void;
  onAnnotate: () => void;
  onClear: () => void;
}) {
  const { route, setParams } = useApp();
  const p = route.params;
  const active = filterParams(p);
  const toggle = (x: Panel) => setPanel(panel === x ? null : x);
  const label = (k: string) => (k === 'q' ? 'search' : k.startsWith(COLUMN_PARAM) ? `${k.slice(2)} column` : k);
  return (
    <div className="filter-chips">
      {viewName || active.length > 0 ? (
        <ChipStrip
          chips={[
            ...(viewName
              ? [
                  <span key="view" className="chip view-chip" data-testid="open-view">
                    <span className="muted">view:</span> {viewName}
                  </span>,
                ]
              : []),
            ...active.map((k) => (
              <span key={k} className="chip" data-testid={`chip-${k}`}>
                <span className="muted">{label(k)}:</span>{' '}
                <span className="mono" title={p[k]}>
                  {k === 'ids' ? plural(p[k].split(',').length, 'chosen event') : p[k]}
                </span>
                <button
                  type="button"
                  aria-label={`Remove filter ${label(k)}`}
                  onClick={() => setParams({ [k]: undefined })}
                >
                  ✕
                </button>
              </span>
            )),
          ]}
        />
      ) : null}
      {active.length === 0 && (
        <span className="muted small chips-none">
          All events, in time order. Search above, or type under a column (contains).
        </span>
      )}
      {active.length > 0 && (
        <LinkButton
          onClick={() => setParams({ ...Object.fromEntries(active.map((k) => [k, undefined])), view: undefined })}
        >
          clear all
        </LinkButton>
      )}
      <span className="grow" />
      <span className="small muted" data-testid="grid-count">
        {failed ? 'no result' : total === null ? <Spinner label="Counting" /> : plural(total, 'event')}
      </span>
      {allSelected ? (
        <span className="chip sel-chip" data-testid="all-selected">
          all {total === null ? '' : n(total)} results selected
          <button type="button" aria-label="Clear the selection" onClick={onClear}>
            ✕
          </button>
        </span>
      ) : selected > 0 ? (
        <span className="chip sel-chip">
          {plural(selected, 'row')} selected
          <button type="button" aria-label="Clear the selection" onClick={onClear}>
            ✕
          </button>
        </span>
      ) : null}
      {!allSelected && (
        <button
          type="button"
          onClick={onSelectAll}
          disabled={!total}
          data-testid="select-all"
          title="Every event this search matches, also those not on screen"
        >
          Select all results
        </button>
      )}
      <button
        type="button"
        className="primary"
        disabled={!total}
        onClick={allSelected || selected === 0 ? onAnnotateAll : onAnnotate}
        data-testid="annotate-open"
        title="Tag, note, bookmark, promote or cite the selection (a)"
      >
        {allSelected || selected === 0
          ? `Mark all ${total === null ? '' : n(total)} results…`
          : `Mark ${plural(selected, 'row')}…`}
      </button>
      <button
        type="button"
        aria-pressed={panel === 'columns'}
        onClick={() => toggle('columns')}
        data-testid="columns-open"
      >
        Columns
      </button>
      <button
        type="button"
        aria-pressed={panel === 'colors'}
        onClick={() => toggle('colors')}
        data-testid="colors-open"
      >
        Colours
      </button>
      <button type="button" aria-pressed={panel === 'views'} onClick={() => toggle('views')} data-testid="views-open">
        Views
      </button>
    </div>
  );
}
