// The visible window: which lanes, and the events on them as items, clusters or density strips — never more than
// a view can draw (DESIGN §8). The mode follows from how many events the window holds.
import type { CaseDb } from '../../casefile/open.js';
import { CATEGORIES, type Category } from '../../model/event.js';
import { formatMicros } from '../../model/time.js';
import { sliceOf, timelineIndex } from './column-index.js';
import { matcher, type TimelineFilter } from './filter.js';
import { outsideCounts } from './outside.js';
import { describeLanes, rankLanes, sliceFor, type LaneInfo, type LaneMode } from './lanes.js';
import {
  windowClusters,
  windowDensity,
  windowItems,
  type LaneDensity,
  type TimelineCluster,
  type TimelineItem,
} from './modes.js';

export interface WindowOptions {
  fromUs: number;
  toUs: number;
  lanes: LaneMode;
  filter?: TimelineFilter;
  maxItems?: number;
  maxLanes?: number;
  /**
   * Past maxItems, answer with a density strip per lane (`bins` equal bins over the window) instead of clusters:
   * one drawable item per lane however many events there are.
   */
  densityBins?: number;
}

export interface TimelineWindow {
  from: string;
  to: string;
  total: number;
  /** Events the filter keeps before `from` and at or after `to`: what this window does not show. */
  before: number;
  after: number;
  mode: 'items' | 'clusters' | 'density';
  lanes: LaneInfo[];
  other_lanes: number;
  items: TimelineItem[];
  clusters: TimelineCluster[];
  density: LaneDensity[];
  categories: readonly Category[];
  bucket_ms: number | null;
  index_ms: number;
  query_ms: number;
}

export async function timelineWindow(db: CaseDb, opts: WindowOptions): Promise<TimelineWindow> {
  const ix = await timelineIndex(db);
  const t0 = performance.now();
  const maxItems = Math.max(10, Math.min(opts.maxItems ?? 1500, 5000));
  const maxLanes = Math.max(1, Math.min(opts.maxLanes ?? 60, 500));
  const fromMs = Math.floor(opts.fromUs / 1000);
  const toMs = Math.ceil(opts.toUs / 1000);
  const [lo, hi] = sliceOf(ix, fromMs, toMs);
  const slice = sliceFor(ix, lo, hi, matcher(db, ix, opts.filter, lo, hi), opts.lanes);
  const ranked = rankLanes(slice, maxLanes);
  const lanes = describeLanes(db, slice, ranked, opts.lanes);
  const out: TimelineWindow = {
    from: formatMicros(opts.fromUs),
    to: formatMicros(opts.toUs),
    total: ranked.total,
    ...outsideCounts(db, ix, lo, hi, opts.filter),
    mode: 'items',
    lanes,
    other_lanes: ranked.otherLanes,
    items: [],
    clusters: [],
    density: [],
    categories: CATEGORIES,
    bucket_ms: null,
    index_ms: ix.builtMs,
    query_ms: 0,
  };
  if (ranked.total <= maxItems) {
    out.items = windowItems(db, slice, ranked);
  } else if (opts.densityBins) {
    const bins = Math.max(10, Math.min(1000, opts.densityBins));
    const d = windowDensity(slice, ranked, { fromMs, toMs, bins });
    out.mode = 'density';
    out.bucket_ms = Math.round(d.binMs);
    out.density = d.density;
  } else {
    const c = windowClusters(slice, ranked, { fromMs, toMs, maxItems, laneCount: lanes.length });
    out.mode = 'clusters';
    out.bucket_ms = c.bucketMs;
    out.clusters = c.clusters;
  }
  out.query_ms = Math.round((performance.now() - t0) * 10) / 10;
  return out;
}
