// Telling IP addresses from the host names and service names logs put in the same field.
import { isIP } from 'node:net';

/** The address itself, without a port or IPv6 brackets; null when the value is not an IP address. */
export function ipOrNull(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return null;
  let s = v.trim();
  if (isIP(s)) return s;
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracket && isIP(bracket[1])) return bracket[1];
  const port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(s);
  if (port && isIP(port[1])) return port[1];
  s = s.split(',')[0].trim(); // X-Forwarded-For style lists: the first hop
  return isIP(s) ? s : null;
}
