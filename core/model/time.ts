// Timestamps to UTC microseconds. Log sources write time in many shapes; everything below was seen in
// the corpus or in the vendors' docs. Returns null when the value is not a time we can place exactly.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$/;

/**
 * UTC offsets in minutes of the zone abbreviations log sources print (PostgreSQL's default set for the ambiguous ones).
 */
export const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  UT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  IST: 120,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
  BRT: -180,
  ART: -180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  PHT: 480,
  WIB: 420,
};

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const c = zone[0];
  if (c === '+' || c === '-') {
    const digits = zone.slice(1).replace(':', '');
    const h = Number(digits.slice(0, 2));
    const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (h > 23 || m > 59) return null;
    return (c === '-' ? -1 : 1) * (h * 60 + m);
  }
  const v = ZONE_ABBREVIATIONS[zone.toUpperCase()];
  return v === undefined ? null : v;
}

/** Parses an ISO-8601 / RFC 3339 / "YYYY-MM-DD HH:MM:SS[.f] [zone]" string. No zone means UTC. */
export function parseIsoMicros(s: string): number | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  const month = Number(mo),
    day = Number(d),
    hour = Number(h),
    minute = Number(mi),
    second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const off = offsetMinutes(zone);
  if (off === null) return null;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (!Number.isFinite(ms)) return null;
  // Date.UTC rolls 31 February over to March: refuse dates that do not exist.
  const check = new Date(ms);
  if (check.getUTCDate() !== day && hour !== 24) return null;
  let micros = ms * 1000;
  if (frac) micros += Math.floor(Number((frac + '000000000').slice(0, 9)) / 1000);
  return micros - off * 60_000_000;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
export function epochToMicros(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n < 1e11) return Math.round(n * 1e6);
  if (n < 1e14) return Math.round(n * 1e3);
  if (n < 1e17) return Math.round(n);
  return Math.round(n / 1e3);
}

const NUMERIC = /^\d{9,19}(?:\.\d+)?$/;

/** Any time value a log may hold: epoch number, numeric string, ISO string. */
export function toMicros(v: unknown): number | null {
  if (typeof v === 'number') return epochToMicros(v);
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return null;
  if (NUMERIC.test(v)) {
    // Nanosecond epochs exceed double precision: split off the fraction by digits, not by arithmetic.
    const [int] = v.split('.');
    if (int.length >= 18) return Number(int.slice(0, int.length - 3));
    return epochToMicros(Number(v));
  }
  return parseIsoMicros(v);
}

/** ISO-8601 UTC with microseconds when they are not zero, else milliseconds. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const rest = us - ms * 1000;
  if (rest === 0) return iso;
  return iso.slice(0, -1) + String(rest).padStart(3, '0') + 'Z';
}
