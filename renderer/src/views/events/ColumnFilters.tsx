// The filter row under the column headers: each box is a query in the search grammar over that column's field,
// "contains" by default (GetObject finds s3:GetObject), applied as you type. The core reads it
// (core/model/search/column.ts); an error names the column, and that box is marked.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { COLUMN_BY_KEY, type ColKey } from './columns';
import { COLUMN_PARAM } from './filter';
import type { VisibleColumn } from './grid-layout';

const DEBOUNCE_MS = 350;

function FilterBox({ field, title, invalid }: { field: string; title: string; invalid: boolean }) {
  const { route, setParams } = useApp();
  const param = COLUMN_PARAM + field;
  const applied = route.params[param] ?? '';
  const [v, setV] = useState(applied);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setV(applied), [applied]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const apply = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (text.trim() !== applied) setParams({ [param]: text.trim() || undefined }, { replace: true });
  };
  return (
    <input
      type="text"
      value={v}
      spellCheck={false}
      aria-label={`Filter ${title}: contains, or a search over ${field}: (OR, -, *)`}
      aria-invalid={invalid || undefined}
      className={invalid ? 'invalid' : undefined}
      placeholder="contains…"
      title={`Contains; or a search over ${field}: — a OR b, -exclude, prefix*, "a phrase"`}
      onChange={(e) => {
        setV(e.target.value);
        if (timer.current) clearTimeout(timer.current);
        const text = e.target.value;
        timer.current = setTimeout(() => apply(text), DEBOUNCE_MS);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply(v);
      }}
      data-testid={`colfilter-${field}`}
    />
  );
}

export function ColumnFilters({
  columns,
  template,
  width,
  errorField,
}: {
  columns: VisibleColumn[];
  template: string;
  width: number;
  /** The field whose filter the last error was about. */
  errorField: string | null;
}) {
  const { route } = useApp();
  const p = route.params;
  return (
    <div className="grid-filters" role="row" style={{ gridTemplateColumns: template, width }}>
      {columns.map((c) => {
        const def = COLUMN_BY_KEY.get(c.key as ColKey)!;
        return (
          <div
            key={c.key}
            className={`gcell${c.frozen ? ' frozen' : ''}`}
            style={c.frozen ? { left: c.left } : undefined}
          >
            {def.field ? (
              <FilterBox field={def.field} title={def.title} invalid={errorField === def.field} />
            ) : (
              <span className="muted small">{p.from || p.to ? 'time window set' : ''}</span>
            )}
          </div>
        );
      })}
    </div>
  );
}
