// Per-source time gaps: a silence far longer than the source's own rhythm (50 × its median spacing, and at
// least the case's floor, default 1 h) suggests missing log files or a stopped trail rather than a quiet night.
import type { Scan } from './scan.js';

export interface SourceGap {
  format: string;
  from: number;
  to: number;
  afterPos: number;
  beforePos: number;
}
export interface SourceSpan {
  format: string;
  events: number;
  first: number;
  last: number;
}

const MIN_EVENTS = 50;
const RHYTHM = 50;

export function sourceGaps(scan: Scan, floor: number): { gaps: SourceGap[]; spans: SourceSpan[] } {
  const nF = scan.formats.size;
  const counts = new Array<number>(nF).fill(0);
  for (let p = 0; p < scan.n; p++) counts[scan.fmt[p]]++;
  const intervals = counts.map((c) => new Float64Array(Math.max(0, c - 1)));
  const filled = new Array<number>(nF).fill(0);
  const lastPos = new Array<number>(nF).fill(-1);
  const spans: SourceSpan[] = scan.formats.values.map((format, f) => ({
    format,
    events: counts[f],
    first: Infinity,
    last: -Infinity,
  }));
  for (let p = 0; p < scan.n; p++) {
    const f = scan.fmt[p];
    const ts = scan.ts[p];
    if (ts < spans[f].first) spans[f].first = ts;
    if (ts > spans[f].last) spans[f].last = ts;
    if (lastPos[f] >= 0) intervals[f][filled[f]++] = Math.max(0, ts - scan.ts[lastPos[f]]);
    lastPos[f] = p;
  }
  const gaps: SourceGap[] = [];
  for (let f = 0; f < nF; f++) {
    if (counts[f] < MIN_EVENTS) continue;
    const sorted = intervals[f].slice().sort();
    const threshold = Math.max(floor, RHYTHM * sorted[sorted.length >> 1]);
    let prev = -1;
    for (let p = 0; p < scan.n; p++) {
      if (scan.fmt[p] !== f) continue;
      if (prev >= 0 && scan.ts[p] - scan.ts[prev] > threshold) {
        gaps.push({
          format: scan.formats.values[f],
          from: scan.ts[prev],
          to: scan.ts[p],
          afterPos: prev,
          beforePos: p,
        });
      }
      prev = p;
    }
  }
  return { gaps, spans };
}
