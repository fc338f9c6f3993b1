// Times in the report's display zone. UTC stays canonical: the cover and every table header name the zone,
// and the appendix keeps ISO-8601 UTC. Formatting is by Intl with one cached formatter per zone; the
// sub-second digits are copied from the ISO string, so microsecond precision survives any zone.
import { UserError } from '../errors.js';
import { formatMicros, parseIsoMicros } from '../model/time.js';

export interface Clock {
  tz: string;
  /** "UTC" or "Europe/Berlin (UTC+01:00 at the start of the period)" */
  label: string;
  /** `2026-03-10 13:02:10.123` */
  full(t: string | number): string;
  /** `2026-03-10 13:02` */
  minute(t: string | number): string;
  /** `2026-03-10 13:02:10` (no fraction: spans, where microseconds are noise) */
  second(t: string | number): string;
  /** `13:02:10` */
  clock(t: string | number): string;
  /** `2026-03-10` */
  date(t: string | number): string;
  /** µs of the given time (ISO or µs). */
  us(t: string | number): number;
  /** The zone's offset from UTC (ms) at an instant (µs). */
  offset(us: number): number;
}

export function checkZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
  } catch {
    throw new UserError('INVALID_PARAMS', `unknown time zone ${tz}`);
  }
  return tz;
}

function offsetLabel(tz: string, at: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName');
  const v = part?.value ?? 'GMT';
  return v === 'GMT' ? 'UTC+00:00' : v.replace('GMT', 'UTC');
}

/** The zone's offset from UTC in ms at an instant (ms): "UTC+05:30" → 19,800,000. */
export function offsetMs(tz: string, atMs: number): number {
  const m = /UTC([+-])(\d{2}):(\d{2})/.exec(offsetLabel(tz, atMs));
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

export function makeClock(tz: string, periodStartUs?: number): Clock {
  checkZone(tz);
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const us = (t: string | number): number => (typeof t === 'number' ? t : (parseIsoMicros(t) ?? 0));
  type Parts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac', string>;
  const parts = (t: string | number): Parts => {
    const iso = typeof t === 'number' ? formatMicros(t) : t;
    const p: Record<string, string> = {};
    for (const x of fmt.formatToParts(new Date(Math.floor(us(t) / 1000)))) p[x.type] = x.value;
    const frac = /\.(\d+)Z$/.exec(iso)?.[1] ?? '000';
    return { ...p, frac: frac.length < 3 ? frac.padEnd(3, '0') : frac } as Parts;
  };
  const utc = tz === 'UTC' || tz === 'Etc/UTC';
  return {
    tz,
    label: utc ? 'UTC' : `${tz} (${offsetLabel(tz, periodStartUs !== undefined ? periodStartUs / 1000 : Date.now())})`,
    full(t) {
      const p = parts(t);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.frac}`;
    },
    minute(t) {
      const p = parts(t);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    },
    second(t) {
      const p = parts(t);
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    },
    clock(t) {
      const p = parts(t);
      return `${p.hour}:${p.minute}:${p.second}`;
    },
    date(t) {
      const p = parts(t);
      return `${p.year}-${p.month}-${p.day}`;
    },
    us,
    offset: (t) => (utc ? 0 : offsetMs(tz, t / 1000)),
  };
}

/** A length of time as an analyst reads it: `45 s`, `12 min`, `2 h 13 min`, `3 d 4 h`. */
export function durationText(us: number): string {
  const s = Math.round(Math.max(0, us) / 1e6);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/**
 * A span in the report's zone to the second, the end's date left out when it is the start's, with its length:
 * `2026-03-10 15:39:02 – 17:52:18 (2 h 13 min)`.
 */
export function spanText(clock: Clock, from: string | number, to: string | number): string {
  const a = clock.second(from);
  const b = clock.second(to);
  const end = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b;
  return `${a} – ${end} (${durationText(clock.us(to) - clock.us(from))})`;
}
