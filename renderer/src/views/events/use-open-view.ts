// The saved view named in the route. `#/events?view=ID` alone opens it: its params, columns and colour rules; once
// open, the id stays in the route while the analyst refines it (Views → Update stores the changes).
import { useCallback, useEffect, useRef } from 'react';
import { useApp } from '../../app/store';
import { currentRoute } from '../../app/router';
import { useAsync, type AsyncState } from '../../lib/use-async';
import type { SavedView } from '../../lib/contract';
import { normalizeLayout, type Layout } from './columns';
import { filterParams, viewParams } from './filter';
import { viewRoute } from './SavedViews';

export function useOpenView(setLayout: (f: (l: Layout) => Layout) => void): {
  view: AsyncState<SavedView & { deleted: boolean }>;
  open: (v: SavedView) => void;
} {
  const { t, route, go } = useApp();
  const params = route.params;
  const view = useAsync(params.view ? () => t.call('views.get', { id: Number(params.view) }) : null, [t, params.view]);
  // A view is applied once per visit: ungrouping or removing its last filter later must not bring it back.
  const applied = useRef<number | null>(null);
  const open = useCallback(
    (v: SavedView) => {
      applied.current = v.id;
      if (v.columns.length) setLayout((l) => ({ ...l, columns: normalizeLayout(v.columns) }));
      go('events', viewRoute(v), { replace: currentRoute().params.view === String(v.id) });
    },
    [go, setLayout],
  );
  const bare = params.view !== undefined && filterParams(params).length === 0;
  useEffect(() => {
    const v = view.value;
    if (
      v &&
      bare &&
      applied.current !== v.id &&
      String(v.id) === currentRoute().params.view &&
      Object.keys(viewParams(v.params)).length > 0 // a search, filters, a sort or a grouping
    )
      open(v);
  }, [view.value, bare, open]);
  return { view, open };
}
