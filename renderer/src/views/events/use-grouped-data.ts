// The grouped grid's data for one column and query: a GroupedData, its first page of headers, reloaded when the
// query or the case's data change — keeping the groups the analyst had expanded (marking a group reloads).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { GroupedData, type GroupColumn } from './group-data';
import type { GridQuery } from './grid-data';

export function useGroupedData(
  column: GroupColumn | null,
  q: GridQuery,
): { grouped: GroupedData | null; err: string | null } {
  const { t, dataVersion } = useApp();
  const [, setTick] = useState(0);
  const [err, setErr] = useState<string | null>(null);
  const last = useRef<GroupedData | null>(null);
  const grouped = useMemo(() => {
    if (!column) return null;
    const prev = last.current;
    const same = prev && prev.column === column && prev.q === q;
    return new GroupedData(t, column, q, () => setTick((x) => x + 1), same ? prev.openKeys() : undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- dataVersion is the reload signal (imports, marks)
  }, [t, column, q, dataVersion]);
  last.current = grouped;
  useEffect(() => {
    setErr(null);
    if (!grouped) return;
    grouped.page(0).catch((e: unknown) => !grouped.disposed && setErr(errorText(e)));
    return () => grouped.dispose();
  }, [grouped]);
  const later = grouped?.error ?? grouped?.rowsError() ?? null;
  return { grouped, err: err ?? (later !== null ? errorText(later) : null) };
}
