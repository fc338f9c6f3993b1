// The machine layer "detections" on one event: the Sigma rules that matched it (alone or in a correlation),
// each with its author and link; a click opens the match in the Detections view.
import { useApp } from '../../app/store';
import { Mono } from '../../components/ui';
import { useAsync } from '../../lib/use-async';

export function EventDetections({ id }: { id: number }) {
  const { t, go, dataVersion } = useApp();
  // None shown when the layer cannot be read: the event detail stands without it.
  const layer = useAsync(() => t.call('detections.layer', { ids: [id] }), [t, id, dataVersion]);
  const entries = layer.value?.events[String(id)] ?? [];
  if (entries.length === 0) return null;
  return (
    <div className="event-detections" data-testid="event-detections">
      <h3>Detections · machine layer</h3>
      <ul className="reasons">
        {entries.map((e) => (
          <li key={e.match}>
            <span className={`badge level level-${e.rule.level ?? 'none'}`}>{e.rule.level ?? 'no level'}</span>{' '}
            <button type="button" className="link" onClick={() => go('detections', { rule: e.rule.id })}>
              {e.rule.title}
            </button>
            {e.kind === 'correlation' ? ' (correlation)' : ''}
            <div className="small muted">
              rule by {e.rule.author ?? 'an unnamed author'} · {e.rule.license ?? 'licence not stated'} ·{' '}
              <Mono value={e.rule.url} max={40} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
