// Timeline read models (core/query/timeline/): the visible window (items, clusters or density strips), the density
// band (histogram) and a rank → event-id seek for the virtualized grid, all answered from one in-memory column
// index of the case. This module is their public face; each part lives in its own file:
//   column-index.ts  the index, its cache and signature;   filter.ts  a filter as a predicate over the index;
//   lanes.ts         ranking and naming lanes;             modes.ts   items, clusters, density;
//   window.ts        timeline.window;  histogram.ts  timeline.histogram;  seek.ts  timeline.seek.
export {
  caseSignature,
  timelineIndex,
  warmTimeline,
  type LaneKey,
  type TimelineIndex,
} from './timeline/column-index.js';
export type { TimelineFilter } from './timeline/filter.js';
export type { LaneInfo, LaneMode } from './timeline/lanes.js';
export { niceBucket, type LaneDensity, type TimelineCluster, type TimelineItem } from './timeline/modes.js';
export { timelineWindow, type TimelineWindow, type WindowOptions } from './timeline/window.js';
export { timelineHistogram, type Histogram } from './timeline/histogram.js';
export { timelineSeek, type Seek } from './timeline/seek.js';
