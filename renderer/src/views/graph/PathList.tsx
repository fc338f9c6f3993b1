// The paths graph.path found, earliest arrival first: each hop (who → whom, how, when) a button that selects
// it on the graph and lists its events.
import { fmtTime, zoneLabel } from '../../lib/time';
import { middle, n, plural, shortName } from '../../lib/format';
import type { PathHopJson, PathResult } from '../../lib/contract';

/** A hop's count by the path's rule (the same words as the hop pane and `sessionscope path`). */
export function hopCount(h: PathHopJson, tz: string): string {
  const of = `${n(h.events)} of ${plural(h.edge_events, 'event')}`;
  return h.reachable === null ? of : `${of} at or after ${fmtTime(h.reachable, tz)}, when this hop became reachable`;
}

export function PathList({
  result,
  tz,
  selected,
  onHop,
}: {
  result: PathResult;
  tz: string;
  selected: string | null;
  onHop: (h: PathHopJson) => void;
}) {
  if (result.paths.length === 0)
    return (
      <p className="path-none" data-testid="path-none">
        No time-ordered path from <span className="mono">{result.from.names.join(', ')}</span> to{' '}
        <span className="mono">{result.to.name}</span>
        {result.since ? ` since ${fmtTime(result.since, tz, { ms: false })}` : ''}: no chain of identity edges leads
        there with each hop after the one before it.
      </p>
    );
  return (
    <div className="path-list" data-testid="path-list">
      <p className="small muted">
        {plural(result.paths.length, 'path')}, earliest arrival first{result.truncated ? ' (more exist)' : ''} · times{' '}
        {zoneLabel(tz)} · click a hop for its events
      </p>
      <ol>
        {result.paths.map((p, i) => (
          <li key={i} data-testid="path-item">
            <span className="small muted">
              {plural(p.hops.length, 'hop')} · arrives {fmtTime(p.arrival, tz, { ms: false })}
            </span>
            <div className="path-hops">
              <span className="mono" title={p.hops[0].from}>
                {middle(shortName(p.hops[0].from), 28)}
              </span>
              {p.hops.map((h) => (
                <span key={h.edge} className="path-hop">
                  <button
                    type="button"
                    className={`linkish small${selected === h.edge ? ' on' : ''}`}
                    onClick={() => onHop(h)}
                    data-testid="path-hop"
                    title={`${h.from} ${h.kind} ${h.to} at ${fmtTime(h.at, tz)} — ${hopCount(h, tz)} — show them`}
                  >
                    —{h.kind} {fmtTime(h.at, tz, { ms: false }).slice(11, 19)}→
                  </button>
                  <span className="mono" title={h.to}>
                    {middle(shortName(h.to), 28)}
                  </span>
                </span>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
