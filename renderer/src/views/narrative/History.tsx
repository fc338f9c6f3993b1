// The audited history of one record (annotation, finding, manual event, block): who changed what, when (UTC),
// and what it was before — straight from the hash-chained audit log.
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime, zoneLabel } from '../../lib/time';
import type { AuditRow } from '../../lib/contract';

export function describeChange(r: AuditRow): string {
  const p = (r.params ?? {}) as Record<string, unknown>;
  const res = (r.result ?? {}) as Record<string, unknown>;
  const fields = Object.keys(p).filter((k) => k !== 'id' && k !== 'targets' && k !== 'filter');
  const before =
    res.before && typeof res.before === 'object'
      ? Object.entries(res.before as Record<string, unknown>)
          .map(([k, v]) => `${k} was ${JSON.stringify(v)}`)
          .join('; ')
      : '';
  return `${fields.map((k) => `${k}: ${JSON.stringify(p[k])}`).join(' · ')}${before ? ` (${before})` : ''}`;
}

export function History({
  entity,
  id,
}: {
  entity: 'annotation' | 'finding' | 'manual' | 'layer' | 'block';
  id: number;
}) {
  const { t, tz, dataVersion } = useApp();
  const history = useAsync(() => t.call('annotations.history', { entity, id }), [t, entity, id, dataVersion]);
  const rows = history.value ?? null;
  const err = history.error === undefined ? null : errorText(history.error);
  if (err) return <p className="danger">{err}</p>;
  if (!rows) return null;
  return (
    <ol className="history">
      {rows.map((r) => (
        <li key={r.seq}>
          <span className="mono small">#{r.seq}</span> <span className="mono small">{fmtTime(r.at, tz)}</span>{' '}
          <span className="muted small">{zoneLabel(tz)}</span> <strong>{r.analyst ?? '?'}</strong>{' '}
          <span className="mono">{r.method}</span>
          <div className="small muted wrap">{describeChange(r)}</div>
        </li>
      ))}
    </ol>
  );
}
