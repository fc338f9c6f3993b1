// Where the event pane goes when a view shows its own side pane: beside it, or over it (App.tsx, app.css).
/** Width of the rail and of a view's own side pane (app.css `.app`, `.split-side`). */
const RAIL_PX = 92;
const SIDE_PX = 400;
/** The share of the window a view's main area (a graph, a table) keeps when the event pane opens beside a side pane. */
const MAIN_SHARE = 0.55;

/**
 * Whether the event pane, opened while the view shows its own side pane (a hop's events, an identity), lies over
 * that side pane instead of squeezing the view: it does whenever pushing would leave the view's main area less
 * than MAIN_SHARE of the window (1280 and 1440 px wide alike; a 2560 px window pushes). `pane-float` applies only
 * with a side pane (app.css, `:has(.split-side)`); closing the event (✕, Esc) shows the side pane again.
 */
export function paneFloats(windowPx: number, panePx: number): boolean {
  return windowPx - RAIL_PX - SIDE_PX - panePx < MAIN_SHARE * windowPx;
}
