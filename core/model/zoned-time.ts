// Times typed by people: an ISO-8601 date or date-time that carries an offset (or Z) means that instant; one
// without an offset is a wall-clock time in the display zone (an IANA name), DST included — 2026-03-10T09:00 in
// America/Los_Angeles is 16:00Z (PDT, −07:00), 2026-03-06T09:00 is 17:00Z (PST).
import { parseIsoMicros } from './time.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone. */
export function isZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms) at an instant (ms). */
export function zoneOffsetMs(tz: string, atMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(atMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(atMs / 1000) * 1000;
}

/**
 * µs since the epoch for a typed time, or null when it is not a date/time. `tz` applies only when the text has no
 * offset. A wall-clock time skipped by a DST change reads as the instant the offset before the change gives it.
 */
export function parseTypedTime(text: string, tz: string): number | null {
  const s = text.trim();
  const m = LOCAL.exec(s);
  if (!m || tz === 'UTC' || tz === 'Etc/UTC') return parseIsoMicros(s);
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return null;
  // Two passes: the offset at the guess, then at the instant that offset gives (right across a DST change).
  let utc = wall - zoneOffsetMs(tz, wall);
  utc = wall - zoneOffsetMs(tz, utc);
  const micros = frac ? Number((frac + '000000').slice(0, 6)) : 0;
  return utc * 1000 + micros;
}
