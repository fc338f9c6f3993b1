// Row selection as Timeline Explorer has it: click selects one, Ctrl/⌘-click toggles, Shift-click selects the
// range from the last clicked row, and "select all results" selects the query itself — every event it matches,
// beyond the rendered rows, resolved by the core when the selection is marked (annotations.bulk).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import type { EventJson } from '../../lib/contract';

export interface GridSelection {
  /** Every result of the current query is selected. */
  all: boolean;
  selectAll(): void;
  clear(): void;
  /** Handles a click on row `index`; returns whether the click should open the event. */
  click(index: number, row: EventJson, e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): boolean;
  /** The keyboard cursor moved to `index`. */
  moveTo(index: number, row: EventJson): void;
}

export function useGridSelection(rowAt: (i: number) => EventJson | undefined, queryKey: string): GridSelection {
  const { selection, setSelection } = useApp();
  const [all, setAll] = useState(false);
  const anchor = useRef<number | null>(null);
  // A new query is a new result: "all results" meant the old one.
  useEffect(() => {
    setAll(false);
    anchor.current = null;
  }, [queryKey]);

  const click = useCallback<GridSelection['click']>(
    (index, row, e) => {
      setAll(false);
      if (e.shiftKey && anchor.current !== null) {
        const [lo, hi] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
        const ids: number[] = [];
        for (let i = lo; i <= hi; i++) {
          const r = rowAt(i);
          if (r) ids.push(r.id);
        }
        setSelection(e.ctrlKey || e.metaKey ? [...new Set([...selection, ...ids])] : ids);
        return false;
      }
      anchor.current = index;
      if (e.ctrlKey || e.metaKey) {
        setSelection(selection.includes(row.id) ? selection.filter((x) => x !== row.id) : [...selection, row.id]);
        return false;
      }
      setSelection([row.id]);
      return true;
    },
    [rowAt, selection, setSelection],
  );
  const moveTo = useCallback<GridSelection['moveTo']>(
    (index, row) => {
      setAll(false);
      anchor.current = index;
      setSelection([row.id]);
    },
    [setSelection],
  );
  return {
    all,
    selectAll: () => setAll(true),
    clear: () => {
      setAll(false);
      setSelection([]);
    },
    click,
    moveTo,
  };
}
