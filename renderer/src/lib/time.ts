// Times: UTC is canonical (the core speaks ISO-8601 UTC); the display zone is a view setting.
// Displayed as `2026-03-10 13:02:10.123` with the zone label beside it, never ambiguous.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function resolveZone(tz: string): string {
  return tz === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : tz;
}

/** Fractional seconds of an ISO string, as written (µs kept when the core has them). */
function fraction(iso: string, digits: number): string {
  const m = /\.(\d+)/.exec(iso);
  const f = (m ? m[1] : '').padEnd(digits, '0').slice(0, digits);
  return f;
}

export function toMs(iso: string | number | Date): number {
  if (typeof iso === 'number') return iso;
  if (iso instanceof Date) return iso.getTime();
  return Date.parse(iso);
}

/** `2026-03-10 13:02:10.123` in the zone. */
export function fmtTime(
  iso: string | number | null | undefined,
  tz: string,
  opts: { ms?: boolean; micro?: boolean } = {},
): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const ms = toMs(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const zone = resolveZone(tz);
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  let s = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  if (opts.ms !== false) {
    const frac = typeof iso === 'string' ? fraction(iso, opts.micro ? 6 : 3) : String(ms % 1000).padStart(3, '0');
    s += '.' + frac;
  }
  return s;
}

export function fmtDate(iso: string | number | null | undefined, tz: string): string {
  return fmtTime(iso, tz, { ms: false }).slice(0, 10);
}

/** `+01:00` / `-07:00` for an offset in minutes east of UTC. */
export function fmtOffset(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const abbrFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant when it has a lettered one (PDT, PST, CET…), else ''. */
export function zoneAbbr(zone: string, at: number): string {
  let f = abbrFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    abbrFormatters.set(zone, f);
  }
  const name = f.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return /^[A-Z]{2,5}$/.test(name) && name !== 'UTC' ? name : '';
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';
}

/**
 * Zone label. With an instant, the offset in force at that instant (DST-correct: America/Los_Angeles on
 * 2026-03-10 is "America/Los_Angeles (UTC-07:00 PDT)"); without one, only the zone's name — an offset taken from
 * "now" would be wrong beside times from another season.
 */
export function zoneLabel(tz: string, at?: number): string {
  const zone = resolveZone(tz);
  if (isUtc(zone)) return 'UTC';
  if (at === undefined || !Number.isFinite(at)) return zone;
  const abbr = zoneAbbr(zone, at);
  return `${zone} (UTC${fmtOffset(offsetMinutes(zone, at))}${abbr ? ' ' + abbr : ''})`;
}

/** Zone label for a span of time: one offset, or both when the span crosses a change (DST). */
export function zoneSpanLabel(tz: string, from: number, to: number): string {
  const zone = resolveZone(tz);
  if (isUtc(zone)) return 'UTC';
  const a = offsetMinutes(zone, from);
  const b = offsetMinutes(zone, to);
  if (a === b) return zoneLabel(tz, from);
  const na = zoneAbbr(zone, from);
  const nb = zoneAbbr(zone, to);
  return `${zone} (UTC${fmtOffset(a)}${na ? ' ' + na : ''} → UTC${fmtOffset(b)}${nb ? ' ' + nb : ''})`;
}

const offsetCache = new Map<string, number>();
/** Offsets change on whole quarter hours at most, so an offset is cached per zone and quarter hour. */
const SLOT_MS = 15 * 60_000;

/** Minutes east of UTC in force in `zone` at the instant `at` (ms). */
export function offsetMinutes(zone: string, at: number): number {
  const slot = Math.floor(at / SLOT_MS);
  const key = `${zone}|${slot}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  // The slot's start: every instant of a quarter hour has the same offset.
  const t = slot * SLOT_MS;
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const off = Math.round((asUtc - t) / 60000);
  if (offsetCache.size > 20_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/**
 * The instant (ms) at which the wall-clock time `wall` (its fields read as if UTC) happens in `zone`.
 * Near a change the offset of the answer, not of the guess, is the one that counts: try the offsets in force
 * around it. A time that occurs twice (autumn) is the earlier one; a time that never occurs (the spring gap)
 * is read with the offset before the gap, as clocks show it (02:30 → 03:30 PDT), like Temporal's "compatible".
 */
export function wallToInstant(wall: number, zone: string): number {
  const before = offsetMinutes(zone, wall - 86400_000);
  const after = offsetMinutes(zone, wall + 86400_000);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * 60000)
    .filter((t) => wall - offsetMinutes(zone, t) * 60000 === t)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0];
  return wall - before * 60000; // in the gap
}

/**
 * Reads a time typed in the UI: `YYYY-MM-DD[ HH:MM[:SS[.fff]]]` (or with `T`) in the display zone, unless the text
 * carries its own offset (`Z`, `+02:00`, `-0700`), which then wins. → ISO UTC, or null when it is not a time.
 */
export function parseInZone(text: string, tz: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(t);
  if (!m) return null;
  const [mo, d, h, mi, s] = [+m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(+m[1], mo - 1, d, h, mi, s, +(m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (new Date(wall).getUTCDate() !== d) return null; // 2026-02-30
  const offText = m[8];
  if (offText) {
    if (/^z$/i.test(offText)) return new Date(wall).toISOString();
    const o = /([+-])(\d\d):?(\d\d)/.exec(offText)!;
    const minutes = (o[1] === '-' ? -1 : 1) * (+o[2] * 60 + +o[3]);
    return new Date(wall - minutes * 60000).toISOString();
  }
  const zone = resolveZone(tz);
  return new Date(isUtc(zone) ? wall : wallToInstant(wall, zone)).toISOString();
}

export const ZONES = [
  'UTC',
  'local',
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.abs(ms) / 1000;
  if (s < 1) return `${Math.round(Math.abs(ms))} ms`;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400 * 2) return `${(s / 3600).toFixed(s < 36000 ? 1 : 0)} h`;
  return `${(s / 86400).toFixed(s < 864000 ? 1 : 0)} d`;
}

/** An ISO-8601 UTC time as text that sorts and compares as the instant does (six fraction digits, `Z`). */
export function isoKey(iso: string): string {
  return iso.replace(/(?:\.(\d+))?Z$/, (_, f: string | undefined) => `.${(f ?? '').padEnd(6, '0')}Z`);
}
