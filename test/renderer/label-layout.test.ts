// The timeline's label layout (renderer/src/views/timeline/label-layout.ts): on a lane no two marks and no two
// labels overlap, whatever the density; labels shorten or give way, marks merge into groups.
import { describe, expect, it } from 'vitest';
import {
  assignRows,
  groupLabel,
  layoutLane,
  type LayoutOptions,
  type PlacedMark,
} from '../../renderer/src/views/timeline/label-layout';

const opts: LayoutOptions = {
  dotPx: 10,
  groupPx: 22,
  gapPx: 3,
  minLabelPx: 30,
  maxLabelPx: 160,
  rightPx: Infinity,
  measure: (s) => s.length * 6,
};

/** [left, right) of what a placed mark draws: the mark, then its label after a gap. */
function extent(m: PlacedMark): [number, number] {
  const right = m.x + m.width / 2 + (m.labelPx > 0 ? opts.gapPx + m.labelPx : 0);
  return [m.x - m.width / 2, right];
}

function assertNoOverlap(marks: PlacedMark[]): void {
  for (let i = 1; i < marks.length; i++) {
    const [, prevRight] = extent(marks[i - 1]);
    const [left] = extent(marks[i]);
    expect(left, `mark ${i} overlaps mark ${i - 1}`).toBeGreaterThanOrEqual(prevRight);
  }
}

/** A deterministic pseudo-random sequence (no flaky tests). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('layoutLane', () => {
  it('labels every mark in full when there is room', () => {
    const marks = layoutLane(
      [
        { id: 'a', x: 0, label: 's3:GetObject' },
        { id: 'b', x: 200, label: 'iam:CreateAccessKey' },
      ],
      opts,
    );
    expect(marks.map((m) => [m.ids, m.label, m.clipped])).toEqual([
      [['a'], 's3:GetObject', false],
      [['b'], 'iam:CreateAccessKey', false],
    ]);
    expect(marks[0].labelPx).toBe(72);
  });

  it('shortens a label to the room before the next mark, and drops it below the minimum', () => {
    const marks = layoutLane(
      [
        { id: 'a', x: 0, label: 'sts:AssumeRoleWithWebIdentity' },
        { id: 'b', x: 60, label: 'sts:GetCallerIdentity' },
        { id: 'c', x: 90, label: 'secretsmanager:GetSecretValue' },
      ],
      opts,
    );
    // a: room = 60-5 - (0+5) - 6 = 44 ≥ 30 → shortened; b: room = 85-65-6 = 14 < 30 → no label.
    expect(marks.map((m) => [m.label, m.labelPx, m.clipped])).toEqual([
      ['sts:AssumeRoleWithWebIdentity', 44, true],
      ['', 0, false],
      ['secretsmanager:GetSecretValue', 160, true],
    ]);
    assertNoOverlap(marks);
  });

  it('merges marks closer than a group mark into one group, in time order, with a telling label', () => {
    const marks = layoutLane(
      [
        { id: 'c', x: 14, label: 's3:GetObject' },
        { id: 'a', x: 0, label: 's3:GetObject' },
        { id: 'b', x: 5, label: 's3:GetObject' },
        { id: 'd', x: 100, label: 'x' },
      ],
      opts,
    );
    expect(marks[0].ids).toEqual(['a', 'b', 'c']);
    expect(marks[0].width).toBe(22);
    expect(marks[0].label).toBe('s3:GetObject ×3');
    expect(marks[1].ids).toEqual(['d']);
    expect(groupLabel(['a', 'b', 'b'])).toBe('b +2 more');
    expect(groupLabel(['', ''])).toBe('2 events');
  });

  it('never lets two marks or labels of a lane overlap, on dense random lanes (1,000 trials)', () => {
    const r = rng(7);
    for (let trial = 0; trial < 1000; trial++) {
      const n = 1 + Math.floor(r() * 80);
      const width = 200 + r() * 1200;
      const pts = Array.from({ length: n }, (_, i) => ({
        id: String(i),
        x: r() * width,
        label: 'x'.repeat(Math.floor(r() * 40)),
      }));
      const marks = layoutLane(pts, opts);
      assertNoOverlap(marks);
      expect(marks.flatMap((m) => m.ids).sort()).toEqual(pts.map((p) => p.id).sort());
      for (const m of marks)
        if (m.labelPx > 0) expect(m.labelPx).toBeGreaterThanOrEqual(Math.min(opts.minLabelPx, opts.measure(m.label)));
    }
  });

  it('is empty for an empty lane', () => {
    expect(layoutLane([], opts)).toEqual([]);
  });
});

describe('assignRows', () => {
  it('puts overlapping spans on separate rows and reuses a row once it is free', () => {
    const rows = assignRows(
      [
        { id: 'a', left: 0, right: 100 },
        { id: 'b', left: 50, right: 120 },
        { id: 'c', left: 110, right: 200 },
        { id: 'd', left: 60, right: 70 },
      ],
      5,
      2,
    );
    expect(Object.fromEntries(rows)).toEqual({ a: 0, b: 1, d: 2, c: 0 });
  });

  it('marks spans that would need more than maxRows rows with -1 (announced, not overprinted)', () => {
    const spans = Array.from({ length: 5 }, (_, i) => ({ id: String(i), left: i, right: 100 }));
    const rows = assignRows(spans, 3, 0);
    expect([...rows.values()].filter((r) => r === -1)).toHaveLength(2);
  });
});
