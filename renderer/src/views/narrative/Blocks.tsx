// The narrative's blocks in order: text (markdown, edited in place), findings, live event lists (re-run every
// time), a session's events, the case timeline. Blocks move up and down; every change is audited.
import { useState } from 'react';
import { useAsync } from '../../lib/use-async';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { Finding, NarrativeBlock, Params } from '../../lib/contract';
import { fmtTime } from '../../lib/time';
import { CatBadge, LinkButton, Mono, Outcome } from '../../components/ui';
import { Markdown } from './Markdown';

function LiveEvents({ params }: { params: Record<string, unknown> }) {
  const { t, tz, openEvent, go, dataVersion } = useApp();
  // By value: a block's params arrive as a new object on every render. A block keeps the filter it was made with
  // (stored as given) or names a saved view, read again each time; events.list checks the filter on every run.
  const key = JSON.stringify(params);
  const loaded = useAsync(async () => {
    const p = JSON.parse(key) as Record<string, unknown>;
    const view = typeof p.view === 'number' ? await t.call('views.get', { id: p.view }) : null;
    const filter = (view?.filter ??
      p.filter ??
      (p.session ? { session: p.session } : {})) as Params<'events.list'>['filter'];
    const rows = await t.call('events.list', { filter, limit: Math.min(Number(p.limit ?? 50) || 50, 200) });
    return { view, rows };
  }, [t, key, dataVersion]);
  const err = loaded.error !== undefined ? errorText(loaded.error) : null;
  const rows = loaded.value?.rows;
  const view = loaded.value?.view;
  const head = view ? (
    <p className="small muted" data-testid="view-block-head">
      Saved view{' '}
      <button
        type="button"
        className="linklike"
        onClick={() => go('events', { ...view.params, view: String(view.id) })}
      >
        “{view.name}”
      </button>
      {view.deleted ? ' (deleted since)' : ''}
      {typeof view.filter.search === 'string' ? (
        <>
          {' '}
          · <span className="mono">{view.filter.search}</span>
        </>
      ) : null}{' '}
      · live: re-run each time it is shown
    </p>
  ) : null;
  if (err) return <p className="danger">{err}</p>;
  if (!rows) return <p className="muted">loading…</p>;
  if (rows.length === 0)
    return (
      <>
        {head}
        <p className="muted">No events match.</p>
      </>
    );
  return (
    <>
      {head}
      <ul className="cited" data-testid="live-events">
        {rows.map((e) => (
          <li key={e.id}>
            <button type="button" className="linklike" onClick={() => openEvent(e.id)}>
              <span className="mono small">{fmtTime(e.ts, tz)}</span>
            </button>{' '}
            <CatBadge category={e.category} /> <Mono value={e.identity ?? e.principal} max={30} copy={false} />{' '}
            <Mono value={e.action} max={30} copy={false} /> <Outcome outcome={e.outcome} code={e.error_code} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function Blocks({
  blocks,
  findings,
  onSelectFinding,
  onChanged,
}: {
  blocks: NarrativeBlock[];
  findings: Finding[];
  onSelectFinding: (id: number) => void;
  onChanged: () => void;
}) {
  const { t, selection, bump, dataVersion } = useApp();
  const views = useAsync(() => t.call('views.list', {}), [t, dataVersion]);
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState({ title: '', body: '' });
  const [err, setErr] = useState<string | null>(null);
  const run = async <R,>(call: () => Promise<R>) => {
    try {
      await call();
      setErr(null);
      bump();
      onChanged();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const fTitle = (id: number | null) => findings.find((f) => f.id === id);

  return (
    <div className="blocks">
      {err && (
        <p className="danger" role="alert">
          {err}
        </p>
      )}
      {blocks.length === 0 && (
        <p className="muted">
          The narrative is empty. Findings not placed here still appear in the report, most severe first; add text to
          tell the story around them.
        </p>
      )}
      {blocks.map((b, i) => (
        <article key={b.id} className={`block block-${b.kind}`} data-testid={`block-${b.id}`}>
          <header className="row">
            <span className="badge">{b.kind.replace('_', ' ')}</span>
            <strong className="grow wrap">
              {b.kind === 'finding' ? (fTitle(b.finding_id)?.title ?? `finding ${b.finding_id}`) : b.title}
            </strong>
            <button
              type="button"
              disabled={i === 0}
              onClick={() => void run(() => t.call('narrative.move', { id: b.id, position: i }))}
              aria-label="Move up"
            >
              ↑
            </button>
            <button
              type="button"
              disabled={i === blocks.length - 1}
              onClick={() => void run(() => t.call('narrative.move', { id: b.id, position: i + 2 }))}
              aria-label="Move down"
            >
              ↓
            </button>
            {b.kind === 'text' && (
              <button
                type="button"
                onClick={() => {
                  setEditing(b.id);
                  setDraft({ title: b.title, body: b.body });
                }}
              >
                Edit
              </button>
            )}
            <button
              type="button"
              onClick={() => void run(() => t.call('narrative.delete', { id: b.id }))}
              aria-label="Remove block"
            >
              ✕
            </button>
          </header>
          {editing === b.id ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => t.call('narrative.update', { id: b.id, title: draft.title, body: draft.body })).then(
                  () => setEditing(null),
                );
              }}
            >
              <input
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.target.value })}
                placeholder="Heading"
                aria-label="Heading"
              />
              <textarea
                rows={6}
                value={draft.body}
                onChange={(e) => setDraft({ ...draft, body: e.target.value })}
                aria-label="Text (markdown)"
              />
              <div className="row">
                <button type="submit" className="primary">
                  Save
                </button>
                <button type="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : b.kind === 'text' ? (
            <Markdown text={b.body} />
          ) : b.kind === 'finding' ? (
            <LinkButton onClick={() => onSelectFinding(b.finding_id!)}>
              open finding ({fTitle(b.finding_id)?.cited ?? 0} cited)
            </LinkButton>
          ) : b.kind === 'events' || b.kind === 'session_timeline' ? (
            <>
              <Markdown text={b.body} />
              <LiveEvents params={b.params} />
            </>
          ) : b.kind === 'case_timeline' ? (
            <p className="muted">The curated case timeline goes here in the report.</p>
          ) : (
            <p className="muted">Scope graph of {String(b.params.identity ?? '?')} in the report.</p>
          )}
        </article>
      ))}
      <div className="row add-blocks">
        <button
          type="button"
          onClick={() => void run(() => t.call('narrative.add', { kind: 'text', title: 'New section', body: '' }))}
        >
          + Text
        </button>
        <select
          value=""
          onChange={(e) => {
            if (e.target.value)
              void run(() => t.call('narrative.add', { kind: 'finding', finding_id: Number(e.target.value) }));
          }}
          aria-label="Add a finding block"
        >
          <option value="">+ Finding…</option>
          {findings.map((f) => (
            <option key={f.id} value={String(f.id)}>
              {f.title}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={selection.length === 0}
          title="A live list of the selected events"
          onClick={() =>
            void run(() =>
              t.call('narrative.add', {
                kind: 'events',
                title: 'Selected events',
                params: { filter: { ids: selection.slice(0, 10_000) } },
              }),
            )
          }
        >
          + Selected events
        </button>
        <select
          value=""
          onChange={(e) => {
            const v = views.value?.find((x) => String(x.id) === e.target.value);
            if (v) void run(() => t.call('narrative.add', { kind: 'events', title: v.name, params: { view: v.id } }));
          }}
          aria-label="Add a saved view block"
          data-testid="add-view-block"
        >
          <option value="">+ Saved view…</option>
          {views.value?.map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => void run(() => t.call('narrative.add', { kind: 'case_timeline', title: 'Case timeline' }))}
        >
          + Case timeline
        </button>
      </div>
    </div>
  );
}
