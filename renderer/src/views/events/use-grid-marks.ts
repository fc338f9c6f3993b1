// Tags, layer colours and the matching colour rule of the rows on screen (grid.marks), fetched a screenful at a
// time and kept until the rules or the case's data change. An answer for an older cache is written into that
// cache, which nobody reads any more: no guard flag needed.
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { GridMark } from '../../lib/contract';

const DEBOUNCE_MS = 80;
const MAX_IDS = 2000;

interface Cache {
  marks: Map<number, GridMark>;
  /** Ids asked for (with or without marks). */
  asked: Set<number>;
}

export function useGridMarks(ids: number[], rules: string[]): { marks: Map<number, GridMark>; error: string | null } {
  const { t, dataVersion } = useApp();
  const rulesKey = JSON.stringify(rules);
  // A new cache whenever what a mark depends on changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rulesKey and dataVersion are the reset signals
  const cache = useMemo<Cache>(() => ({ marks: new Map(), asked: new Set() }), [t, rulesKey, dataVersion]);
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const idsKey = ids.join(',');

  useEffect(() => {
    const missing = ids.filter((id) => !cache.asked.has(id)).slice(0, MAX_IDS);
    if (missing.length === 0) return;
    const timer = setTimeout(() => {
      for (const id of missing) cache.asked.add(id);
      t.call('grid.marks', { ids: missing, rules: JSON.parse(rulesKey) as string[] }).then(
        (r) => {
          for (const m of r) cache.marks.set(m.id, m);
          setError(null);
          setTick((x) => x + 1);
        },
        (e) => {
          for (const id of missing) cache.asked.delete(id);
          setError(errorText(e));
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- idsKey stands for ids
  }, [cache, idsKey, t, rulesKey]);

  return { marks: cache.marks, error };
}
