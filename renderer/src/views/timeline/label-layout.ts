// Where marks and labels go on one lane, in pixels, so that nothing on a lane overprints (pure; no DOM).
//
// Lanes do not stack (vis-timeline's stacking is O(n²) and makes lane heights jump), so legibility is decided
// here: marks closer than a group mark's width merge into one group mark ("×5", click to zoom in or select them
// all), and a label is drawn only in the room before the next mark — shortened with an ellipsis when at least
// `minLabelPx` fit, else left to the tooltip. Every mark keeps its full description in the tooltip.

export interface LanePoint {
  id: string;
  /** Horizontal position of the mark's centre in the lane, px. */
  x: number;
  /** The label this mark would like to show ('' for none). */
  label: string;
}

export interface LayoutOptions {
  /** Width of a single mark, px. */
  dotPx: number;
  /** Width of a group mark, px (≥ dotPx): marks whose centres are closer than this merge. */
  groupPx: number;
  /** Space between a mark and its label, and between a label and the next mark, px. */
  gapPx: number;
  /** A label shortened to less than this is not drawn at all. */
  minLabelPx: number;
  /** No label is wider than this (so a mark's label reaches at most this far right of it). */
  maxLabelPx: number;
  /** Room to the right of the last mark, px (the lane's visible width minus its x), or Infinity. */
  rightPx: number;
  /** Width of a text in the label font, px. */
  measure: (text: string) => number;
}

export interface PlacedMark {
  /** The points this mark stands for, in time order (one for a single mark). */
  ids: string[];
  x: number;
  /** Width of the mark, px (dotPx or groupPx). */
  width: number;
  /** The label to draw, '' for none. */
  label: string;
  /** Width the label may take (it is shortened to this with an ellipsis), 0 when there is no label. */
  labelPx: number;
  /** True when the label had to be shortened. */
  clipped: boolean;
}

/** The label of a group mark: `action ×n` when all members share it, else the most frequent one `+ n-1 more`. */
export function groupLabel(labels: string[]): string {
  const counts = new Map<string, number>();
  let top = labels[0] ?? '';
  for (const l of labels) {
    const c = (counts.get(l) ?? 0) + 1;
    counts.set(l, c);
    if (c > (counts.get(top) ?? 0)) top = l;
  }
  if (!top) return `${labels.length} events`;
  if (counts.size === 1) return `${top} ×${labels.length}`;
  return `${top} +${labels.length - 1} more`;
}

/** Places the marks and labels of one lane. Points may come in any order; the result is left to right. */
export function layoutLane(points: readonly LanePoint[], o: LayoutOptions): PlacedMark[] {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  // 1. Marks: a point closer than a group mark's width to the current mark's anchor joins it.
  const marks: { pts: LanePoint[]; x: number }[] = [];
  for (const p of sorted) {
    const cur = marks[marks.length - 1];
    if (cur && p.x - cur.x < o.groupPx + o.gapPx) cur.pts.push(p);
    else marks.push({ pts: [p], x: p.x });
  }
  // 2. Labels: in the room between a mark's right edge and the next mark's left edge.
  return marks.map((m, i) => {
    const width = m.pts.length > 1 ? o.groupPx : o.dotPx;
    const next = marks[i + 1];
    const nextLeft = next ? next.x - (next.pts.length > 1 ? o.groupPx : o.dotPx) / 2 : m.x + width / 2 + o.rightPx;
    const room = Math.min(o.maxLabelPx, nextLeft - (m.x + width / 2) - 2 * o.gapPx);
    const text = m.pts.length > 1 ? groupLabel(m.pts.map((p) => p.label)) : m.pts[0].label;
    const want = text ? o.measure(text) : 0;
    let labelPx = 0;
    let clipped = false;
    if (want > 0 && want <= room) labelPx = Math.ceil(want);
    else if (want > 0 && room >= o.minLabelPx) {
      labelPx = Math.floor(room);
      clipped = true;
    }
    return {
      ids: m.pts.map((p) => p.id),
      x: m.x,
      width,
      label: labelPx > 0 ? text : '',
      labelPx,
      clipped,
    };
  });
}

export interface Span {
  id: string;
  /** Left and right edge of what the item occupies (its mark or range, plus its label), px. */
  left: number;
  right: number;
}

/**
 * Rows for items that may overlap (annotation ranges and points): each goes on the first row whose last item
 * ends before it starts. Items that would need more than `maxRows` rows get row -1 (the caller announces them).
 */
export function assignRows(spans: readonly Span[], maxRows: number, gapPx: number): Map<string, number> {
  const ends: number[] = [];
  const out = new Map<string, number>();
  for (const s of [...spans].sort((a, b) => a.left - b.left || a.right - b.right)) {
    let row = ends.findIndex((e) => e + gapPx <= s.left);
    if (row < 0 && ends.length < maxRows) row = ends.length;
    if (row < 0) {
      out.set(s.id, -1);
      continue;
    }
    ends[row] = s.right;
    out.set(s.id, row);
  }
  return out;
}
