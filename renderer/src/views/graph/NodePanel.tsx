// The side panel of a clicked node: what it is, and where to go from it (blast radius, paths, identity,
// timeline, events).
import { useApp } from '../../app/store';
import { fmtTime } from '../../lib/time';
import { n } from '../../lib/format';
import { KIND_LABEL } from '../../lib/colors';
import type { ViewNode } from './model';

export function NodePanel({ node: x, onClose }: { node: ViewNode; onClose: () => void }) {
  const { go, tz } = useApp();
  const name = x.label;
  return (
    <aside className="split-side" aria-label="Graph selection" data-testid="graph-side">
      <div className="pane-bar">
        <span className="muted">{x.type}</span>
        <button type="button" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="side-body">
        <h2 className="mono wrap">{x.label}</h2>
        {(x.identityKind || x.kind) && (
          <p>
            <span className="badge kind nhi">{x.identityKind ? KIND_LABEL[x.identityKind] : x.kind}</span>
          </p>
        )}
        <p className="small">
          {x.events !== undefined ? `${n(x.events)} events` : ''}
          {x.first ? ` · first ${fmtTime(x.first, tz)}` : ''}
        </p>
        <div className="pivots">
          {x.type === 'identity' ? (
            <>
              <button type="button" className="primary" onClick={() => go('graph', { mode: 'scope', identity: name })}>
                Blast radius from here
              </button>
              <button type="button" onClick={() => go('graph', { mode: 'path', from: name })}>
                Paths from here
              </button>
              <button type="button" onClick={() => go('identities', { q: name })}>
                Identity
              </button>
              <button type="button" onClick={() => go('timeline', { lanes: 'session', identity: name })}>
                Timeline
              </button>
              <button type="button" onClick={() => go('events', { identity: name })}>
                Events
              </button>
            </>
          ) : x.type === 'resource' ? (
            <button type="button" className="primary" onClick={() => go('events', { resource: name })}>
              Events on this resource
            </button>
          ) : null}
        </div>
      </div>
    </aside>
  );
}
