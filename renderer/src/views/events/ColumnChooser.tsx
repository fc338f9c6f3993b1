// Show, hide and reorder columns, and choose how many leading columns stay frozen. Widths are set by dragging the
// header edges. The layout is remembered per case in this browser (columns.ts).
import { COLUMN_BY_KEY, defaultLayout, type ColKey, type Layout } from './columns';

export function ColumnChooser({
  layout,
  setLayout,
  onClose,
}: {
  layout: Layout;
  setLayout: (f: (l: Layout) => Layout) => void;
  onClose: () => void;
}) {
  const move = (i: number, d: -1 | 1) =>
    setLayout((l) => {
      const cols = l.columns.slice();
      const j = i + d;
      if (j < 0 || j >= cols.length) return l;
      [cols[i], cols[j]] = [cols[j], cols[i]];
      return { ...l, columns: cols };
    });
  return (
    <div className="popover chooser" role="dialog" aria-label="Columns" data-testid="column-chooser">
      <div className="row">
        <strong>Columns</strong>
        <span className="grow" />
        <button type="button" className="linklike" onClick={onClose}>
          close
        </button>
      </div>
      <ol>
        {layout.columns.map((c, i) => (
          <li key={c.key}>
            <label>
              <input
                type="checkbox"
                checked={!c.hidden}
                onChange={(e) =>
                  setLayout((l) => ({
                    ...l,
                    columns: l.columns.map((x) => (x.key === c.key ? { ...x, hidden: !e.target.checked } : x)),
                  }))
                }
              />{' '}
              {COLUMN_BY_KEY.get(c.key as ColKey)?.title ?? c.key}
            </label>
            <span className="grow" />
            <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move ${c.key} up`}>
              ↑
            </button>
            <button
              type="button"
              onClick={() => move(i, 1)}
              disabled={i === layout.columns.length - 1}
              aria-label={`Move ${c.key} down`}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <label className="row small">
        Frozen leading columns{' '}
        <select
          value={layout.frozen}
          onChange={(e) => setLayout((l) => ({ ...l, frozen: Number(e.target.value) }))}
          aria-label="Frozen leading columns"
        >
          {[0, 1, 2, 3, 4].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => setLayout(() => ({ columns: defaultLayout(), frozen: 1 }))}>
        Reset to defaults
      </button>
    </div>
  );
}
