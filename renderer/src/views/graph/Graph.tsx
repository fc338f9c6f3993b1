// The graph view: three modes over one canvas. Overview — identities and resources with their edges (big graphs
// grouped by service; click a group to expand it). Blast radius — everything reachable from an identity forward
// in time, left to right in reach order, with a slider over the scope's period. Paths — how identity A could
// have reached identity or resource B in time order, each hop clickable to its events. Click any edge for its
// events; export PNG and SVG. Layout: layout.ts; drawing: GraphCanvas.tsx.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Core } from 'cytoscape';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { plural } from '../../lib/format';
import type { PathHopJson, PathResult } from '../../lib/contract';
import { ErrorBox, Spinner } from '../../components/ui';
import { aggregate, pathGraph, viewGraph, type ViewGraph, type ViewNode } from './model';
import { GraphCanvas } from './GraphCanvas';
import { EdgePanel, type EdgeSelection } from './EdgePanel';
import { NodePanel } from './NodePanel';
import { PathList } from './PathList';
import { GraphToolbar, type GraphMode } from './GraphToolbar';
import { TimeSlider } from './TimeSlider';
import { GraphEmpty, GraphLegend } from './GraphLegend';
import { exportPng, exportSvg } from './export';

/** Past this many nodes the view groups resources by service itself (the core groups past max_nodes). */
const AGGREGATE_OVER = 400;

type Loaded = { graph: ViewGraph; path: PathResult | null };

export function GraphView() {
  const { t, route, setParams, tz, theme, dataVersion, setStatus, info } = useApp();
  const p = route.params;
  const mode: GraphMode = p.mode === 'scope' ? 'scope' : p.mode === 'path' ? 'path' : 'overview';
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [services, setServices] = useState<string[]>([]);
  const [sel, setSel] = useState<EdgeSelection | { kind: 'node'; node: ViewNode } | null>(null);
  const [cutoff, setCutoff] = useState<number | null>(null);
  const cyRef = useRef<Core | null>(null);

  const identities = useAsync(
    () =>
      // Names only: no aliases (the whole list's aliases are most of its cost on a large case).
      t.call('identities.list', { aliases: 0 }).then((r) =>
        r
          .slice()
          .sort((a, b) => Number(b.nhi) - Number(a.nhi) || b.events - a.events)
          .map((i) => i.name),
      ),
    [t, dataVersion],
  );

  const ready = mode === 'overview' || (mode === 'scope' ? !!p.identity : !!p.from && !!p.to);
  const loaded = useAsync<Loaded>(
    ready
      ? async () => {
          if (mode === 'overview') {
            const g = await t.call('graph.overview', {
              max_nodes: 300,
              ...(services.length ? { expand: services } : {}),
              ...(p.focus ? { focus: p.focus } : {}),
            });
            return { graph: viewGraph(g), path: null };
          }
          if (mode === 'scope') {
            const g = await t.call('graph.scope', {
              identity: p.identity!,
              ...(p.since ? { since: p.since } : {}),
              max_nodes: 300,
            });
            return { graph: viewGraph(g), path: null };
          }
          const r = await t.call('graph.path', { from: p.from!, to: p.to!, ...(p.since ? { since: p.since } : {}) });
          return { graph: pathGraph(r), path: r };
        }
      : null,
    [t, mode, p.identity, p.since, p.from, p.to, p.focus, services, dataVersion],
  );

  useEffect(() => {
    setSel(null);
    setCutoff(null);
  }, [loaded.value]);
  useEffect(() => {
    setServices([]);
    setExpanded(new Set());
  }, [mode, dataVersion]);

  const graph = loaded.value?.graph ?? null;
  // Services opened in the core stay open here too (one click opens a group, not two).
  const shown = useMemo(
    () =>
      graph
        ? aggregate(graph, AGGREGATE_OVER, new Set([...expanded, ...services.map((s) => `cg:${s}`)]), p.focus)
        : null,
    [graph, expanded, services, p.focus],
  );

  useEffect(() => {
    if (!shown) return;
    setStatus(
      `${plural(shown.nodes.length, 'node')} · ${plural(shown.edges.length, 'edge')}${shown.aggregated ? ' · resources grouped by service (click a group to expand)' : ''}${graph?.omitted ? ` · ${plural(graph.omitted, 'quieter identity', 'quieter identities')} left out` : ''}`,
    );
    return () => setStatus('');
  }, [shown, graph, setStatus]);

  const onNode = useCallback(
    (x: ViewNode) => {
      if (x.type === 'group') {
        // A group the core made (g:<service>) is fetched open; one the view made (cg:…) opens in place.
        if (x.id.startsWith('g:')) setServices((s) => [...new Set([...s, x.id.slice(2)])]);
        else setExpanded((s) => new Set([...s, x.id]));
        return;
      }
      setSel({ kind: 'node', node: x });
    },
    [setServices],
  );
  const onEdge = useCallback(
    (e: EdgeSelection['edge']) =>
      setSel({
        kind: 'edge',
        edge: e,
        source: shown?.nodes.find((x) => x.id === e.source),
        target: shown?.nodes.find((x) => x.id === e.target),
      }),
    [shown],
  );
  const onHop = (h: PathHopJson) => {
    const e = shown?.edges.find((x) => x.id === h.edge);
    if (!e) return;
    setSel({
      kind: 'edge',
      edge: e,
      source: shown?.nodes.find((x) => x.id === e.source),
      target: shown?.nodes.find((x) => x.id === e.target),
      hopEvent: h.event,
    });
  };

  const exportName = `sessionscope-graph-${mode}`;
  const title = `SessionScope graph (${mode}${p.identity ? ': ' + p.identity : ''}${p.from ? `: ${p.from} → ${p.to}` : ''})`;
  const err = loaded.error !== undefined ? errorText(loaded.error) : null;
  const period = graph?.period ? { min: Date.parse(graph.period.from), max: Date.parse(graph.period.to) } : null;

  return (
    <div className="view graph-view split" data-testid="graph-view">
      <div className="split-main">
        <GraphToolbar
          mode={mode}
          identities={identities.value ?? []}
          canExport={!!shown && shown.nodes.length > 0}
          onPng={() => cyRef.current && exportPng(cyRef.current, exportName)}
          onSvg={() => cyRef.current && exportSvg(cyRef.current, exportName, title)}
          onFit={() => cyRef.current?.fit(undefined, 30)}
        />
        {mode === 'scope' && period && period.max > period.min && (
          <TimeSlider min={period.min} max={period.max} value={cutoff} onChange={setCutoff} tz={tz} />
        )}
        {mode === 'path' && loaded.value?.path && (
          <PathList
            result={loaded.value.path}
            tz={tz}
            selected={sel?.kind === 'edge' ? sel.edge.id : null}
            onHop={onHop}
          />
        )}
        {err && <ErrorBox what="Graph" error={err} />}
        {identities.error !== undefined && <ErrorBox what="Identities" error={errorText(identities.error)} />}
        <div className="graph-wrap">
          {loaded.loading && (
            <div className="graph-loading">
              <Spinner label="Loading graph" />
            </div>
          )}
          <GraphEmpty
            mode={mode}
            ready={ready}
            empty={!!shown && shown.nodes.length === 0 && !loaded.loading}
            noEvents={!!info && info.events === 0}
            identities={identities.value ?? []}
            onPick={(x) => setParams({ mode: 'scope', identity: x, focus: undefined })}
          />
          {shown && shown.nodes.length > 0 && (
            <GraphCanvas
              graph={shown}
              timeOrdered={mode !== 'overview'}
              edgeLabels={mode === 'path'}
              focus={mode === 'overview' ? p.focus : undefined}
              highlight={sel?.kind === 'edge' ? [sel.edge.id] : undefined}
              cutoff={cutoff}
              tz={tz}
              theme={theme}
              onEdge={onEdge}
              onNode={onNode}
              cyRef={cyRef}
            />
          )}
        </div>
        <GraphLegend mode={mode} />
      </div>
      {sel?.kind === 'edge' && <EdgePanel sel={sel} onClose={() => setSel(null)} />}
      {sel?.kind === 'node' && <NodePanel node={sel.node} onClose={() => setSel(null)} />}
    </div>
  );
}
