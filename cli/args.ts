// Command-line values the API types more narrowly than "a string": checked here, so a wrong value names the
// flag it came from and the values it may take.
import { UserError } from '../core/errors.js';

export function choice<T extends string>(values: readonly T[], v: string, flag: string): T {
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new UserError('INVALID_PARAMS', `${flag} must be one of ${values.join(', ')}: ${v}`);
}

export function optionalChoice<T extends string>(
  values: readonly T[],
  v: string | undefined,
  flag: string,
): T | undefined {
  return v === undefined ? undefined : choice(values, v, flag);
}
