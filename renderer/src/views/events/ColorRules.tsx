// Colour rules: a search → a row colour, the first matching rule wins. Kept in the case (grid.set_color_rules, one
// audited call), so the next analyst sees the same rows stand out; each search is checked before it is saved.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { ColorRule } from '../../lib/contract';

const SUGGESTED = ['#d62728', '#e8590c', '#2b8a3e', '#1f77b4', '#9467bd', '#c2255c'];

export function ColorRules({
  rules,
  onSaved,
  onClose,
}: {
  rules: ColorRule[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useApp();
  const [draft, setDraft] = useState<ColorRule[]>(rules);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => setDraft(rules), [rules]);
  const set = (i: number, patch: Partial<ColorRule>) =>
    setDraft((d) => d.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setBusy(true);
    setErr(null);
    try {
      await t.call('grid.set_color_rules', { rules: draft.filter((r) => r.query.trim()) });
      onSaved();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="popover color-rules" role="dialog" aria-label="Colour rules" data-testid="color-rules">
      <div className="row">
        <strong>Colour rules</strong>
        <span className="muted small">a search → a row colour; the first match wins; kept in the case</span>
        <span className="grow" />
        <button type="button" className="linklike" onClick={onClose}>
          close
        </button>
      </div>
      {draft.map((r, i) => (
        <div key={i} className="row">
          <input
            type="color"
            value={r.color}
            onChange={(e) => set(i, { color: e.target.value })}
            aria-label={`Colour of rule ${i + 1}`}
          />
          <input
            className="grow mono"
            value={r.query}
            onChange={(e) => set(i, { query: e.target.value })}
            placeholder="a search, e.g. outcome:failure"
            aria-label={`Search of rule ${i + 1}`}
            spellCheck={false}
          />
          <button
            type="button"
            onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
            aria-label={`Remove rule ${i + 1}`}
          >
            ✕
          </button>
        </div>
      ))}
      <div className="row">
        <button
          type="button"
          onClick={() => setDraft((d) => [...d, { query: '', color: SUGGESTED[d.length % SUGGESTED.length] }])}
        >
          + Rule
        </button>
        <span className="grow" />
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          Save rules
        </button>
      </div>
      {err && (
        <div className="danger small" role="alert">
          {err}
        </div>
      )}
    </div>
  );
}
