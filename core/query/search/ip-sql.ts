// `ip:` values → conditions on events.src_ip. Addresses are compared as 16 bytes (core/model/ip.ts) by a SQL
// function, so every spelling of an address matches (`2001:DB8:0::1`, `[2001:db8::1]:443`, `::ffff:10.0.0.1`).
// IPv4 networks on octet boundaries (the common case: an address, /24, /16, /8, `203.0.113.*`) are first narrowed
// by plain text (`10.%`), which SQLite tests without calling back into JavaScript; only text that may hold an
// address in another spelling (it has a colon) goes through the function.
import type { CaseDb } from '../../casefile/open.js';
import type { Condition } from '../identity-filter.js';
import {
  compareIp,
  formatIp,
  isNetworkAddress,
  parseIPv4,
  parseIp,
  parseLogIp,
  prefixRange,
  type Ip16,
  type IpRange,
} from '../../model/ip.js';
import type { FieldNode } from '../../model/search/ast.js';
import { SearchError } from '../../model/search/errors.js';
import { segsText } from '../../model/search/glob.js';

const FORMS =
  'an address (10.0.0.1, 2001:db8::1), a CIDR (10.0.0.0/8, 2001:db8::/32) or an IPv4 wildcard (203.0.113.*)';

export interface ParsedIp {
  range: IpRange;
  /** How the value was read, for explain: `10.0.0.0/8`. */
  canonical: string;
  note?: string;
}

/** Parses an `ip:` value; null when it is not an address form at all (src_ip: then treats it as text). */
export function readIpValue(v: string): ParsedIp | null | 'malformed' {
  // Only hex digits, dots, colons, a slash and stars can spell an address; anything else is text.
  if (!/^[0-9a-fA-F:.*/]+$/.test(v)) return null;
  if (v === '*') return { range: prefixRange(new Uint8Array(16), 0), canonical: '::/0' };
  if (v.includes('*')) {
    const parts = v.split('.');
    const first = parts.indexOf('*');
    if (parts.length > 4 || first < 1 || parts.slice(first).some((p) => p !== '*')) return 'malformed';
    const fixed = parts.slice(0, first);
    const ip = parseIPv4([...fixed, ...new Array<string>(4 - fixed.length).fill('0')].join('.'));
    if (!ip) return 'malformed';
    const r = prefixRange(ip, 96 + fixed.length * 8);
    return { range: r, canonical: `${formatIp(r.lo)}/${fixed.length * 8}` };
  }
  const slash = v.indexOf('/');
  if (slash >= 0) {
    const ip = parseIp(v.slice(0, slash));
    const len = v.slice(slash + 1);
    if (!ip || !/^\d{1,3}$/.test(len)) return 'malformed';
    const v4 = !v.slice(0, slash).includes(':');
    const max = v4 ? 32 : 128;
    const n = Number(len);
    if (n > max) return 'malformed';
    const bits = v4 ? 96 + n : n;
    const r = prefixRange(ip, bits);
    const canonical = `${formatIp(r.lo)}/${n}`;
    return isNetworkAddress(ip, bits)
      ? { range: r, canonical }
      : { range: r, canonical, note: `${v} has host bits set: read as ${canonical}` };
  }
  const ip = parseIp(v);
  if (!ip) return /^[0-9a-fA-F:.]+$/.test(v) && /[.:]/.test(v) ? 'malformed' : null;
  return { range: prefixRange(ip, 128), canonical: formatIp(ip) };
}

export function ipValue(n: FieldNode, strict: boolean): ParsedIp | null {
  const v = segsText(n.segs);
  const r = n.segs.some((s) => s.t === 'one') ? 'malformed' : readIpValue(v);
  // src_ip: reads what is not a well-formed address form as text.
  if (!strict && r === 'malformed') return null;
  if (r === 'malformed' || (r === null && strict)) {
    const hint = v.includes('*') && v.includes(':') ? ' (IPv6 networks are written as a prefix: 2001:db8::/32)' : '';
    throw new SearchError(
      `'${v}' is not ${FORMS}${hint}${strict ? '; to match the source as text use src_ip:' : ''}`,
      n.valueStart,
      n.valueEnd,
      { expected: ['10.0.0.1', '10.0.0.0/8', '203.0.113.*', '2001:db8::/32'] },
    );
  }
  return r;
}

const registered = new WeakSet<CaseDb>();

/** Registers ss_ip_in(text, lo, hi) on this connection: 1 when the text is an address inside [lo, hi]. */
export function ensureIpFunction(db: CaseDb): void {
  if (registered.has(db)) return;
  const cache = new Map<string, Ip16 | null>();
  db.function('ss_ip_in', { deterministic: true }, (text: unknown, lo: unknown, hi: unknown) => {
    if (typeof text !== 'string' || !(lo instanceof Uint8Array) || !(hi instanceof Uint8Array)) return 0;
    let ip = cache.get(text);
    if (ip === undefined) {
      if (cache.size > 100_000) cache.clear();
      ip = parseLogIp(text);
      cache.set(text, ip);
    }
    return ip !== null && compareIp(ip, lo) >= 0 && compareIp(ip, hi) <= 0 ? 1 : 0;
  });
  registered.add(db);
}

const blob = (ip: Ip16) => Buffer.from(ip);
const V4_LO = parseIPv4('0.0.0.0')!;
const V4_HI = parseIPv4('255.255.255.255')!;

export function ipCondition(db: CaseDb, r: IpRange): Condition {
  ensureIpFunction(db);
  const other = { sql: "(e.src_ip LIKE '%:%' AND ss_ip_in(e.src_ip, ?, ?))", args: [blob(r.lo), blob(r.hi)] };
  if (!r.v4) {
    // A short IPv6 prefix (::/0, ::/64) may hold the IPv4 space, which logs write as dotted quads.
    const holdsV4 = compareIp(r.lo, V4_LO) <= 0 && compareIp(r.hi, V4_HI) >= 0;
    return holdsV4 ? { sql: 'ss_ip_in(e.src_ip, ?, ?)', args: [blob(r.lo), blob(r.hi)] } : other;
  }
  const bits = r.bits - 96;
  const octets = Math.floor(bits / 8);
  const quad = [r.lo[12], r.lo[13], r.lo[14], r.lo[15]];
  let text: Condition;
  if (bits === 32) text = { sql: 'e.src_ip = ?', args: [quad.join('.')] };
  else if (octets === 0)
    text = { sql: "(e.src_ip LIKE '%.%' AND ss_ip_in(e.src_ip, ?, ?))", args: [blob(r.lo), blob(r.hi)] };
  else {
    const prefix = quad.slice(0, octets).join('.') + '.%';
    text =
      bits % 8 === 0
        ? { sql: "e.src_ip LIKE ? ESCAPE '\\'", args: [prefix] }
        : { sql: "(e.src_ip LIKE ? ESCAPE '\\' AND ss_ip_in(e.src_ip, ?, ?))", args: [prefix, blob(r.lo), blob(r.hi)] };
  }
  return { sql: `(${text.sql} OR ${other.sql})`, args: [...text.args, ...other.args] };
}
