// Spans in the report (coverage silences): in the report's zone to the second, with their length — never the raw
// UTC instants with microseconds the core hands over.
import { describe, expect, it } from 'vitest';
import { durationText, makeClock, spanText } from '../../core/report/time.js';

describe('report spans', () => {
  it('writes a length as an analyst reads it', () => {
    expect(durationText(45e6)).toBe('45 s');
    expect(durationText(12 * 60e6)).toBe('12 min');
    expect(durationText((2 * 60 + 13) * 60e6)).toBe('2 h 13 min');
    expect(durationText(3 * 3600e6)).toBe('3 h');
    expect(durationText((3 * 24 + 4) * 3600e6)).toBe('3 d 4 h');
  });

  it('writes a span in the zone, to the second, the end date only when it differs', () => {
    const utc = makeClock('UTC');
    expect(spanText(utc, '2026-03-10T15:39:02.000Z', '2026-03-10T17:52:18.000Z')).toBe(
      '2026-03-10 15:39:02 – 17:52:18 (2 h 13 min)',
    );
    expect(spanText(utc, '2026-03-03T10:21:22.576843Z', '2026-03-04T08:06:04.224625Z')).toBe(
      '2026-03-03 10:21:22 – 2026-03-04 08:06:04 (21 h 45 min)',
    );
    // The display zone, with the offset of each instant: Los Angeles is UTC−7 on the 10th (after the switch).
    const la = makeClock('America/Los_Angeles');
    expect(spanText(la, '2026-03-10T15:39:02.5Z', '2026-03-10T17:52:18Z')).toBe(
      '2026-03-10 08:39:02 – 10:52:18 (2 h 13 min)',
    );
  });
});
