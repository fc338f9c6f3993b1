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

/** Short zone label: UTC, Europe/Berlin → "Europe/Berlin (UTC+01:00)". */
export function zoneLabel(tz: string, at: number = Date.now()): string {
  const zone = resolveZone(tz);
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const off = offsetMinutes(zone, at);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${zone} (UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')})`;
}

export function offsetMinutes(zone: string, at: number): number {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60000);
}

/** Parses `YYYY-MM-DD HH:MM[:SS[.mmm]]` typed in the display zone (or a full ISO string) → ISO UTC. */
export function parseInZone(text: string, tz: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?)?$/.exec(t);
  if (!m) return null;
  const guess = Date.UTC(
    +m[1],
    +m[2] - 1,
    +m[3],
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
    +(m[7] ?? '0').padEnd(3, '0'),
  );
  const zone = resolveZone(tz);
  const off = offsetMinutes(zone, guess);
  return new Date(guess - off * 60000).toISOString();
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
