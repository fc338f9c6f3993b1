// One finding: its claim (title, severity, status, description, framework references), its tags and the events
// and analyst events cited for it — each a click from its detail — and its audited history.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime } from '../../lib/time';
import { CatBadge, ErrorBox, LinkButton, Mono, Outcome } from '../../components/ui';
import { Markdown } from './Markdown';
import { History } from './History';
import { FINDING_STATUSES, SEVERITIES } from '../../lib/colors';
import type { FindingStatus, Params, Reference, Severity } from '../../lib/contract';

export function FindingEditor({
  id,
  references,
  onChanged,
}: {
  id: number;
  references: Reference[];
  onChanged: () => void;
}) {
  const { t, tz, openEvent, setSelection, dataVersion, bump } = useApp();
  const loaded = useAsync(() => t.call('findings.get', { id }), [t, id, dataVersion]);
  const f = loaded.value ?? null;
  // A failed change is shown until the finding is read again (another finding, or the case changed).
  const [updateErr, setUpdateErr] = useState<string | null>(null);
  useEffect(() => setUpdateErr(null), [t, id, dataVersion]);
  const err = updateErr ?? (loaded.error === undefined ? null : errorText(loaded.error));
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ title: '', body: '', refs: '' });

  if (err) return <ErrorBox what={`Finding ${id}`} error={err} />;
  if (!f) return null;
  const update = async (patch: Omit<Params<'findings.update'>, 'id'>) => {
    try {
      await t.call('findings.update', { id, ...patch });
      bump();
      onChanged();
    } catch (e) {
      setUpdateErr(errorText(e));
    }
  };
  const refTitle = (r: string) => references.find((x) => x.id === r)?.title;

  return (
    <div className="finding-editor" data-testid="finding-editor">
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void update({
              title: draft.title,
              body: draft.body,
              refs: draft.refs
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            }).then(() => setEditing(false));
          }}
        >
          <label>
            Title <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
          </label>
          <label>
            Description (markdown, shown as text){' '}
            <textarea rows={6} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          </label>
          <label>
            References{' '}
            <input
              value={draft.refs}
              onChange={(e) => setDraft({ ...draft, refs: e.target.value })}
              list="ss-references"
              placeholder="NHI5, DE.AE-02, ASI03"
            />
          </label>
          <datalist id="ss-references">
            {references.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </datalist>
          <div className="row">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <h2 className="wrap">{f.title}</h2>
          <div className="row">
            <select
              value={f.severity}
              onChange={(e) => void update({ severity: e.target.value as Severity })}
              aria-label="Severity"
              className={`sev-select sev-${f.severity}`}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <select
              value={f.status}
              onChange={(e) => void update({ status: e.target.value as FindingStatus })}
              aria-label="Status"
            >
              {FINDING_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <span className="badge">{f.layer}</span>
            <LinkButton
              onClick={() => {
                setDraft({ title: f.title, body: f.body, refs: f.refs.join(', ') });
                setEditing(true);
              }}
            >
              edit
            </LinkButton>
          </div>
          {f.refs.length > 0 && (
            <ul className="refs">
              {f.refs.map((r) => (
                <li key={r}>
                  <strong>{r}</strong> {refTitle(r) ?? ''}
                </li>
              ))}
            </ul>
          )}
          {f.tags.length > 0 && (
            <div className="flags">
              {f.tags.map((x) => (
                <span key={x} className="badge">
                  {x}
                </span>
              ))}
            </div>
          )}
          <Markdown text={f.body} />
        </>
      )}
      <h3>Cited events ({f.events.length})</h3>
      {f.events.length > 0 && (
        <div className="row">
          <LinkButton onClick={() => setSelection(f.events.map((e) => e.id))}>
            select them (highlights in grid and timeline)
          </LinkButton>
        </div>
      )}
      <ul className="cited">
        {f.events.map((e) => (
          <li key={e.id}>
            <button type="button" className="linklike" onClick={() => openEvent(e.id)} title="Open the event">
              <span className="mono small">{fmtTime(e.ts, tz)}</span>
            </button>{' '}
            <CatBadge category={e.category} /> <Mono value={e.action} max={34} copy={false} />{' '}
            <Mono value={e.resource} max={40} copy={false} /> <Outcome outcome={e.outcome} code={e.error_code} />
            {e.citation.caption && <div className="small muted">{e.citation.caption}</div>}
          </li>
        ))}
      </ul>
      {f.manual.length > 0 && (
        <>
          <h3>Analyst events</h3>
          <ul className="cited">
            {f.manual.map((m) => (
              <li key={m.id}>
                <span className="mono small">{fmtTime(m.ts, tz)}</span> ◆ {m.kind}: {m.title}
              </li>
            ))}
          </ul>
        </>
      )}
      {f.missing.length > 0 && (
        <p className="danger">{f.missing.length} cited event(s) are no longer in the case — run verify.</p>
      )}
      <h3>History</h3>
      <History entity="finding" id={f.id} />
    </div>
  );
}
