// The grid's data source for one query: a GridData (sparse row cache over keyset pages), its first page and its
// count, reloaded when the query or the case's data change. GridData drops answers after dispose().
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { GridData, type GridQuery } from './grid-data';
import { publishProbe } from '../../lib/test-probe';

export function useGridData(q: GridQuery): { data: GridData; err: string | null; firstRowsMs: number | null } {
  const { t, dataVersion } = useApp();
  const [, setTick] = useState(0);
  const [err, setErr] = useState<string | null>(null);
  const [firstRowsMs, setFirstRowsMs] = useState<number | null>(null);
  const data = useMemo(
    () => new GridData(t, q, () => setTick((x) => x + 1)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- dataVersion is the reload signal: a new GridData refetches after imports, derivation and marks
    [t, q, dataVersion],
  );
  useEffect(() => {
    setErr(null);
    setFirstRowsMs(null);
    const t0 = performance.now();
    data.page(0).then(
      () => {
        if (data.disposed) return;
        const ms = performance.now() - t0;
        setFirstRowsMs(ms);
        publishProbe('grid', { firstRowsMs: ms });
      },
      (e) => !data.disposed && setErr(errorText(e)),
    );
    data.count().catch((e) => !data.disposed && setErr(errorText(e)));
    return () => data.dispose();
  }, [data]);
  return { data, err: err ?? (data.error !== null ? errorText(data.error) : null), firstRowsMs };
}
