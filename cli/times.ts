// `--from`/`--to`/`--since` and `--tz`, read the same way by every command: a time with an offset (or Z) is that
// instant; one without is a wall-clock time in `--tz` (UTC by default). A time that does not parse, an unknown
// zone or a range that ends before it starts is a usage error (exit 2), never an empty answer.
import { UserError } from '../core/errors.js';
import { isZone, parseTypedTime } from '../core/model/zoned-time.js';
import { formatMicros } from '../core/model/time.js';

export const TZ_HELP =
  'time zone (IANA name) of the table, and of --from/--to times typed without an offset (2026-03-10T09:00)';

export function checkZone(tz: string): string {
  if (!isZone(tz))
    throw new UserError('INVALID_PARAMS', `--tz: unknown time zone ${tz} (an IANA name: UTC, Europe/Berlin, …)`);
  return tz;
}

/** One typed time as ISO-8601 UTC for the API. */
export function typedTime(v: string | undefined, flag: string, tz: string): string | undefined {
  const us = typedMicros(v, flag, tz);
  return us === undefined ? undefined : formatMicros(us);
}

function typedMicros(v: string | undefined, flag: string, tz: string): number | undefined {
  if (v === undefined) return undefined;
  const us = parseTypedTime(v, checkZone(tz));
  if (us === null)
    throw new UserError(
      'INVALID_PARAMS',
      `${flag}: not a time: ${v} (ISO-8601: 2026-03-10, 2026-03-10T09:00 in --tz, or 2026-03-10T09:00Z)`,
    );
  return us;
}

/** --from/--to as ISO-8601 UTC, checked: --from must come before --to. */
export function timeRange(
  from: string | undefined,
  to: string | undefined,
  tz: string,
): { from?: string; to?: string } {
  const f = typedMicros(from, '--from', tz);
  const t = typedMicros(to, '--to', tz);
  if (f !== undefined && t !== undefined && f >= t)
    throw new UserError('INVALID_PARAMS', `--from ${from} is not before --to ${to}: the range holds nothing`);
  return {
    ...(f !== undefined ? { from: formatMicros(f) } : {}),
    ...(t !== undefined ? { to: formatMicros(t) } : {}),
  };
}
