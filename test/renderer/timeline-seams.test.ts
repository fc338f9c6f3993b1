// Pure seams of the timeline view: the density band's span (strays far away are left out only when they would
// squeeze the case, never for one identity's view) and what analysts marked (tags and layers per event, hidden
// layers left out).
import { describe, expect, it } from 'vitest';
import { bandRange } from '../../renderer/src/views/timeline/band-range';
import { buildMarks } from '../../renderer/src/views/timeline/annotation-marks';
import type { Annotation, Histogram, Layer, ManualEvent } from '../../renderer/src/lib/contract';

const DAY = 86400_000;
const T0 = Date.parse('2026-03-03T00:00:00Z');

function hist(counts: number[], binMs: number): Histogram {
  return {
    from: new Date(T0).toISOString(),
    to: new Date(T0 + counts.length * binMs).toISOString(),
    bin_ms: binMs,
    counts,
    failures: counts.map(() => 0),
    flagged: counts.map(() => 0),
    total: counts.reduce((a, b) => a + b, 0),
  };
}

describe('bandRange', () => {
  // 2000 bins of one hour: 5,000 events in the last week, one stray record 80 days earlier.
  const counts = new Array<number>(2000).fill(0);
  counts[0] = 1;
  for (let i = 1832; i < 2000; i++) counts[i] = 30;
  const h = hist(counts, 3600_000);

  it('leaves out a stray record that would squeeze the case into a sliver of the band', () => {
    const r = bandRange(h, false);
    expect(r.trimmed).toBe(true);
    expect(r.from).toBeGreaterThan(T0 + 70 * DAY);
    expect(r.to).toBe(Date.parse(h.to!));
  });
  it('never leaves anything out of one identity or session', () => {
    expect(bandRange(h, true)).toEqual({ from: T0, to: Date.parse(h.to!), trimmed: false });
  });
  it('keeps everything when the events are spread over the span', () => {
    const even = hist(new Array<number>(2000).fill(3), 3600_000);
    expect(bandRange(even, false).trimmed).toBe(false);
  });
});

const layer = (id: number, name: string, color: string, hidden = false): Layer => ({
  id,
  name,
  color,
  hidden,
  position: id,
  description: '',
  created_at: '',
  created_by: null,
});
function ann(
  id: number,
  layerName: string,
  target: Annotation['target'],
  tag: string | null,
  kind = 'tag',
): Annotation {
  return {
    id,
    layer: layerName,
    layer_id: 1,
    kind: kind as Annotation['kind'],
    target,
    tag,
    tag_color: null,
    body: kind === 'note' ? 'a note' : null,
    finding_id: null,
    created_at: '',
    created_by: null,
    updated_at: '',
    updated_by: null,
    event_sha: null,
  };
}

describe('buildMarks', () => {
  const ev = Date.parse('2026-03-10T13:59:49Z') * 1024 + 3;
  const layers = [layer(1, 'triage', '#c0262d'), layer(2, 'private', '#123456', true)];
  const anns = [
    ann(1, 'triage', { kind: 'event', id: ev }, 'privesc'),
    ann(2, 'triage', { kind: 'event', id: ev }, 'privesc'),
    ann(3, 'triage', { kind: 'event', id: ev }, null, 'note'),
    ann(4, 'private', { kind: 'event', id: ev }, 'secret-tag'),
    ann(5, 'triage', { kind: 'range', from: '2026-03-10T13:46:00Z', to: '2026-03-10T13:59:00Z' }, null, 'note'),
  ];
  const manual: ManualEvent[] = [
    {
      id: 7,
      layer: 'triage',
      layer_id: 1,
      ts: '2026-03-10T15:00:00Z',
      kind: 'call',
      title: 'called the owner',
      body: '',
      identity: null,
      resource: null,
      created_at: '',
      created_by: null,
    },
  ];
  const m = buildMarks(anns, manual, layers);

  it('gives each event its tags once and its layers, in the layer colour', () => {
    expect(m.byEvent.get(ev)).toEqual({
      tags: [{ name: 'privesc', color: '#c0262d' }],
      layers: [{ name: 'triage', color: '#c0262d' }],
      notes: 1,
    });
  });
  it('puts event annotations at the event time, ranges as ranges, manual events as points; hidden layers out', () => {
    expect(m.markers.map((x) => x.id)).toEqual(['a1', 'a2', 'a3', 'a5', 'm7']);
    expect(m.markers[0].ms).toBe(Date.parse('2026-03-10T13:59:49Z'));
    expect(m.markers[3].end).toBe(Date.parse('2026-03-10T13:59:00Z'));
    expect(m.markers[4].label).toBe('manual · called the owner');
    expect(m.markers.some((x) => x.label.includes('secret-tag'))).toBe(false);
  });
});
