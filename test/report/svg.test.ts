// The report's vector figures: hostile names stay text, big scopes fold into groups, time axes follow the zone.
import { describe, expect, it } from 'vitest';
import { graphFromEvents, MAX_RESOURCES } from '../../core/report/collect/graph-data.js';
import { graphSvg } from '../../core/report/svg/graph.js';
import { timelineSvg } from '../../core/report/svg/timeline.js';
import { timeTicks } from '../../core/report/svg/axis.js';
import { makeClock } from '../../core/report/time.js';
import { HOSTILE } from './scenario.js';

const clock = makeClock('UTC');
const T0 = Date.parse('2026-03-10T13:00:00Z') * 1000;

describe('report figures', () => {
  it('keep hostile names as text', () => {
    const g = graphFromEvents(
      [
        {
          id: 1,
          identity: HOSTILE,
          resource: `arn:aws:s3:::b/${HOSTILE}`,
          action: 's3:GetObject',
          category: 'read',
          outcome: 'success',
          ts: T0,
        },
      ],
      [],
      clock,
    );
    const svg =
      graphSvg(g.nodes, g.edges, HOSTILE) +
      timelineSvg({
        lanes: [HOSTILE],
        marks: [{ ts: T0, lane: 0, category: 'read', failed: false, label: '1' }],
        context: [],
        manual: [{ ts: T0, label: HOSTILE }],
        from: T0,
        to: T0 + 60e6,
        clock,
        title: HOSTILE,
      });
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
    // No element gains an event-handler attribute (quoted attribute values are inert text and are skipped).
    for (const tag of svg.matchAll(/<[a-zA-Z][^>]*>/g))
      expect(tag[0].replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]+=/i);
  });

  it('fold a large scope into groups of resources', () => {
    const events = Array.from({ length: 500 }, (_, i) => ({
      id: i,
      identity: `role-${i % 3}`,
      resource: `arn:aws:s3:::bucket-${i % 4}/prefix/obj-${i}`,
      action: 's3:GetObject',
      category: 'read',
      outcome: 'success',
      ts: T0 + i,
    }));
    const g = graphFromEvents(events, [], clock);
    const resources = g.nodes.filter((n) => n.kind === 'resource');
    expect(resources.length).toBeLessThanOrEqual(MAX_RESOURCES);
    expect(resources.map((n) => n.label)).toContain('arn:aws:s3:::bucket-0/prefix/* (125 resources)');
    expect(g.nodes.filter((n) => n.kind === 'identity')).toHaveLength(3);
  });

  it('put axis ticks on wall-clock boundaries of the display zone', () => {
    const kolkata = makeClock('Asia/Kolkata');
    // Hourly ticks: aligned on UTC they would read 18:30, 19:30…; on Kolkata's wall clock, 19:00, 20:00…
    const ticks = timeTicks(T0, T0 + 8 * 3600e6, kolkata);
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t.label).toMatch(/^\d\d:00$/);
    expect(kolkata.full(T0)).toBe('2026-03-10 18:30:00.000');
    expect(kolkata.label).toBe('Asia/Kolkata (UTC+05:30)');
  });
});
