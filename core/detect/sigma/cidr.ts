// The `cidr` modifier: an IPv4 or IPv6 network. Node's BlockList does the prefix test (and treats
// IPv4-mapped IPv6 addresses as their IPv4 address).
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  text: string;
  list: BlockList;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address; null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addr = slash < 0 ? t : t.slice(0, slash);
  const v = isIP(addr);
  if (v === 0) return null;
  const max = v === 4 ? 32 : 128;
  const bits = slash < 0 ? max : Number(t.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0 || bits > max || (slash >= 0 && !/^\d+$/.test(t.slice(slash + 1))))
    return null;
  const list = new BlockList();
  list.addSubnet(addr, bits, v === 4 ? 'ipv4' : 'ipv6');
  return { text: t, list };
}

export function cidrContains(c: Cidr, value: string): boolean {
  let a = value.trim();
  // Addresses logged with a port or zone ("10.0.0.1:443", "[::1]:80", "fe80::1%eth0").
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const pct = a.indexOf('%');
  if (pct > 0) a = a.slice(0, pct);
  let v = isIP(a);
  if (v === 0) {
    const colon = a.lastIndexOf(':');
    if (colon > 0 && a.indexOf(':') === colon) {
      a = a.slice(0, colon);
      v = isIP(a);
    }
  }
  if (v === 0) return false;
  return c.list.check(a, v === 4 ? 'ipv4' : 'ipv6');
}
