// The side panel of a clicked edge (or a path's hop): who → whom, how, when, and the events behind it, each
// opening its detail; all of them in the events grid. A path's hop says its count by the path's rule — "2 of 11
// events at or after T (when this hop became reachable)" — and lists those first, the earlier ones after them,
// marked: they happened before the path reached the hop's source, so this path could not have used them.
import { useMemo } from 'react';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { fmtTime, isoKey, zoneLabel } from '../../lib/time';
import { n, plural } from '../../lib/format';
import { ErrorBox, Mono, Outcome, Spinner } from '../../components/ui';
import type { Result } from '../../lib/contract';
import type { ViewEdge, ViewNode } from './model';

type EventRow = Result<'events.list'>[number];

export interface EdgeSelection {
  kind: 'edge';
  edge: ViewEdge;
  source: ViewNode | undefined;
  target: ViewNode | undefined;
  /** A path's hop: its own event, marked in the list. */
  hopEvent?: number;
}

export function EdgePanel({ sel, onClose }: { sel: EdgeSelection; onClose: () => void }) {
  const { t, go, tz, openEvent } = useApp();
  const e = sel.edge;

  // An identity → resource edge opens in the grid as that identity's events on that resource.
  const gridFilter = useMemo(() => {
    const src = sel.source;
    const dst = sel.target;
    if (src?.type === 'identity' && dst?.type === 'resource') return { identity: src.label, resource: dst.label };
    return null;
  }, [sel]);

  const loaded = useAsync(async () => {
    // An edge into a group the view made stands for several core edges: list some of each.
    const members = e.members ? e.members.slice(0, 20) : [e];
    const ids: number[] = [];
    let total = 0;
    for (const m of members) {
      const r = await t.call('graph.edgeEvents', { edge: m.id, limit: e.members ? 50 : 200 });
      ids.push(...r.ids);
      total += r.total;
    }
    const rows = ids.length ? await t.call('events.list', { filter: { ids: ids.slice(0, 1000) }, limit: 1000 }) : [];
    return { rows, total };
  }, [t, e]);
  const total = loaded.value?.total ?? null;
  const reachable = e.hop?.reachable ?? null;
  const hop = e.hop && reachable !== null ? { total: e.hop.total, reachable } : null;
  // A hop: the events it could use first, in time order; then the ones before it became reachable.
  const split = useMemo(() => {
    const rows = loaded.value?.rows ?? null;
    if (!rows) return null;
    const sorted = rows
      .slice()
      .sort((a, b) => (isoKey(a.ts) < isoKey(b.ts) ? -1 : isoKey(a.ts) > isoKey(b.ts) ? 1 : a.id - b.id));
    if (reachable === null) return { usable: sorted, earlier: [] };
    const from = isoKey(reachable);
    return { usable: sorted.filter((x) => isoKey(x.ts) >= from), earlier: sorted.filter((x) => isoKey(x.ts) < from) };
  }, [loaded.value, reachable]);
  const events = split ? [...split.usable, ...split.earlier] : null;

  const row = (x: EventRow, earlier: boolean) => (
    <tr
      key={x.id}
      className={`clickable${x.id === sel.hopEvent ? ' selected' : ''}${earlier ? ' earlier' : ''}`}
      onClick={() => openEvent(x.id)}
      data-testid="edge-event-row"
      title={
        x.id === sel.hopEvent
          ? 'The event this hop of the path used'
          : earlier
            ? 'Before this hop became reachable: this path could not have used it'
            : undefined
      }
    >
      <td className="mono" title={fmtTime(x.ts, tz)}>
        {fmtTime(x.ts, tz).slice(5)}
      </td>
      <td>
        <Mono value={x.action} max={34} copy={false} />
      </td>
      <td>
        <Outcome outcome={x.outcome} />
      </td>
    </tr>
  );

  const openAll = async () => {
    if (gridFilter) {
      go('events', gridFilter);
      return;
    }
    const r = await t.call('graph.edgeEvents', { edge: e.id, limit: 2000 });
    go('events', { ids: r.ids.join(',') });
  };

  return (
    <aside className="split-side" aria-label="Edge events" data-testid="edge-panel">
      <div className="pane-bar">
        <span className="muted">{sel.hopEvent !== undefined ? 'Hop' : 'Edge'}</span>
        <button type="button" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="side-body">
        <h2 className="wrap">
          <span className="mono">{sel.source?.label ?? e.source}</span> →{' '}
          <span className="mono">{sel.target?.label ?? e.target}</span>
        </h2>
        <p className="small" data-testid="edge-summary">
          {e.kind ? `${e.kind} · ` : ''}
          {hop ? (
            <>
              <strong>
                {n(e.count)} of {plural(hop.total, 'event')}
              </strong>{' '}
              at or after {fmtTime(hop.reachable, tz)} (when this hop became reachable) · first usable{' '}
              {fmtTime(e.first, tz)}
            </>
          ) : (
            <>
              {plural(e.hop ? e.hop.total : e.count, 'event')} · first {fmtTime(e.first, tz)}
            </>
          )}
          {e.last ? ` · last ${fmtTime(e.last, tz)}` : ''}
        </p>
        {e.actions && e.actions.length > 0 && (
          <p className="small mono wrap">
            {e.actions.slice(0, 12).join(', ')}
            {e.actions.length > 12 ? '…' : ''}
          </p>
        )}
        {events && events.length > 0 && (
          <div className="pivots">
            <button type="button" className="primary" onClick={() => void openAll()} data-testid="edge-open-grid">
              Open {gridFilter || (total ?? 0) <= 2000 ? 'all' : 'the first 2,000'} in the events grid
            </button>
          </div>
        )}
        {loaded.error !== undefined && <ErrorBox what="Edge events" error={errorText(loaded.error)} />}
        {loaded.error !== undefined ? null : !events ? (
          <Spinner label="Loading edge events" />
        ) : events.length === 0 ? (
          <p className="muted small">No events listed for this edge.</p>
        ) : (
          <>
            <h3>
              Events{' '}
              <span className="muted">
                · {events.length < (total ?? 0) ? `first ${n(events.length)} of ${n(total)}` : n(events.length)}
              </span>
            </h3>
            <table className="grid-table small edge-events" data-testid="edge-events">
              <colgroup>
                <col className="c-time" />
                <col />
                <col className="c-outcome" />
              </colgroup>
              <thead>
                <tr>
                  <th>Time ({zoneLabel(tz)})</th>
                  <th>Action</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {split!.usable.map((x) => row(x, false))}
                {split!.earlier.length > 0 && (
                  <tr className="edge-events-split" data-testid="edge-earlier">
                    <td colSpan={3}>
                      {plural(split!.earlier.length, 'earlier event')} — before {fmtTime(hop!.reachable, tz)}, when this
                      hop was not yet reachable on this path
                    </td>
                  </tr>
                )}
                {split!.earlier.map((x) => row(x, true))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </aside>
  );
}
