// Display-zone helpers (renderer/src/lib/time.ts): offsets come from the instant shown, and typed times are read
// in the display zone unless they carry their own offset — across DST changes in both directions.
import { describe, expect, it } from 'vitest';
import {
  fmtTime,
  offsetMinutes,
  parseInZone,
  zoneLabel,
  zoneSpanLabel,
  wallToInstant,
} from '../../renderer/src/lib/time';

const LA = 'America/Los_Angeles';
const ms = (iso: string) => Date.parse(iso);

describe('offsets from the instant shown', () => {
  it('labels 2026-03-10 in Los Angeles as PDT (-07:00) and January as PST (-08:00)', () => {
    expect(zoneLabel(LA, ms('2026-03-10T13:59:49Z'))).toBe('America/Los_Angeles (UTC-07:00 PDT)');
    expect(zoneLabel(LA, ms('2026-01-15T12:00:00Z'))).toBe('America/Los_Angeles (UTC-08:00 PST)');
  });
  it('switches exactly at the change (2026-03-08 10:00Z) and back (2026-11-01 09:00Z)', () => {
    expect(offsetMinutes(LA, ms('2026-03-08T09:59:59Z'))).toBe(-480);
    expect(offsetMinutes(LA, ms('2026-03-08T10:00:00Z'))).toBe(-420);
    expect(offsetMinutes(LA, ms('2026-11-01T08:59:59Z'))).toBe(-420);
    expect(offsetMinutes(LA, ms('2026-11-01T09:00:00Z'))).toBe(-480);
  });
  it('handles the southern hemisphere and half-hour zones', () => {
    expect(offsetMinutes('Australia/Sydney', ms('2026-01-10T00:00:00Z'))).toBe(660);
    expect(offsetMinutes('Australia/Sydney', ms('2026-07-10T00:00:00Z'))).toBe(600);
    expect(offsetMinutes('Asia/Kolkata', ms('2026-03-10T00:00:00Z'))).toBe(330);
    expect(zoneLabel('Asia/Kolkata', ms('2026-03-10T00:00:00Z'))).toBe('Asia/Kolkata (UTC+05:30)');
  });
  it('names both offsets for a span that crosses a change, one when it does not', () => {
    expect(zoneSpanLabel(LA, ms('2026-03-07T12:00:00Z'), ms('2026-03-09T12:00:00Z'))).toBe(
      'America/Los_Angeles (UTC-08:00 PST → UTC-07:00 PDT)',
    );
    expect(zoneSpanLabel(LA, ms('2026-03-10T13:00:00Z'), ms('2026-03-10T14:00:00Z'))).toBe(
      'America/Los_Angeles (UTC-07:00 PDT)',
    );
    expect(zoneSpanLabel('UTC', 0, 1)).toBe('UTC');
  });
  it('without an instant gives the zone alone (never an offset taken from "now")', () => {
    expect(zoneLabel(LA)).toBe(LA);
    expect(zoneLabel('UTC')).toBe('UTC');
  });
  it('formats wall-clock times with the offset in force then', () => {
    expect(fmtTime('2026-03-10T13:59:49.123Z', LA)).toBe('2026-03-10 06:59:49.123');
    expect(fmtTime('2026-01-10T13:59:49.123Z', LA)).toBe('2026-01-10 05:59:49.123');
  });
});

describe('times typed in the UI', () => {
  it('reads a time without an offset in the display zone, with the offset of that date', () => {
    expect(parseInZone('2026-03-10 06:59', LA)).toBe('2026-03-10T13:59:00.000Z');
    expect(parseInZone('2026-01-10 06:59', LA)).toBe('2026-01-10T14:59:00.000Z');
    expect(parseInZone('2026-03-10T06:59:49.5', LA)).toBe('2026-03-10T13:59:49.500Z');
    expect(parseInZone('2026-03-10', LA)).toBe('2026-03-10T07:00:00.000Z');
    expect(parseInZone('2026-03-10 06:59', 'UTC')).toBe('2026-03-10T06:59:00.000Z');
  });
  it('uses the offset of the answer, not of the guess, on the day of a change', () => {
    // 2026-03-08 01:59 PST is before the change, 03:00 PDT after; in UTC those are 09:59 and 10:00.
    expect(parseInZone('2026-03-08 01:59', LA)).toBe('2026-03-08T09:59:00.000Z');
    expect(parseInZone('2026-03-08 03:00', LA)).toBe('2026-03-08T10:00:00.000Z');
    // 2026-11-01 evening: PST all along, although the UTC-read guess is still in PDT.
    expect(parseInZone('2026-11-01 20:00', LA)).toBe('2026-11-02T04:00:00.000Z');
  });
  it('reads a time that happens twice as the earlier one, and a time in the spring gap as clocks show it', () => {
    expect(parseInZone('2026-11-01 01:30', LA)).toBe('2026-11-01T08:30:00.000Z'); // 01:30 PDT
    expect(parseInZone('2026-03-08 02:30', LA)).toBe('2026-03-08T10:30:00.000Z'); // = 03:30 PDT
    expect(wallToInstant(Date.UTC(2026, 2, 8, 2, 30), LA)).toBe(ms('2026-03-08T10:30:00Z'));
  });
  it('lets an offset typed with the time win over the display zone', () => {
    expect(parseInZone('2026-03-10 06:59Z', LA)).toBe('2026-03-10T06:59:00.000Z');
    expect(parseInZone('2026-03-10T06:59:00+02:00', LA)).toBe('2026-03-10T04:59:00.000Z');
    expect(parseInZone('2026-03-10T06:59:00-0700', 'UTC')).toBe('2026-03-10T13:59:00.000Z');
    expect(parseInZone('2026-03-10T06:59:00.123456Z', LA)).toBe('2026-03-10T06:59:00.123Z');
  });
  it('refuses what is not a time (null, never a guess)', () => {
    for (const bad of ['', 'yesterday', '2026-13-01', '2026-02-30', '2026-03-10 25:00', '10/03/2026'])
      expect(parseInZone(bad, LA)).toBeNull();
  });
});
