// The graph's toolbar: the mode (overview, blast radius, paths), the inputs of the mode (an identity and a time;
// from A to B and a time), fit and export.
import { useEffect, useState } from 'react';
import { useApp } from '../../app/store';
import { fmtTime, parseInZone, zoneLabel } from '../../lib/time';

export type GraphMode = 'overview' | 'scope' | 'path';

interface Props {
  mode: GraphMode;
  identities: string[];
  canExport: boolean;
  onPng: () => void;
  onSvg: () => void;
  onFit: () => void;
}

export function GraphToolbar({ mode, identities, canExport, onPng, onSvg, onFit }: Props) {
  const { route, setParams, tz } = useApp();
  const p = route.params;
  const [scopeInput, setScopeInput] = useState(p.identity ?? '');
  const [fromInput, setFromInput] = useState(p.from ?? '');
  const [toInput, setToInput] = useState(p.to ?? '');
  const [sinceInput, setSinceInput] = useState(p.since ? fmtTime(p.since, tz, { ms: false }) : '');
  useEffect(() => setScopeInput(p.identity ?? ''), [p.identity]);
  useEffect(() => setFromInput(p.from ?? ''), [p.from]);
  useEffect(() => setToInput(p.to ?? ''), [p.to]);
  useEffect(() => setSinceInput(p.since ? fmtTime(p.since, tz, { ms: false }) : ''), [p.since, tz]);
  const since = () => parseInZone(sinceInput, tz) ?? undefined;

  const sinceField = (
    <input
      value={sinceInput}
      onChange={(e) => setSinceInput(e.target.value)}
      placeholder={`since (${zoneLabel(tz)}) YYYY-MM-DD HH:MM`}
      aria-label="Since"
      className="time-input"
    />
  );
  const seg = (m: GraphMode, label: string, params: Record<string, string | undefined>) => (
    <button
      type="button"
      className={mode === m ? 'on' : ''}
      aria-pressed={mode === m}
      onClick={() => setParams(params)}
      data-testid={`graph-mode-${m}`}
    >
      {label}
    </button>
  );
  return (
    <div className="toolbar">
      <div className="seg" role="group" aria-label="Graph mode">
        {seg('overview', 'Overview', {
          mode: undefined,
          identity: undefined,
          from: undefined,
          to: undefined,
          since: undefined,
        })}
        {seg('scope', 'Blast radius', { mode: 'scope', focus: undefined, from: undefined, to: undefined })}
        {seg('path', 'Paths', { mode: 'path', focus: undefined, identity: undefined })}
      </div>
      <datalist id="ss-identities">
        {identities.slice(0, 500).map((x) => (
          <option key={x} value={x} />
        ))}
      </datalist>
      {mode === 'scope' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ mode: 'scope', identity: scopeInput.trim() || undefined, since: since(), focus: undefined });
          }}
        >
          <input
            list="ss-identities"
            value={scopeInput}
            onChange={(e) => setScopeInput(e.target.value)}
            placeholder="identity name or alias"
            aria-label="Scope from identity"
            data-testid="scope-identity"
          />
          {sinceField}
          <button type="submit" className="primary" disabled={!scopeInput.trim()}>
            Show blast radius
          </button>
        </form>
      )}
      {mode === 'path' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ mode: 'path', from: fromInput.trim(), to: toInput.trim(), since: since() });
          }}
        >
          <input
            list="ss-identities"
            value={fromInput}
            onChange={(e) => setFromInput(e.target.value)}
            placeholder="from identity"
            aria-label="Path from identity"
            data-testid="path-from"
          />
          <span aria-hidden="true">→</span>
          <input
            list="ss-identities"
            value={toInput}
            onChange={(e) => setToInput(e.target.value)}
            placeholder="to identity or resource"
            aria-label="Path to identity or resource"
            data-testid="path-to"
          />
          {sinceField}
          <button
            type="submit"
            className="primary"
            disabled={!fromInput.trim() || !toInput.trim()}
            data-testid="path-find"
          >
            Find paths
          </button>
        </form>
      )}
      <span className="grow" />
      <button type="button" onClick={onFit} disabled={!canExport} title="Show the whole graph (labels may get small)">
        Fit all
      </button>
      {/* Short labels: the path form and these share one row at 1280 px. */}
      <button type="button" onClick={onPng} disabled={!canExport} data-testid="export-png" title="Export PNG">
        PNG
      </button>
      <button type="button" onClick={onSvg} disabled={!canExport} data-testid="export-svg" title="Export SVG">
        SVG
      </button>
    </div>
  );
}
