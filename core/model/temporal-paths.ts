// Time-respecting paths through a graph whose edges are sets of timed events (identity A assumed / federated /
// minted / impersonated / triggered B at these instants; identity X touched resource R at these instants).
// A path is usable only in time order: each hop must happen at or after the moment its source was reached (the
// credential the hop uses existed by then). Pure: the caller loads the edges (core/query/path.ts).

/** One edge with every instant it happened, ascending; `events` are the event ids, parallel to `times`. */
export interface TimedEdge {
  /** The graph edge id the views hand back to graph.edgeEvents (e:<id>, ir:<identity>:<resource>). */
  id: string;
  source: string;
  target: string;
  kind: string;
  times: number[];
  events: number[];
}

export interface TimedHop {
  edge: string;
  source: string;
  target: string;
  kind: string;
  /** The first instant the hop happened at or after its source was reached (the hop's own event). */
  at: number;
  event: number;
  /**
   * When the hop became usable: the moment its source was reached (the previous hop's instant, or `since` for the
   * first hop; null when the first hop has no start time, so every event of the edge counts).
   */
  reachable: number | null;
  /** How many of the edge's events fall at or after `reachable` (all of them when it is null). */
  usable: number;
}

export interface TimedPath {
  hops: TimedHop[];
  /** When the target was reached along this path. */
  arrival: number;
}

export interface PathSearch {
  paths: TimedPath[];
  /** The search stopped at max_paths or its work budget: more paths may exist. */
  truncated: boolean;
}

export interface PathOptions {
  /** Nothing before this instant counts (the first hop happens at or after it). */
  since?: number;
  /** At most this many paths (default 25). */
  maxPaths?: number;
  /** At most this many hops per path (default 10). */
  maxHops?: number;
  /** Work budget in edge expansions (default 200,000): bounds the search on a dense graph. */
  budget?: number;
}

/** Index of the first value ≥ t in an ascending array, or its length. */
function firstAtOrAfter(a: number[], t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last value ≤ t in an ascending array, or -1. */
function lastAtOrBefore(a: number[], t: number): number {
  return firstAtOrAfter(a, t + 1) - 1;
}

/**
 * Every simple, time-respecting path from any of `from` to `to`, earliest arrival first (then fewest hops).
 * A node never repeats within a path. Each hop takes the earliest instant usable at that point, which keeps every
 * later hop possible that any other choice would.
 */
export function temporalPaths(edges: TimedEdge[], from: string[], to: string, o: PathOptions = {}): PathSearch {
  const since = o.since ?? -Infinity;
  const maxPaths = o.maxPaths ?? 25;
  const maxHops = o.maxHops ?? 10;
  let budget = o.budget ?? 200_000;
  const out = new Map<string, TimedEdge[]>();
  const into = new Map<string, TimedEdge[]>();
  for (const e of edges) {
    if (e.times.length === 0 || e.source === e.target) continue;
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
    (into.get(e.target) ?? into.set(e.target, []).get(e.target)!).push(e);
  }
  // latest[u]: the latest moment u can be reached and still reach `to` in time order (reverse relaxation).
  // It prunes every branch that can no longer arrive.
  const latest = new Map<string, number>([[to, Infinity]]);
  const queue = [to];
  for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
    const limit = latest.get(q)!;
    for (const e of into.get(q) ?? []) {
      const k = lastAtOrBefore(e.times, limit);
      if (k < 0) continue;
      const t = e.times[k];
      if (t > (latest.get(e.source) ?? -Infinity)) {
        latest.set(e.source, t);
        queue.push(e.source);
      }
    }
  }

  const found: TimedPath[] = [];
  let truncated = false;
  const onPath = new Set<string>();
  const hops: TimedHop[] = [];
  const walk = (node: string, t: number): void => {
    if (truncated) return;
    if (node === to) {
      found.push({ hops: hops.slice(), arrival: t });
      if (found.length >= maxPaths) truncated = true;
      return;
    }
    if (hops.length >= maxHops) return;
    onPath.add(node);
    // Earliest hop first: the walk meets early arrivals before late ones.
    const next: [TimedEdge, number][] = [];
    for (const e of out.get(node) ?? []) {
      if (onPath.has(e.target) || !latest.has(e.target)) continue;
      const k = firstAtOrAfter(e.times, t);
      if (k < e.times.length && e.times[k] <= latest.get(e.target)!) next.push([e, k]);
    }
    next.sort((a, b) => a[0].times[a[1]] - b[0].times[b[1]] || (a[0].id < b[0].id ? -1 : 1));
    for (const [e, k] of next) {
      if (--budget < 0) {
        truncated = true;
        break;
      }
      hops.push({
        edge: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind,
        at: e.times[k],
        event: e.events[k],
        reachable: Number.isFinite(t) ? t : null,
        usable: e.times.length - k,
      });
      walk(e.target, e.times[k]);
      hops.pop();
      if (truncated) break;
    }
    onPath.delete(node);
  };
  for (const s of [...new Set(from)].sort()) {
    if (s === to) continue;
    if (!latest.has(s) || since > latest.get(s)!) continue;
    walk(s, since);
    if (truncated) break;
  }
  found.sort(
    (a, b) =>
      a.arrival - b.arrival ||
      a.hops.length - b.hops.length ||
      a.hops
        .map((h) => h.edge)
        .join()
        .localeCompare(b.hops.map((h) => h.edge).join()),
  );
  return { paths: found, truncated };
}
