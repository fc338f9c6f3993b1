// `ip:` values → conditions on events.src_ip. IPv4 networks become GLOB patterns over the dotted quad
// (10.0.0.0/8 → `10.*`, 172.16.0.0/12 → `172.1[6-9].*`, `172.2[0-9].*`, `172.3[0-1].*`), which SQLite tests without
// calling back into JavaScript. Text that may spell an address another way — IPv6 (`2001:DB8:0::1`), IPv4-mapped
// (`::ffff:10.0.0.1`), with a port — has a colon, and only that goes through a SQL function that compares the 16
// bytes (core/model/ip.ts), so every spelling of an address matches.
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

const hex = (ip: Ip16) => Buffer.from(ip).toString('hex');

/**
 * Registers ss_ipkey(text) on this connection: the address a source holds as 32 hex digits (IPv4 as IPv4-mapped),
 * which compare as the addresses do; NULL when the text is not an address. One argument and a text result keep
 * the call cheap; the parse is remembered per distinct text.
 */
export function ensureIpFunction(db: CaseDb): void {
  if (registered.has(db)) return;
  const cache = new Map<string, string | null>();
  db.function('ss_ipkey', { deterministic: true }, (text: unknown) => {
    if (typeof text !== 'string') return null;
    let key = cache.get(text);
    if (key === undefined) {
      if (cache.size > 100_000) cache.clear();
      const ip = parseLogIp(text);
      key = ip ? hex(ip) : null;
      cache.set(text, key);
    }
    return key;
  });
  registered.add(db);
}

/**
 * GLOB alternatives for the decimal octets lo…hi (no leading zeros): [16, 31] → 1[6-9], 2[0-9], 3[0-1].
 * Consecutive values sharing all but their last digit become one class; runs of those whose last digit spans
 * 0–9 merge again on the digit before it.
 */
export function octetGlobs(lo: number, hi: number): string[] {
  const runs: { head: string; a: number; b: number; len: number }[] = [];
  for (let v = lo; v <= hi; v++) {
    const s = String(v);
    const head = s.slice(0, -1);
    const d = Number(s[s.length - 1]);
    const last = runs[runs.length - 1];
    if (last && last.head === head && last.len === s.length && last.b === d - 1) last.b = d;
    else runs.push({ head, a: d, b: d, len: s.length });
  }
  const cls = (a: number, b: number) => (a === b ? String(a) : `[${a}-${b}]`);
  const out: string[] = [];
  for (let i = 0; i < runs.length;) {
    const r = runs[i];
    // Merge full runs (0–9) whose heads differ only in their last digit, consecutively.
    if (r.a === 0 && r.b === 9 && r.head.length > 0) {
      const stem = r.head.slice(0, -1);
      const first = Number(r.head[r.head.length - 1]);
      let j = i;
      while (
        j + 1 < runs.length &&
        runs[j + 1].a === 0 &&
        runs[j + 1].b === 9 &&
        runs[j + 1].len === r.len &&
        runs[j + 1].head.slice(0, -1) === stem &&
        Number(runs[j + 1].head[runs[j + 1].head.length - 1]) === first + (j + 1 - i)
      )
        j++;
      out.push(`${stem}${cls(first, first + (j - i))}[0-9]`);
      i = j + 1;
      continue;
    }
    out.push(`${r.head}${cls(r.a, r.b)}`);
    i++;
  }
  return out;
}

/** Dotted-quad GLOB patterns for an IPv4 network: exact for addresses written the usual way. */
function v4Globs(r: IpRange): string[] {
  const bits = r.bits - 96;
  const q = [r.lo[12], r.lo[13], r.lo[14], r.lo[15]];
  const h = [r.hi[12], r.hi[13], r.hi[14], r.hi[15]];
  const fixed = Math.floor(bits / 8);
  if (fixed === 4) return [q.join('.')];
  const head = q.slice(0, fixed).map(String);
  const tail = fixed < 3 ? '.*' : '';
  if (bits % 8 === 0) return [[...head, '*'].join('.')];
  return octetGlobs(q[fixed], h[fixed]).map((o) => [...head, o].join('.') + tail);
}

export function ipCondition(db: CaseDb, r: IpRange): Condition {
  ensureIpFunction(db);
  const keyed = { sql: 'ss_ipkey(e.src_ip) BETWEEN ? AND ?', args: [hex(r.lo), hex(r.hi)] };
  // Text that is not a plain dotted quad (IPv6, IPv4-mapped, with a port) goes through the function.
  const other = { sql: `(e.src_ip LIKE '%:%' AND ${keyed.sql})`, args: keyed.args };
  if (!r.v4) {
    // A short IPv6 prefix (::/0, ::/64) may hold the IPv4 space, which logs write as dotted quads.
    const holdsV4 = compareIp(r.lo, V4_LO) <= 0 && compareIp(r.hi, V4_HI) >= 0;
    return holdsV4 ? keyed : other;
  }
  if (r.bits === 96) return { sql: `(e.src_ip GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*' OR ${other.sql})`, args: other.args };
  const globs = v4Globs(r);
  const text = r.bits === 128 ? ['e.src_ip = ?'] : globs.map(() => 'e.src_ip GLOB ?');
  return { sql: `(${text.join(' OR ')} OR ${other.sql})`, args: [...globs, ...other.args] };
}

const V4_LO = parseIPv4('0.0.0.0')!;
const V4_HI = parseIPv4('255.255.255.255')!;
