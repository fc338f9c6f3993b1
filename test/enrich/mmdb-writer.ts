// A minimal MaxMind DB writer (format 2.0, IPv6 tree, 24-bit records) for tests: networks → records of strings,
// unsigned integers, booleans and maps, as GeoLite2 ASN / Country / Anonymous IP files hold them.
import { parseIp, prefixRange } from '../../core/model/ip.js';

export type Value = string | number | boolean | { [k: string]: Value } | Value[];

function ctrl(type: number, size: number): Buffer {
  const ext = type > 7;
  const head = (ext ? 0 : type) << 5;
  let sizeBytes: number[] = [];
  let s = size;
  if (size >= 65821) {
    s = 31;
    const v = size - 65821;
    sizeBytes = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  } else if (size >= 285) {
    s = 30;
    const v = size - 285;
    sizeBytes = [(v >> 8) & 255, v & 255];
  } else if (size >= 29) {
    s = 29;
    sizeBytes = [size - 29];
  }
  return Buffer.from([head | s, ...(ext ? [type - 7] : []), ...sizeBytes]);
}

function uint(type: number, n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.concat([ctrl(type, bytes.length), Buffer.from(bytes)]);
}

export function encode(v: Value): Buffer {
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([ctrl(2, b.length), b]);
  }
  if (typeof v === 'boolean') return ctrl(14, v ? 1 : 0);
  if (typeof v === 'number') return uint(6, v);
  if (Array.isArray(v)) return Buffer.concat([ctrl(11, v.length), ...v.map(encode)]);
  const entries = Object.entries(v);
  return Buffer.concat([ctrl(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])]);
}

interface Node {
  kids: [Node | number | null, Node | number | null];
}

/** Writes an .mmdb: each CIDR (IPv4 or IPv6) → its record. */
export function writeMmdb(networks: [string, Value][], meta: { type: string; description: string }): Buffer {
  const data: Buffer[] = [];
  let dataLen = 0;
  const root: Node = { kids: [null, null] };
  for (const [cidr, rec] of networks) {
    const [a, len] = cidr.split('/');
    const ip = parseIp(a)!;
    const v4 = !a.includes(':');
    const bits = (v4 ? 96 : 0) + Number(len);
    // IPv4 lives at ::a.b.c.d/96 in an IPv6 tree (not at ::ffff:a.b.c.d).
    const r = prefixRange(ip, bits);
    const addr = Buffer.from(r.lo);
    if (v4) addr.fill(0, 0, 12);
    const off = dataLen;
    const enc = encode(rec);
    data.push(enc);
    dataLen += enc.length;
    let node = root;
    for (let i = 0; i < bits; i++) {
      const bit = (addr[i >> 3] >> (7 - (i & 7))) & 1;
      if (i === bits - 1) node.kids[bit] = -(off + 1);
      else {
        let next = node.kids[bit];
        if (next === null || typeof next === 'number') node.kids[bit] = next = { kids: [null, null] };
        node = next as Node;
      }
    }
  }
  const nodes: Node[] = [];
  const queue = [root];
  const index = new Map<Node, number>();
  while (queue.length) {
    const n = queue.shift()!;
    index.set(n, nodes.length);
    nodes.push(n);
    for (const k of n.kids) if (k && typeof k === 'object') queue.push(k);
  }
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  nodes.forEach((n, i) => {
    n.kids.forEach((k, side) => {
      const val = k === null ? count : typeof k === 'number' ? count + 16 + (-k - 1) : index.get(k)!;
      tree.writeUIntBE(val, i * 6 + side * 3, 3);
    });
  });
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 6,
    database_type: meta.type,
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1773100800,
    description: { en: meta.description },
  });
  // record_size, ip_version and the format versions are uint16 in the spec; mmdb-lib reads any unsigned type.
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ]);
}
