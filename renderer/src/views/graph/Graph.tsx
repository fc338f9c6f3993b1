// The graph (cytoscape): identities and resources, edges with counts and first/last times. Overview with a
// force layout (fcose); scope / blast-radius mode from an identity and a time, laid out left to right in time
// with a slider that replays the spread; big graphs aggregated by service (click a group to expand); click an
// edge for its events; export PNG and SVG.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useApp } from '../../app/store';
import { errorText } from '../../lib/api';
import type { EventJson } from '../../lib/contract';
import { fmtTime, parseInZone, zoneLabel } from '../../lib/time';
import { middle, n, plural, shortName } from '../../lib/format';
import { KIND_LABEL } from '../../lib/colors';
import { Empty, ErrorBox, LinkButton, Mono, Outcome, Spinner } from '../../components/ui';
import {
  aggregate,
  toSvg,
  viewGraph,
  type SvgEdge,
  type SvgNode,
  type ViewEdge,
  type ViewGraph,
  type ViewNode,
} from './model';

cytoscape.use(fcose);

const AGGREGATE_OVER = 400;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Selected {
  kind: 'edge';
  edge: ViewEdge;
  source: ViewNode | undefined;
  target: ViewNode | undefined;
}
interface SelectedNode {
  kind: 'node';
  node: ViewNode;
}

export function GraphView() {
  const { t, route, setParams, tz, theme, dataVersion, setStatus, info } = useApp();
  const p = route.params;
  const mode = p.mode === 'scope' ? 'scope' : 'overview';
  const [graph, setGraph] = useState<ViewGraph | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [maxNodes, setMaxNodes] = useState(300);
  const [sel, setSel] = useState<Selected | SelectedNode | null>(null);
  const [slider, setSlider] = useState<number | null>(null);
  const [identities, setIdentities] = useState<string[]>([]);
  const [scopeInput, setScopeInput] = useState(p.identity ?? '');
  const [sinceInput, setSinceInput] = useState(p.since ? fmtTime(p.since, tz, { ms: false }) : '');
  useEffect(() => {
    setScopeInput(p.identity ?? '');
  }, [p.identity]);
  useEffect(() => {
    setSinceInput(p.since ? fmtTime(p.since, tz, { ms: false }) : '');
  }, [p.since, tz]);
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);

  // Identity names for the scope picker.
  useEffect(() => {
    t.call('identities.list').then(
      (r) =>
        setIdentities(
          r
            .slice()
            .sort((a, b) => Number(b.nhi) - Number(a.nhi) || b.events - a.events)
            .map((i) => i.name),
        ),
      (e) => setErr(errorText(e)),
    );
  }, [t, dataVersion]);

  useEffect(() => {
    let live = true;
    setErr(null);
    setSel(null);
    setSlider(null);
    if (mode === 'scope' && !p.identity) {
      setGraph(null);
      return;
    }
    setLoading(true);
    (async () => {
      const g =
        mode === 'overview'
          ? await t.call('graph.overview', { max_nodes: maxNodes })
          : await t.call('graph.scope', {
              identity: p.identity!,
              ...(p.since ? { since: p.since } : {}),
              max_nodes: maxNodes,
            });
      if (live) setGraph(viewGraph(g));
    })()
      .catch((e) => {
        if (live) setErr(errorText(e));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [t, mode, p.identity, p.since, dataVersion, maxNodes]);

  const shown = useMemo(() => (graph ? aggregate(graph, AGGREGATE_OVER, expanded) : null), [graph, expanded]);
  const times = useMemo(() => {
    if (!shown) return null;
    const ts = shown.nodes
      .map((x) => x.first)
      .concat(shown.edges.map((e) => e.first))
      .filter((x): x is string => !!x)
      .map(Date.parse)
      .filter(Number.isFinite);
    if (ts.length === 0) return null;
    return { min: Math.min(...ts), max: Math.max(...ts) };
  }, [shown]);

  // Draw.
  useEffect(() => {
    if (!host.current || !shown) return;
    const fg = cssVar('--fg');
    const fg2 = cssVar('--fg-2');
    const bg = cssVar('--bg');
    const accent = cssVar('--accent');
    const danger = cssVar('--danger');
    const edgeCol = cssVar('--graph-edge');
    const idFill = cssVar('--graph-identity');
    const resFill = cssVar('--graph-resource');
    const grpFill = cssVar('--graph-group');
    const maxEv = Math.max(1, ...shown.nodes.map((x) => x.events ?? 0));
    const labelsOn = shown.edges.length <= 120;
    // Label only the busiest nodes of a big graph; the rest show theirs on hover or selection.
    const labelled = new Set(
      shown.nodes.length <= 70
        ? shown.nodes.map((x) => x.id)
        : shown.nodes
            .slice()
            .sort((a, b) => (b.events ?? 0) - (a.events ?? 0))
            .slice(0, 45)
            .map((x) => x.id),
    );
    const els: ElementDefinition[] = [
      ...shown.nodes.map((x) => ({
        group: 'nodes' as const,
        data: {
          id: x.id,
          label: middle(shortName(x.label), 34),
          full: x.label,
          type: x.type,
          size: 18 + 26 * Math.sqrt((x.events ?? 0) / maxEv),
        },
        classes: `${x.type}${x.nhi ? ' nhi' : ''}${labelled.has(x.id) || x.type === 'group' ? '' : ' nolabel'}${p.focus && x.label === p.focus ? ' focus' : ''}${mode === 'scope' && x.label === p.identity ? ' root' : ''}`,
      })),
      ...shown.edges.map((e) => ({
        group: 'edges' as const,
        data: {
          id: e.id,
          source: e.source,
          target: e.target,
          label: labelsOn
            ? `${n(e.count)}${e.first ? ' · ' + fmtTime(e.first, tz, { ms: false }).slice(5, 16) : ''}`
            : '',
          w: 1 + Math.min(4, Math.log2(1 + e.count) / 2),
        },
        // Every edge but identity → resource ('touched') links two identities.
        classes: e.kind !== 'touched' ? 'idedge' : '',
      })),
    ];
    let positions: Record<string, { x: number; y: number }> | null = null;
    if (mode === 'scope') {
      // Left to right in time: x by the rank of first time, y spreads each column.
      const order = shown.nodes
        .slice()
        .sort((a, b) => (a.first ? Date.parse(a.first) : 0) - (b.first ? Date.parse(b.first) : 0));
      positions = {};
      const cols = new Map<number, number>();
      order.forEach((x, i) => {
        const isRoot = x.label === p.identity;
        const col = isRoot ? 0 : Math.floor(i / 6) + 1;
        const row = cols.get(col) ?? 0;
        cols.set(col, row + 1);
        positions![x.id] = {
          x: col * 220,
          y: (row % 2 === 0 ? 1 : -1) * Math.ceil(row / 2) * 90 + (x.type === 'identity' ? 0 : 30),
        };
      });
    }
    const cy = cytoscape({
      container: host.current,
      elements: els,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': resFill,
            'border-color': fg2,
            'border-width': 1.5,
            width: 'data(size)',
            height: 'data(size)',
            label: 'data(label)',
            color: fg,
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-max-width': '220px',
            'text-wrap': 'ellipsis',
            'min-zoomed-font-size': 7,
            shape: 'round-rectangle',
            'text-background-color': bg,
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
          },
        },
        { selector: 'node.identity', style: { 'background-color': idFill, shape: 'ellipse', 'border-color': accent } },
        { selector: 'node.group', style: { 'background-color': grpFill, shape: 'hexagon', 'border-style': 'dashed' } },
        { selector: 'node.nolabel', style: { label: '' } },
        {
          selector: 'node.nolabel.hover, node.nolabel:selected, node.nolabel.root, node.nolabel.focus',
          style: { label: 'data(label)', 'z-index': 10 },
        },
        { selector: 'node.root, node.focus', style: { 'border-width': 4, 'border-color': accent } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': accent, 'overlay-opacity': 0 } },
        {
          selector: 'edge',
          style: {
            width: 'data(w)',
            'line-color': edgeCol,
            'target-arrow-color': edgeCol,
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            'line-opacity': 0.75,
            label: 'data(label)',
            'font-size': 8,
            color: fg2,
            'text-rotation': 'autorotate',
            'min-zoomed-font-size': 7,
            'text-background-color': bg,
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
          },
        },
        {
          selector: 'edge.idedge',
          style: { 'line-style': 'dashed', 'line-color': accent, 'target-arrow-color': accent },
        },
        { selector: 'edge.fail', style: { 'line-color': danger, 'target-arrow-color': danger } },
        {
          selector: 'edge:selected',
          style: { width: 5, 'line-color': accent, 'target-arrow-color': accent, 'overlay-opacity': 0 },
        },
        { selector: '.hidden-by-time', style: { display: 'none' } },
      ],
      layout: positions
        ? ({
            name: 'preset',
            positions: (node: { id(): string }) => positions![node.id()] ?? { x: 0, y: 0 },
            fit: true,
            padding: 30,
          } as cytoscape.LayoutOptions)
        : ({
            name: 'fcose',
            animate: false,
            randomize: true,
            quality: shown.nodes.length > 600 ? 'draft' : 'default',
            nodeSeparation: 110,
            idealEdgeLength: 130,
            nodeRepulsion: 9000,
            packComponents: true,
            fit: true,
            padding: 30,
          } as unknown as cytoscape.LayoutOptions),
    });
    cyRef.current = cy;
    (window as unknown as { __ssGraph?: unknown }).__ssGraph = {
      nodes: () => cy.nodes().length,
      edges: () => cy.edges().length,
      edgeIds: () => cy.edges().map((e) => e.id()),
      tap: (id: string) => {
        cy.getElementById(id).emit('tap');
      },
    };
    cy.on('mouseover', 'node', (ev) => ev.target.addClass('hover'));
    cy.on('mouseout', 'node', (ev) => ev.target.removeClass('hover'));
    cy.on('tap', 'edge', (ev) => {
      const id = ev.target.id() as string;
      const e = shown.edges.find((x) => x.id === id);
      if (e)
        setSel({
          kind: 'edge',
          edge: e,
          source: shown.nodes.find((x) => x.id === e.source),
          target: shown.nodes.find((x) => x.id === e.target),
        });
    });
    cy.on('tap', 'node', (ev) => {
      const id = ev.target.id() as string;
      const node = shown.nodes.find((x) => x.id === id);
      if (!node) return;
      if (node.type === 'group' && shown.groups.has(id)) {
        setExpanded((s) => new Set([...s, id]));
        return;
      }
      setSel({ kind: 'node', node });
    });
    if (p.focus) {
      const f = cy.nodes('.focus');
      if (f.length) {
        cy.center(f);
        f.select();
      }
    }
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
    // theme: recolour by redrawing
  }, [shown, mode, p.identity, p.focus, theme, tz]);

  // Time slider (scope): hide what was reached after the chosen time.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !shown) return;
    cy.batch(() => {
      cy.elements().removeClass('hidden-by-time');
      if (slider === null) return;
      for (const x of shown.nodes)
        if (x.first && Date.parse(x.first) > slider && x.label !== p.identity)
          cy.getElementById(x.id).addClass('hidden-by-time');
      for (const e of shown.edges)
        if (e.first && Date.parse(e.first) > slider) cy.getElementById(e.id).addClass('hidden-by-time');
    });
  }, [slider, shown, p.identity]);

  useEffect(() => {
    if (!shown) return;
    setStatus(
      `${plural(shown.nodes.length, 'node')} · ${plural(shown.edges.length, 'edge')}${shown.aggregated ? ' · resources grouped by service (click a group to expand)' : ''}${graph?.omitted ? ` · ${plural(graph.omitted, 'quieter identity', 'quieter identities')} left out` : ''}`,
    );
    return () => setStatus('');
  }, [shown, graph, setStatus]);

  const exportPng = useCallback(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: cssVar('--bg') });
    download(`sessionscope-graph-${mode}.png`, blob);
  }, [mode]);

  const exportSvg = useCallback(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const fg = cssVar('--fg');
    const nodes: SvgNode[] = cy.nodes(':visible').map((nd) => ({
      x: nd.position('x'),
      y: nd.position('y'),
      w: nd.width(),
      h: nd.height(),
      label: String(nd.data('label') ?? ''),
      fill: String(nd.style('background-color')),
      stroke: String(nd.style('border-color')),
      shape: nd.hasClass('identity') ? 'ellipse' : nd.hasClass('group') ? 'hexagon' : 'round-rectangle',
      text: fg,
    }));
    const edges: SvgEdge[] = cy.edges(':visible').map((e) => {
      const a = e.sourceEndpoint();
      const b = e.targetEndpoint();
      return {
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        color: String(e.style('line-color')),
        width: Number(e.data('w')) || 1,
        label: String(e.data('label') ?? ''),
        dashed: e.hasClass('idedge'),
        text: fg,
      };
    });
    const svg = toSvg(
      nodes,
      edges,
      cssVar('--bg'),
      `SessionScope graph (${mode}${p.identity ? ': ' + p.identity : ''})`,
    );
    download(`sessionscope-graph-${mode}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  }, [mode, p.identity]);

  const startScope = (name: string) => {
    const since = parseInZone(sinceInput, tz);
    setParams({ mode: 'scope', identity: name || undefined, since: since ?? undefined, focus: undefined });
  };

  return (
    <div className="view graph-view split" data-testid="graph-view">
      <div className="split-main">
        <div className="toolbar">
          <div className="seg" role="group" aria-label="Graph mode">
            <button
              type="button"
              className={mode === 'overview' ? 'on' : ''}
              aria-pressed={mode === 'overview'}
              onClick={() => setParams({ mode: undefined, identity: undefined, since: undefined })}
            >
              Overview
            </button>
            <button
              type="button"
              className={mode === 'scope' ? 'on' : ''}
              aria-pressed={mode === 'scope'}
              onClick={() => setParams({ mode: 'scope' })}
            >
              Blast radius
            </button>
          </div>
          {mode === 'scope' && (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                startScope(scopeInput.trim());
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
              <datalist id="ss-identities">
                {identities.slice(0, 500).map((x) => (
                  <option key={x} value={x} />
                ))}
              </datalist>
              <input
                value={sinceInput}
                onChange={(e) => setSinceInput(e.target.value)}
                placeholder={`since (${zoneLabel(tz)}) YYYY-MM-DD HH:MM`}
                aria-label="Scope since"
                className="time-input"
              />
              <button type="submit" className="primary" disabled={!scopeInput.trim()}>
                Show blast radius
              </button>
            </form>
          )}
          <span className="grow" />
          <button
            type="button"
            onClick={exportPng}
            disabled={!shown || shown.nodes.length === 0}
            data-testid="export-png"
          >
            Export PNG
          </button>
          <button
            type="button"
            onClick={exportSvg}
            disabled={!shown || shown.nodes.length === 0}
            data-testid="export-svg"
          >
            Export SVG
          </button>
        </div>
        {mode === 'scope' && times && times.max > times.min && (
          <div className="slider-row">
            <label className="grow">
              <span className="small">
                Reached by <span className="mono">{fmtTime(slider ?? times.max, tz, { ms: false })}</span>{' '}
                <span className="muted">{zoneLabel(tz)} — drag to replay the spread</span>
              </span>
              <input
                type="range"
                min={times.min}
                max={times.max}
                step={Math.max(1000, Math.floor((times.max - times.min) / 500))}
                value={slider ?? times.max}
                onChange={(e) => setSlider(Number(e.target.value) >= times.max ? null : Number(e.target.value))}
                aria-label="Time slider"
                data-testid="time-slider"
              />
            </label>
          </div>
        )}
        {err && <ErrorBox what="Graph" error={err} />}
        <div className="graph-wrap">
          {loading && (
            <div className="graph-loading">
              <Spinner label="Loading graph" />
            </div>
          )}
          {mode === 'scope' && !p.identity ? (
            <Empty title="Choose an identity">
              <p>
                Blast radius shows everything reachable from one identity forward in time — identities it became
                (assumed roles, minted keys, impersonation) and every resource touched, with first-touch times.
              </p>
              {identities.length > 0 && (
                <div className="chips">
                  {identities.slice(0, 8).map((x) => (
                    <LinkButton
                      key={x}
                      className="chip"
                      onClick={() => {
                        setScopeInput(x);
                        startScope(x);
                      }}
                    >
                      {x}
                    </LinkButton>
                  ))}
                </div>
              )}
            </Empty>
          ) : shown && shown.nodes.length === 0 && !loading ? (
            <Empty title="Nothing to draw">
              <p>
                {info && info.events === 0
                  ? 'Import evidence on the Case view first.'
                  : mode === 'scope'
                    ? 'This identity reached nothing after that time. Try an earlier “since”.'
                    : 'No identities or resources were derived from the events yet.'}
              </p>
            </Empty>
          ) : null}
          <div className="cy-host" ref={host} data-testid="graph-canvas" aria-label="Graph" role="img" />
        </div>
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
          <span className="lg">
            <i className="line fail" aria-hidden="true" />
            with failures
          </span>
          <span className="muted">Node size: events. Edge label: events · first time.</span>
        </div>
      </div>
      {sel && (
        <GraphSide
          sel={sel}
          onClose={() => setSel(null)}
          onExpand={() => {
            setMaxNodes(1500);
            setSel(null);
          }}
          canExpand={maxNodes < 1500}
        />
      )}
    </div>
  );
}

function GraphSide({
  sel,
  onClose,
  onExpand,
  canExpand,
}: {
  sel: Selected | SelectedNode;
  onClose: () => void;
  onExpand: () => void;
  canExpand: boolean;
}) {
  const { t, go, tz, openEvent } = useApp();
  const [events, setEvents] = useState<EventJson[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const edge = sel.kind === 'edge' ? sel.edge : null;

  // An identity → resource edge opens in the grid as that identity's events on that resource.
  const gridFilter = useMemo(() => {
    if (sel.kind !== 'edge') return null;
    const src = sel.source;
    const dst = sel.target;
    if (src?.type === 'identity' && dst?.type === 'resource') return { identity: src.label, resource: dst.label };
    return null;
  }, [sel]);

  useEffect(() => {
    if (!edge) return;
    let live = true;
    setEvents(null);
    setErr(null);
    (async () => {
      const members = edge.members ? edge.members.slice(0, 20) : [edge];
      const ids: number[] = [];
      let count = 0;
      for (const m of members) {
        const r = await t.call('graph.edgeEvents', { edge: m.id, limit: edge.members ? 50 : 200 });
        ids.push(...r.ids);
        count += r.total;
      }
      if (!live) return;
      const rows = ids.length ? await t.call('events.list', { filter: { ids: ids.slice(0, 1000) }, limit: 1000 }) : [];
      if (live) {
        setEvents(rows);
        setTotal(count);
      }
    })().catch((e) => {
      if (live) setErr(errorText(e));
    });
    return () => {
      live = false;
    };
  }, [t, edge]);

  const openAll = async () => {
    if (gridFilter) {
      go('events', gridFilter);
      return;
    }
    if (!edge) return;
    const r = await t.call('graph.edgeEvents', { edge: edge.id, limit: 2000 });
    go('events', { ids: r.ids.join(',') });
  };

  if (sel.kind === 'node') {
    const x = sel.node;
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
            {x.type === 'group' ? (
              <>
                <p className="small">
                  {n(x.count ?? 0)} resources of this service, grouped to keep the graph readable.
                </p>
                {canExpand && (
                  <button type="button" className="primary" onClick={onExpand}>
                    Show resources individually
                  </button>
                )}
                <button type="button" onClick={() => go('events', { resource: `*${x.label.split(':').pop()}*` })}>
                  Events on these resources
                </button>
              </>
            ) : x.type === 'identity' ? (
              <>
                <button
                  type="button"
                  className="primary"
                  onClick={() => go('graph', { mode: 'scope', identity: name })}
                >
                  Blast radius from here
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
            ) : (
              <>
                <button type="button" className="primary" onClick={() => go('events', { resource: name })}>
                  Events on this resource
                </button>
              </>
            )}
          </div>
        </div>
      </aside>
    );
  }

  const e = sel.edge;
  return (
    <aside className="split-side" aria-label="Edge events" data-testid="edge-panel">
      <div className="pane-bar">
        <span className="muted">Edge</span>
        <button type="button" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="side-body">
        <h2 className="wrap">
          <span className="mono">{sel.source?.label ?? e.source}</span> →{' '}
          <span className="mono">{sel.target?.label ?? e.target}</span>
        </h2>
        <p className="small">
          {e.kind ? `${e.kind} · ` : ''}
          {n(e.count)} events · first {fmtTime(e.first, tz)} · last {fmtTime(e.last, tz)}
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
        {err && <ErrorBox what="Edge events" error={err} />}
        {!events ? (
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
            <table className="grid-table small" data-testid="edge-events">
              <thead>
                <tr>
                  <th>Time ({zoneLabel(tz)})</th>
                  <th>Action</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {events.map((x) => (
                  <tr key={x.id} className="clickable" onClick={() => openEvent(x.id)} data-testid="edge-event-row">
                    <td className="mono">{fmtTime(x.ts, tz)}</td>
                    <td>
                      <Mono value={x.action} max={34} copy={false} />
                    </td>
                    <td>
                      <Outcome outcome={x.outcome} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </aside>
  );
}
