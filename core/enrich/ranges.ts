// A sorted table of disjoint address intervals, each pointing at a value (an ASN and its organisation, a
// country, a cloud provider's service and region, a Tor exit). IPv4 starts are 32-bit numbers, IPv6 starts
// four 32-bit words; an interval runs from its start to the next start − 1, and value −1 means "no data".
// A lookup is one binary search: millions per second, so enrichment never needs a cache.
import { isV4, type Ip16 } from '../model/ip.js';

export type Value = (string | number | null)[];

export class RangeTable {
  constructor(
    readonly v4Start: Uint32Array,
    readonly v4Val: Int32Array,
    /** 4 words per interval, most significant first. */
    readonly v6Start: Uint32Array,
    readonly v6Val: Int32Array,
    readonly values: Value[],
  ) {
    if (v4Start.length !== v4Val.length || v6Start.length !== v6Val.length * 4)
      throw new Error('range table: columns of different lengths');
  }

  get size(): number {
    return this.v4Val.length + this.v6Val.length;
  }

  /** The value index of the interval holding `ip`, or −1. */
  indexOf(ip: Ip16): number {
    const w3 = ((ip[12] << 24) | (ip[13] << 16) | (ip[14] << 8) | ip[15]) >>> 0;
    if (isV4(ip)) return this.indexOfV4(w3);
    const w0 = ((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]) >>> 0;
    const w1 = ((ip[4] << 24) | (ip[5] << 16) | (ip[6] << 8) | ip[7]) >>> 0;
    const w2 = ((ip[8] << 24) | (ip[9] << 16) | (ip[10] << 8) | ip[11]) >>> 0;
    return this.indexOfV6(w0, w1, w2, w3);
  }

  /** An IPv4 address as an unsigned 32-bit number. */
  indexOfV4(x: number): number {
    const s = this.v4Start;
    let lo = 0;
    let hi = s.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= x) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at < 0 ? -1 : this.v4Val[at];
  }

  indexOfV6(w0: number, w1: number, w2: number, w3: number): number {
    const s = this.v6Start;
    let lo = 0;
    let hi = this.v6Val.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const b = mid * 4;
      const le =
        s[b] < w0 ||
        (s[b] === w0 && (s[b + 1] < w1 || (s[b + 1] === w1 && (s[b + 2] < w2 || (s[b + 2] === w2 && s[b + 3] <= w3)))));
      if (le) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at < 0 ? -1 : this.v6Val[at];
  }

  get(ip: Ip16): Value | null {
    const i = this.indexOf(ip);
    return i < 0 ? null : this.values[i];
  }
}

/** One input range, inclusive, as 128-bit numbers (IPv4 as IPv4-mapped IPv6). */
export interface InputRange {
  lo: bigint;
  hi: bigint;
  value: Value;
}

const V4_BASE = 0xffff00000000n;
const V4_TOP = 0xffffffffffffn;
const MAX = (1n << 128n) - 1n;

export function ip16ToBig(ip: Ip16): bigint {
  let x = 0n;
  for (let i = 0; i < 16; i++) x = (x << 8n) | BigInt(ip[i]);
  return x;
}

/**
 * Builds a table from ranges that nest or are disjoint (CIDR blocks, CSV rows): where ranges nest, the innermost
 * wins (an EC2 block inside an AMAZON block). Identical ranges must be merged by the caller. Adjacent intervals with
 * the same value are joined. Build time only (BigInt arithmetic).
 */
export function buildTable(input: InputRange[]): RangeTable {
  const values: Value[] = [];
  const index = new Map<string, number>();
  const idOf = (v: Value) => {
    const k = JSON.stringify(v);
    let i = index.get(k);
    if (i === undefined) {
      i = values.length;
      values.push(v);
      index.set(k, i);
    }
    return i;
  };
  const ranges = input
    .map((r) => ({ lo: r.lo, hi: r.hi, v: idOf(r.value) }))
    .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.hi > b.hi ? -1 : a.hi < b.hi ? 1 : 0));
  // Boundaries: [position, value]; a later boundary at the same position replaces an earlier one.
  const bounds: [bigint, number][] = [];
  const emit = (at: bigint, v: number) => {
    const last = bounds[bounds.length - 1];
    if (last && last[0] === at) last[1] = v;
    else bounds.push([at, v]);
  };
  const stack: { hi: bigint; v: number }[] = [];
  const closeUntil = (pos: bigint) => {
    while (stack.length > 0 && stack[stack.length - 1].hi < pos) {
      const top = stack.pop()!;
      if (top.hi < MAX) emit(top.hi + 1n, stack.length > 0 ? stack[stack.length - 1].v : -1);
    }
  };
  for (const r of ranges) {
    closeUntil(r.lo);
    emit(r.lo, r.v);
    stack.push({ hi: r.hi, v: r.v });
  }
  closeUntil(MAX + 1n);
  // Join runs of one value; drop a leading "no data".
  const joined: [bigint, number][] = [];
  for (const b of bounds) {
    const last = joined[joined.length - 1];
    if (last ? last[1] === b[1] : b[1] === -1) continue;
    joined.push(b);
  }
  const v4: [bigint, number][] = [];
  const v6: [bigint, number][] = [];
  for (const [at, v] of joined) {
    if (at >= V4_BASE && at <= V4_TOP) v4.push([at - V4_BASE, v]);
    else v6.push([at, v]);
  }
  // An interval open at the top of the IPv4 space ends there: the next IPv6 boundary is beyond it anyway.
  const v4Start = new Uint32Array(v4.length);
  const v4Val = new Int32Array(v4.length);
  v4.forEach(([at, v], i) => {
    v4Start[i] = Number(at);
    v4Val[i] = v;
  });
  // IPv4(-mapped) addresses are looked up in the IPv4 table only, so what the IPv6 table says about
  // ::ffff:0:0/96 is never read.
  const v6b = v6;
  const v6Start = new Uint32Array(v6b.length * 4);
  const v6Val = new Int32Array(v6b.length);
  v6b.forEach(([at, v], i) => {
    for (let w = 0; w < 4; w++) v6Start[i * 4 + w] = Number((at >> BigInt(96 - 32 * w)) & 0xffffffffn);
    v6Val[i] = v;
  });
  return new RangeTable(v4Start, v4Val, v6Start, v6Val, values);
}
