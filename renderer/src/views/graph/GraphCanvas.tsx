// Draws a view graph with cytoscape at the positions layout.ts computes (preset: no random start, so the same
// graph looks the same on every visit). Opens at the zoom that shows it all, but never below 1 so labels keep
// their 11 px (a bigger overview opens on its centre of activity, a time-ordered graph at its start; Fit shows it
// all); every node labelled, the full name on hover.
import { useEffect, useRef, useState } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { fmtTime } from '../../lib/time';
import { publishProbe } from '../../lib/test-probe';
import { middle, n, shortName } from '../../lib/format';
import { layeredLayout, overlaps, type Box } from './layout';
import { graphStyle, LABEL_PX } from './style';
import { centreOfActivity } from './centre';
import type { ViewEdge, ViewGraph, ViewNode } from './model';

const PAD = 30;

export interface CanvasProps {
  graph: ViewGraph;
  /** Blast radius and paths: labels carry the time each node was reached; edges their kind and time. */
  timeOrdered: boolean;
  edgeLabels: boolean;
  /** A node label to centre on and select (the "centre on resource" link). */
  focus?: string;
  /** Edges to highlight (a path's hop). */
  highlight?: string[];
  /** Time slider: hide what was reached after this instant (ms). */
  cutoff: number | null;
  tz: string;
  theme: string;
  onEdge(e: ViewEdge): void;
  onNode(x: ViewNode): void;
  cyRef: { current: Core | null };
}

interface Tip {
  x: number;
  y: number;
  lines: string[];
}

/** The label as drawn: the distinguishing part, cut in the middle; in time-ordered views the reach time under it. */
export function nodeLabel(x: ViewNode, timeOrdered: boolean, tz: string): string {
  const name = middle(x.type === 'group' ? x.label : shortName(x.label), 30);
  if (!timeOrdered || !x.first) return name;
  return `${name}\n${fmtTime(x.first, tz, { ms: false }).slice(5, 19)}`;
}

/**
 * Pans the least distance that brings these edges and their ends (labels included) into view, when the graph is
 * wider than the canvas: a path opened at its start would otherwise hide a later hop the analyst chose.
 */
function reveal(cy: Core, edges: cytoscape.EdgeCollection): void {
  if (edges.length === 0) return;
  const b = edges.union(edges.connectedNodes()).renderedBoundingBox({ includeLabels: true });
  const w = cy.width();
  const h = cy.height();
  let dx = 0;
  let dy = 0;
  if (b.x2 > w - PAD) dx = w - PAD - b.x2;
  if (b.x1 + dx < PAD) dx = PAD - b.x1;
  if (b.y2 > h - PAD) dy = h - PAD - b.y2;
  if (b.y1 + dy < PAD) dy = PAD - b.y1;
  if (dx !== 0 || dy !== 0) cy.panBy({ x: dx, y: dy });
}

export function GraphCanvas(p: CanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  const { graph, timeOrdered, edgeLabels, focus, tz, theme, cyRef, onEdge, onNode } = p;
  // The handlers change identity on every render of the parent; the drawing must not.
  const handlers = useRef({ onEdge, onNode });
  handlers.current = { onEdge, onNode };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const maxEv = Math.max(1, ...graph.nodes.map((x) => x.events ?? 0));
    const roots = new Set(graph.roots ?? []);
    const drawn = graph.nodes.map((x) => ({
      x,
      label: nodeLabel(x, timeOrdered, tz),
      size: Math.round(16 + 18 * Math.sqrt((x.events ?? 0) / maxEv)),
    }));
    const t0 = performance.now();
    const layout = layeredLayout(
      drawn.map((d) => ({ id: d.x.id, label: d.label, size: d.size, time: d.x.first ? Date.parse(d.x.first) : null })),
      graph.edges,
      {
        roots: [...roots],
        fontPx: LABEL_PX,
        viewport: { width: Math.max(300, el.clientWidth - 2 * PAD), height: Math.max(200, el.clientHeight - 2 * PAD) },
        edgeLabelGap: edgeLabels ? 120 : 0,
      },
    );
    const layoutMs = performance.now() - t0;
    const els: ElementDefinition[] = [
      ...drawn.map(({ x, label, size }) => ({
        group: 'nodes' as const,
        data: { id: x.id, label, full: x.label, size },
        position: layout.positions.get(x.id)!,
        classes: `${x.type}${x.nhi ? ' nhi' : ''}${focus && x.label === focus ? ' focus' : ''}${roots.has(x.id) ? ' root' : ''}`,
      })),
      ...graph.edges.map((e) => ({
        group: 'edges' as const,
        data: {
          id: e.id,
          source: e.source,
          target: e.target,
          label: edgeLabels
            ? `${e.kind ?? ''}${e.first ? ' · ' + fmtTime(e.first, tz, { ms: false }).slice(11, 19) : ''}`
            : '',
          w: 1 + Math.min(4, Math.log2(1 + e.count) / 2),
        },
        // Every edge but identity → resource ('touched') links two identities.
        classes: e.kind !== 'touched' ? 'idedge' : '',
      })),
    ];
    const cy = cytoscape({
      container: el,
      elements: els,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      style: graphStyle(),
      layout: { name: 'preset', fit: false } as cytoscape.LayoutOptions,
    });
    cyRef.current = cy;
    const fitAll = () => cy.fit(undefined, PAD);
    // Fit from the layout's own bounds (cy.fit would measure every label again: most of the set-up time on a
    // big graph).
    const open = () => {
      const b = layout.bounds;
      const w = el.clientWidth;
      const h = el.clientHeight;
      const bw = Math.max(1, b.x2 - b.x1);
      const bh = Math.max(1, b.y2 - b.y1);
      const fit = Math.min((w - 2 * PAD) / bw, (h - 2 * PAD) / bh);
      // Too big to show whole at a legible size: open 1:1. A time-ordered graph (blast radius, paths) reads left
      // to right, so it opens at its start; the overview opens on where its activity is (centreOfActivity),
      // never past its edges. Whatever fits is centred.
      const z = Math.min(1.5, Math.max(1, fit));
      cy.zoom(z);
      const fitsW = bw * z + 2 * PAD <= w;
      const fitsH = bh * z + 2 * PAD <= h;
      const at = timeOrdered || (fitsW && fitsH) ? null : centreOfActivity(graph, layout.positions);
      const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
      const panX = fitsW
        ? (w - bw * z) / 2 - b.x1 * z
        : at
          ? clamp(w / 2 - at.x * z, w - PAD - b.x2 * z, PAD - b.x1 * z)
          : PAD - b.x1 * z;
      const panY = fitsH
        ? (h - bh * z) / 2 - b.y1 * z
        : at
          ? clamp(h / 2 - at.y * z, h - PAD - b.y2 * z, PAD - b.y1 * z)
          : PAD - b.y1 * z;
      cy.pan({ x: panX, y: panY });
    };
    const f = focus ? cy.nodes('.focus') : cy.collection();
    const place = () => {
      open();
      if (f.length) {
        // Centre the node itself (cy.center would centre its box, label included).
        cy.zoom(Math.max(cy.zoom(), 1));
        const at = f.first().position();
        cy.pan({ x: cy.width() / 2 - at.x * cy.zoom(), y: cy.height() / 2 - at.y * cy.zoom() });
      }
    };
    place();
    f.select();
    const drawMs = performance.now() - t0;
    // A pane opening beside the graph (an edge's events, an event) or a window resize narrows the canvas: place
    // the graph again for the new size, unless the analyst has moved it by hand since.
    // eslint-disable-next-line no-restricted-syntax -- not a stale-answer guard: whether the analyst moved the graph
    let moved = false;
    cy.on('dragpan scrollzoom pinchzoom', () => {
      moved = true;
    });
    let size = `${el.clientWidth}x${el.clientHeight}`;
    const resized = new ResizeObserver(() => {
      const now = `${el.clientWidth}x${el.clientHeight}`;
      if (now === size || el.clientWidth === 0) return;
      size = now;
      cy.resize();
      if (moved) return;
      place();
      // The hop the analyst chose (its pane is what narrowed the canvas) stays in view.
      reveal(cy, cy.edges('.hop'));
    });
    resized.observe(el);
    const visibleLabelBoxes = (): Box[] => {
      const ext = cy.extent();
      const out: Box[] = [];
      cy.nodes(':visible').forEach((nd) => {
        const b = nd.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        if (b.w > 0 && b.x2 > ext.x1 && b.x1 < ext.x2 && b.y2 > ext.y1 && b.y1 < ext.y2) out.push(b);
      });
      return out;
    };
    publishProbe('graph', {
      nodes: () => cy.nodes().length,
      edges: () => cy.edges().length,
      edgeIds: () => cy.edges().map((e) => e.id()),
      nodeLabels: () => cy.nodes().map((x) => String(x.data('full'))),
      tap: (id: string) => {
        cy.getElementById(id).emit('tap');
      },
      labelPx: () => LABEL_PX * cy.zoom(),
      unlabelled: () => cy.nodes().filter((x) => !String(x.data('label') ?? '').trim()).length,
      overlappingLabels: () => overlaps(visibleLabelBoxes()).length,
      layoutMs: () => layoutMs,
      drawMs: () => drawMs,
      positions: () => Object.fromEntries(cy.nodes().map((x) => [x.id(), x.position()])),
      offsetFromCentre: (full: string) => {
        const nd = cy.nodes().filter((x) => x.data('full') === full);
        if (!nd.length) return null;
        const r = nd.renderedPosition();
        return { dx: r.x - cy.width() / 2, dy: r.y - cy.height() / 2 };
      },
      fit: fitAll,
      zoom: () => cy.zoom(),
      drawnBox: () => {
        const b = cy.elements().renderedBoundingBox({ includeLabels: true });
        return { x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2, w: cy.width(), h: cy.height() };
      },
      nodeWeights: () =>
        graph.nodes.map((x) => ({
          full: x.label,
          identity: x.type === 'identity',
          events: x.events ?? 0,
          ...layout.positions.get(x.id)!,
        })),
      /** Where an edge's midpoint is on the page (null when it is outside the canvas), to click it as a user would. */
      edgeAt: (id: string) => {
        const e = cy.getElementById(id);
        if (!e.length || !e.isEdge()) return null;
        const m = e.renderedMidpoint();
        const r = el.getBoundingClientRect();
        if (m.x < 4 || m.y < 4 || m.x > r.width - 4 || m.y > r.height - 4) return null;
        return { x: r.left + m.x, y: r.top + m.y };
      },
    });
    cy.on('mouseover', 'node', (ev) => {
      const nd = ev.target as cytoscape.NodeSingular;
      nd.addClass('hover');
      // Its neighbourhood stands out: on a dense overview the edges of one node are what the eye follows.
      cy.elements().difference(nd.closedNeighborhood()).addClass('faded');
      const x = graph.nodes.find((v) => v.id === nd.id());
      if (!x) return;
      const pos = nd.renderedPosition();
      setTip({
        x: pos.x,
        y: pos.y - nd.renderedHeight() / 2 - 6,
        lines: [
          x.label,
          [
            x.type === 'group' ? `${n(x.count ?? 0)} resources` : x.type,
            x.events !== undefined ? `${n(x.events)} events` : '',
            x.first ? `${timeOrdered ? 'reached' : 'first'} ${fmtTime(x.first, tz, { ms: false })}` : '',
          ]
            .filter(Boolean)
            .join(' · '),
        ],
      });
    });
    cy.on('mouseout', 'node', (ev) => {
      ev.target.removeClass('hover');
      cy.elements().removeClass('faded');
      setTip(null);
    });
    cy.on('pan zoom', () => setTip(null));
    cy.on('tap', 'edge', (ev) => {
      const e = graph.edges.find((x) => x.id === ev.target.id());
      if (e) handlers.current.onEdge(e);
    });
    cy.on('tap', 'node', (ev) => {
      const x = graph.nodes.find((v) => v.id === ev.target.id());
      if (x) handlers.current.onNode(x);
    });
    return () => {
      resized.disconnect();
      cy.destroy();
      cyRef.current = null;
      setTip(null);
    };
    // theme: recolour by redrawing
  }, [graph, timeOrdered, edgeLabels, focus, theme, tz, cyRef]);

  // Highlighted hops.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.edges().removeClass('hop');
    for (const id of p.highlight ?? []) cy.getElementById(id).addClass('hop');
    reveal(cy, cy.edges('.hop'));
  }, [p.highlight, graph, cyRef]);

  // Time slider: hide what was reached after the chosen time (the roots stay).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const roots = new Set(graph.roots ?? []);
    cy.batch(() => {
      cy.elements().removeClass('hidden-by-time');
      if (p.cutoff === null) return;
      for (const x of graph.nodes)
        if (x.first && Date.parse(x.first) > p.cutoff! && !roots.has(x.id))
          cy.getElementById(x.id).addClass('hidden-by-time');
      for (const e of graph.edges)
        if (e.first && Date.parse(e.first) > p.cutoff!) cy.getElementById(e.id).addClass('hidden-by-time');
    });
  }, [p.cutoff, graph, cyRef]);

  return (
    <>
      <div className="cy-host" ref={host} data-testid="graph-canvas" aria-label="Graph" role="img" />
      {tip && (
        <div className="graph-tip" style={{ left: tip.x, top: tip.y }} role="tooltip" data-testid="graph-tip">
          <div className="mono">{tip.lines[0]}</div>
          {tip.lines[1] && <div className="muted small">{tip.lines[1]}</div>}
        </div>
      )}
    </>
  );
}
