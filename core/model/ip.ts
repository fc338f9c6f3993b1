// IP addresses as 16 bytes (IPv4 as IPv4-mapped IPv6, ::ffff:a.b.c.d), so one byte order compares and ranges
// every address the same way whatever its spelling (`2001:db8::1`, `2001:0DB8:0:0::1`, `[2001:db8::1]:443`).
// Used by search (`ip:` filters) and by anything that needs an address's network.

export type Ip16 = Uint8Array;

export interface IpRange {
  lo: Ip16;
  hi: Ip16;
  /** Prefix length in the 128-bit space (an IPv4 /24 is 120). */
  bits: number;
  /** Whether the range lies inside the IPv4 space (::ffff:0:0/96). */
  v4: boolean;
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** `a.b.c.d` → 16 bytes, or null. Octets are decimal 0–255 (no leading zeros: `010` is ambiguous). */
export function parseIPv4(s: string): Ip16 | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(16);
  out.set(V4_PREFIX);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[12 + i] = n;
  }
  return out;
}

/** An IPv6 literal (with `::`, an embedded IPv4 tail, a `%zone` that is ignored) → 16 bytes, or null. */
export function parseIPv6(input: string): Ip16 | null {
  let s = input;
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (s.length < 2 || !s.includes(':')) return null;
  const words: number[] = [];
  let tail: Ip16 | null = null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parseSide = (side: string, allowV4: boolean): number[] | null => {
    if (side === '') return [];
    const groups = side.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (allowV4 && i === groups.length - 1 && g.includes('.')) {
        tail = parseIPv4(g);
        if (!tail) return null;
        out.push((tail[12] << 8) | tail[13], (tail[14] << 8) | tail[15]);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  if (dbl >= 0) {
    const head = parseSide(s.slice(0, dbl), false);
    const rest = parseSide(s.slice(dbl + 2), true);
    if (!head || !rest || head.length + rest.length > 7) return null;
    words.push(...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest);
  } else {
    const all = parseSide(s, true);
    if (!all || all.length !== 8) return null;
    words.push(...all);
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = words[i] >> 8;
    out[i * 2 + 1] = words[i] & 0xff;
  }
  return out;
}

/** Either family, strictly: the text is one address and nothing else. */
export function parseIp(s: string): Ip16 | null {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/**
 * An address as logs write a source: also `[v6]:port`, `v4:port`. Null when the value is not an address (CloudTrail
 * writes service names such as `cloudtrail.amazonaws.com` in sourceIPAddress).
 */
export function parseLogIp(raw: string): Ip16 | null {
  const s = raw.trim();
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end > 0 ? parseIPv6(s.slice(1, end)) : null;
  }
  const direct = parseIp(s);
  if (direct) return direct;
  const colon = s.lastIndexOf(':');
  if (colon > 0 && s.indexOf(':') === colon && /^\d{1,5}$/.test(s.slice(colon + 1)))
    return parseIPv4(s.slice(0, colon));
  return null;
}

export function isV4(ip: Ip16): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== V4_PREFIX[i]) return false;
  return true;
}

/** The range of a prefix of `bits` (0–128) over an address; host bits of `ip` are cleared. */
export function prefixRange(ip: Ip16, bits: number): IpRange {
  const lo = new Uint8Array(16);
  const hi = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    lo[i] = ip[i] & mask;
    hi[i] = (ip[i] & mask) | (~mask & 0xff);
  }
  return { lo, hi, bits, v4: bits >= 96 && isV4(lo) };
}

export function compareIp(a: Ip16, b: Ip16): number {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function inRange(ip: Ip16, r: IpRange): boolean {
  return compareIp(ip, r.lo) >= 0 && compareIp(ip, r.hi) <= 0;
}

/** Whether the host bits of `ip` below `bits` are all zero (a network address, as CIDR notation expects). */
export function isNetworkAddress(ip: Ip16, bits: number): boolean {
  return compareIp(prefixRange(ip, bits).lo, ip) === 0;
}

/** RFC 5952 text: IPv4 (and IPv4-mapped) as dotted quad, IPv6 lower-case with the longest zero run as `::`. */
export function formatIp(ip: Ip16): string {
  if (isV4(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((ip[i * 2] << 8) | ip[i * 2 + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}
