// Findings (most severe first) with a form for a new one, and the annotation layers: shown/hidden, colour.
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { n } from '../../lib/format';
import { SEVERITIES } from '../../lib/colors';
import type { Finding, Layer, Severity } from '../../lib/contract';

export function Sidebar({
  findings,
  layers,
  selected,
  onSelect,
  onChanged,
}: {
  findings: Finding[];
  layers: Layer[];
  selected: number | null;
  onSelect: (id: number) => void;
  onChanged: () => void;
}) {
  const { t, bump } = useApp();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [layerName, setLayerName] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const run = async <R,>(call: () => Promise<R>): Promise<R | null> => {
    try {
      const r = await call();
      setErr(null);
      bump();
      onChanged();
      return r;
    } catch (e) {
      setErr(errorText(e));
      return null;
    }
  };

  return (
    <aside className="nv-side">
      <h2>
        Findings <span className="muted small">{n(findings.length)}</span>
      </h2>
      <ul className="findings-list">
        {findings.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className={`finding-item${f.id === selected ? ' active' : ''}`}
              onClick={() => onSelect(f.id)}
              data-testid={`finding-${f.id}`}
            >
              <span className={`sev sev-${f.severity}`}>{f.severity}</span> <span className="wrap">{f.title}</span>
              <span className="muted small">
                {' '}
                · {f.status} · {n(f.cited)} cited
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="new-finding"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => t.call('findings.create', { title, severity, layer: 'findings' })).then((r) => {
            if (r) {
              setTitle('');
              onSelect(r.id);
            }
          });
        }}
      >
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="New finding title"
          aria-label="New finding title"
          required
        />
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} aria-label="Severity">
          {SEVERITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button type="submit">Add</button>
      </form>
      <h2>Layers</h2>
      <ul className="layers-list">
        {layers.map((l) => (
          <li key={l.id} className="row">
            <input
              type="color"
              value={l.color}
              aria-label={`Colour of layer ${l.name}`}
              onChange={(e) => void run(() => t.call('layers.update', { id: l.id, color: e.target.value }))}
            />
            <span className={`grow${l.hidden ? ' muted' : ''}`}>{l.name}</span>
            <label className="small">
              <input
                type="checkbox"
                checked={!l.hidden}
                onChange={(e) => void run(() => t.call('layers.update', { id: l.id, hidden: !e.target.checked }))}
              />{' '}
              shown
            </label>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => t.call('layers.create', { name: layerName })).then(() => setLayerName(''));
        }}
      >
        <input
          value={layerName}
          onChange={(e) => setLayerName(e.target.value)}
          placeholder="New layer (legal hold, hypothesis B)"
          aria-label="New layer name"
          required
        />
        <button type="submit">Add</button>
      </form>
      <p className="small muted">Hidden layers stay out of the report unless named when it is generated.</p>
      {err && (
        <p className="danger" role="alert">
          {err}
        </p>
      )}
    </aside>
  );
}
