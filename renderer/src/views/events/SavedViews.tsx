// Saved views: name the current search, column filters, time window, columns and colour rules; list, open,
// rename, delete, and place one in the narrative as a live block. Every change is one audited call. A view opens
// from this menu or from a URL fragment (#/events?view=ID).
import { useState } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import type { ColorRule, SavedView } from '../../lib/contract';
import type { Layout } from './columns';
import { buildFilter, viewParams } from './filter';

export function viewRoute(v: SavedView): Record<string, string> {
  return { ...v.params, view: String(v.id) };
}

export function SavedViews({
  layout,
  rules,
  onClose,
  onOpen,
}: {
  layout: Layout;
  rules: ColorRule[];
  onClose: () => void;
  onOpen: (v: SavedView) => void;
}) {
  const { t, route, dataVersion, bump } = useApp();
  const list = useAsync(() => t.call('views.list', {}), [t, dataVersion]);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const openId = route.params.view ? Number(route.params.view) : null;

  const run = async (what: () => Promise<unknown>, ok: string) => {
    setMsg(null);
    try {
      await what();
      setMsg({ text: ok, error: false });
      bump();
      list.reload();
    } catch (e) {
      setMsg({ text: errorText(e), error: true });
    }
  };
  const current = () => {
    const params = viewParams(route.params);
    return { params, filter: buildFilter(params), columns: layout.columns, color_rules: rules };
  };

  return (
    <div className="popover views-menu" role="dialog" aria-label="Saved views" data-testid="views-menu">
      <div className="row">
        <strong>Saved views</strong>
        <span className="grow" />
        <button type="button" className="linklike" onClick={onClose}>
          close
        </button>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim())
            void run(async () => {
              const v = await t.call('views.save', { name: name.trim(), ...current() });
              setName('');
              onOpen(v);
            }, `Saved “${name.trim()}”`);
        }}
      >
        <input
          className="grow"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="name this search, filters, window, columns and colours"
          aria-label="Name of the new saved view"
          data-testid="view-name"
        />
        <button type="submit" className="primary" disabled={!name.trim()}>
          Save view
        </button>
      </form>
      {list.error !== undefined && <div className="danger small">{errorText(list.error)}</div>}
      {list.value?.length === 0 && <p className="muted small">No saved views yet.</p>}
      <ul className="views-list">
        {list.value?.map((v) => (
          <li key={v.id} className={v.id === openId ? 'current' : undefined}>
            {renaming?.id === v.id ? (
              <form
                className="row grow"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() => t.call('views.rename', { id: v.id, name: renaming.name }), 'Renamed');
                  setRenaming(null);
                }}
              >
                <input
                  className="grow"
                  value={renaming.name}
                  onChange={(e) => setRenaming({ id: v.id, name: e.target.value })}
                  aria-label="New name"
                  autoFocus
                />
                <button type="submit">OK</button>
              </form>
            ) : (
              <button
                type="button"
                className="linklike grow"
                onClick={() => onOpen(v)}
                title={v.filter.search as string | undefined}
              >
                {v.name}
              </button>
            )}
            <span className="muted small mono">#{v.id}</span>
            {v.id === openId && (
              <button
                type="button"
                title="Store the current search, filters, columns and colours in this view"
                onClick={() =>
                  void run(() => t.call('views.save', { id: v.id, name: v.name, ...current() }), 'Updated')
                }
              >
                Update
              </button>
            )}
            <button
              type="button"
              title="A live block in the narrative; the report prints its rows as of report time"
              onClick={() =>
                void run(
                  () => t.call('narrative.add', { kind: 'events', title: v.name, params: { view: v.id } }),
                  `“${v.name}” added to the narrative`,
                )
              }
            >
              To narrative
            </button>
            <button type="button" onClick={() => setRenaming({ id: v.id, name: v.name })}>
              Rename
            </button>
            <button
              type="button"
              onClick={() => {
                if (window.confirm(`Delete the saved view “${v.name}”? Narrative blocks that show it will say so.`))
                  void run(() => t.call('views.delete', { id: v.id }), `Deleted “${v.name}”`);
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      {msg && (
        <div className={msg.error ? 'danger small' : 'muted small'} role="status" data-testid="views-status">
          {msg.text}
        </div>
      )}
    </div>
  );
}
