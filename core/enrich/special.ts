// Special-purpose address blocks (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890 and after):
// private, loopback, link-local, shared (CGNAT), documentation, benchmarking, multicast, reserved. No dataset says
// anything true about them, so enrichment leaves them empty and says why.
import { inRange, parseIp, prefixRange, type Ip16, type IpRange } from '../model/ip.js';

export type Special =
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'shared'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'reserved'
  | 'unspecified';

const BLOCKS: [string, Special][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

const RANGES: [IpRange, Special][] = BLOCKS.map(([b, kind]) => {
  const [a, len] = b.split('/');
  const ip = parseIp(a)!;
  const v4 = !a.includes(':');
  return [prefixRange(ip, (v4 ? 96 : 0) + Number(len)), kind];
});

/** The special-purpose kind of an address, or null for a global unicast address. */
export function specialKind(ip: Ip16): Special | null {
  for (const [r, kind] of RANGES) if (inRange(ip, r)) return kind;
  return null;
}

const V4: [number, number, Special][] = BLOCKS.filter(([b]) => !b.includes(':')).map(([b, kind]) => {
  const [a, len] = b.split('/');
  const o = a.split('.').map(Number);
  const base = ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
  const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
  return [base, mask, kind];
});

/** specialKind for an IPv4 address as an unsigned 32-bit number. */
export function specialKindV4(x: number): Special | null {
  for (const [base, mask, kind] of V4) if ((x & mask) >>> 0 === base) return kind;
  return null;
}
