// The test probe: what a view publishes for the end-to-end tests and the UI benchmarks to drive and measure it
// (test/e2e/*.spec.ts, bench/ui.mjs, bench/graph.mjs read it through test/e2e/probe.mjs). One typed object,
// `window.__ssProbe`, keyed by view; `Probes` is the one description of every probe, so a renamed field fails the
// type check of the view that publishes it and of every spec that reads it.
//
// Off unless asked for: the reader creates `window.__ssProbe` before the page loads (enableProbes, a Playwright
// init script). Otherwise publishProbe does nothing and `probing()` is false, so a view skips the measuring that
// only a probe reader wants; the app never keeps a view's internals reachable from `window`.

/** The visible span of the timeline, in epoch ms. */
export interface TimelineSpan {
  start: number;
  end: number;
}

/** What one redraw of the timeline cost, measured at the frame after vis-timeline applied it. */
export interface TimelineDraw {
  /** From the probe's call (or the request) to that frame. */
  ms: number;
  /** From the request for the window to that frame. */
  requestMs: number;
  /** Items handed to vis-timeline. */
  items: number;
  /** Item elements in the DOM. */
  dom: number;
}

/** A timeline redraw asked for through the probe: its cost, or why there was none. */
export type TimelineRedraw =
  TimelineDraw | { ms: 0; items: number; dom: 0; unchanged: true } | { ms: number; timeout: true };

/** The last redraw with where its time went (the bench's breakdown). */
export interface TimelineLastDraw extends TimelineDraw {
  mode: string;
  total: number;
  fetchMs: number;
  applyMs: number;
  serverMs: number;
  paintMs: number;
  /** The item-area width the labels were laid out for (the width drawn: else the draw is laid out again). */
  widthPx: number;
  /** Draws so far laid out again because the item area's width changed under them. */
  relayouts: number;
  added: number;
  updated: number;
  removed: number;
}

export interface TimelineProbe {
  /** Shows [start, end] and resolves when it has been redrawn (or at once when it is already shown). */
  setWindow(start: number, end: number): Promise<TimelineRedraw>;
  /** Zooms by `factor` about the centre and resolves when redrawn. */
  zoom(factor: number): Promise<TimelineDraw>;
  window(): TimelineSpan;
}

export interface GraphProbe {
  nodes(): number;
  edges(): number;
  edgeIds(): string[];
  /** Each node's full name. */
  nodeLabels(): string[];
  /** Clicks a node or an edge, by id. */
  tap(id: string): void;
  /** Label size on screen at the current zoom, in px. */
  labelPx(): number;
  unlabelled(): number;
  overlappingLabels(): number;
  layoutMs(): number;
  /** Layout + cytoscape set up and fitted (its first paint follows on the next frame). */
  drawMs(): number;
  /** Model positions, to check the same graph is laid out the same way on every visit. */
  positions(): Record<string, { x: number; y: number }>;
  /** Where a node (by full name) is on screen, relative to the canvas centre. */
  offsetFromCentre(full: string): { dx: number; dy: number } | null;
  fit(): void;
  zoom(): number;
  /** Where an edge's midpoint is on the page (null outside the canvas), to click it as a user would. */
  edgeAt(id: string): { x: number; y: number } | null;
  /** The drawn graph's box on the canvas (px from its top left) and the canvas size. */
  drawnBox(): { x1: number; x2: number; y1: number; y2: number; w: number; h: number };
  /** Each node's full name, type and events with its model position: to work out where the view should open. */
  nodeWeights(): { full: string; identity: boolean; events: number; x: number; y: number }[];
}

export interface GridProbe {
  /** From asking for a query's first page to having it, in ms (the latest query's). */
  firstRowsMs: number;
}

/** Every view's probe, by key. */
export interface Probes {
  timeline: TimelineProbe;
  timelineDraw: TimelineLastDraw;
  graph: GraphProbe;
  grid: GridProbe;
}

/** The probes that are plain data (read as JSON); the others are called in the page. */
export type DataProbe = 'timelineDraw' | 'grid';

declare global {
  interface Window {
    /** Present only when a test or bench asked for probes before the page loaded. */
    __ssProbe?: Partial<Probes>;
  }
}

/** Whether a test or bench reads the probes (a view measures only then). */
export function probing(): boolean {
  return typeof window !== 'undefined' && window.__ssProbe !== undefined;
}

/** Publishes (replaces) one view's probe; nothing when no reader asked for probes. */
export function publishProbe<K extends keyof Probes>(key: K, value: Probes[K]): void {
  if (probing()) window.__ssProbe![key] = value;
}
