// What the graph's marks mean, and what to do when there is nothing to draw.
import { LinkButton, Empty } from '../../components/ui';
import type { GraphMode } from './GraphToolbar';

export function GraphLegend({ mode }: { mode: GraphMode }) {
  return (
    <div className="legend small">
      <span className="lg">
        <i className="dot identity" aria-hidden="true" />
        identity
      </span>
      <span className="lg">
        <i className="dot resource" aria-hidden="true" />
        resource
      </span>
      <span className="lg">
        <i className="dot group" aria-hidden="true" />
        group of resources (click to expand)
      </span>
      <span className="lg">
        <i className="line idedge" aria-hidden="true" />
        assumed / federated / impersonated / minted / started a CI run
      </span>
      <span className="muted">
        {mode === 'overview'
          ? 'Left to right: who reached whom. Node size: events. Hover a node for its full name; click an edge for its events.'
          : 'Left to right in time: each node shows when it was reached. Hover a node for its full name; click an edge for its events.'}
      </span>
    </div>
  );
}

export function GraphEmpty({
  mode,
  ready,
  empty,
  noEvents,
  identities,
  onPick,
}: {
  mode: GraphMode;
  ready: boolean;
  empty: boolean;
  noEvents: boolean;
  identities: string[];
  onPick: (name: string) => void;
}) {
  if (!ready && mode === 'scope')
    return (
      <Empty title="Choose an identity">
        <p>
          Blast radius shows everything reachable from one identity forward in time — identities it became (assumed
          roles, minted keys, impersonation) and every resource touched, with first-touch times.
        </p>
        {identities.length > 0 && (
          <div className="chips">
            {identities.slice(0, 8).map((x) => (
              <LinkButton key={x} className="chip" onClick={() => onPick(x)}>
                {x}
              </LinkButton>
            ))}
          </div>
        )}
      </Empty>
    );
  if (!ready && mode === 'path')
    return (
      <Empty title="Choose where the paths start and end">
        <p>
          Paths shows how identity A could have reached identity or resource B: chains of assumed roles, federations,
          minted keys, impersonation and CI runs, each hop only after the one before it gave the credential.
        </p>
      </Empty>
    );
  if (!empty || mode === 'path') return null;
  return (
    <Empty title="Nothing to draw">
      <p>
        {noEvents
          ? 'Import evidence on the Case view first.'
          : mode === 'scope'
            ? 'This identity reached nothing after that time. Try an earlier “since”.'
            : 'No identities or resources were derived from the events yet.'}
      </p>
    </Empty>
  );
}
