// The on-disk form of a range table (`*.ssip`): a magic line, then Brotli over a JSON header (what the data is,
// where it came from, its licence) and the columns — IPv4 starts delta-coded as varints, value indices as
// varints, IPv6 starts as 16 raw bytes. The ASN table (~500k intervals) is ~3 MB this way instead of ~45 MB of CSV,
// and decodes in tens of milliseconds.
import { endianness } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { RangeTable, type Value } from './ranges.js';

const MAGIC = Buffer.from('SSIP1\n');

export interface SourceRef {
  /** Where the publisher serves it. */
  url: string;
  /** The snapshot actually read: an npm package@version, a repository@commit and path. */
  via: string;
  /** SHA-256 of the snapshot file read. */
  sha256?: string;
  /** The snapshot's own date or version stamp, as published (createDate, syncToken, last_updated_timestamp…). */
  stamp?: string;
}

export interface TableHeader {
  /** Stable dataset name: `ip-location-db/asn`, `cloud/aws`, `tor-exits`. */
  name: string;
  kind: 'asn' | 'country' | 'cloud' | 'tor';
  version: string;
  /** Date of the data (YYYY-MM-DD). */
  date: string;
  license: string;
  attribution: string;
  sources: SourceRef[];
  /** What each value's fields are, in order. */
  fields: string[];
  values: Value[];
}

/** Column bytes as little-endian 32-bit words; IPv4 starts delta-coded (small numbers compress well). */
function columns(t: RangeTable): Buffer {
  const n4 = t.v4Val.length;
  const n6 = t.v6Val.length;
  const words = new Uint32Array(n4 * 2 + n6 * 5);
  let prev = 0;
  for (let i = 0; i < n4; i++) {
    words[i] = t.v4Start[i] - prev;
    prev = t.v4Start[i];
  }
  for (let i = 0; i < n4; i++) words[n4 + i] = t.v4Val[i] >>> 0;
  for (let i = 0; i < n6; i++) words[2 * n4 + i] = t.v6Val[i] >>> 0;
  words.set(t.v6Start, 2 * n4 + n6);
  const out = Buffer.alloc(words.length * 4);
  for (let i = 0; i < words.length; i++) out.writeUInt32LE(words[i], i * 4);
  return out;
}

export function encodeTable(header: Omit<TableHeader, 'values'>, t: RangeTable): Buffer {
  let head = Buffer.from(JSON.stringify({ ...header, values: t.values, v4: t.v4Val.length, v6: t.v6Val.length }));
  // Pad the header with spaces so the columns start 4-byte aligned.
  head = Buffer.concat([head, Buffer.alloc((4 - ((4 + head.length) % 4)) % 4, 0x20)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const body = Buffer.concat([len, head, columns(t)]);
  return Buffer.concat([
    MAGIC,
    brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  ]);
}

export function decodeTable(file: Buffer, what: string): { header: TableHeader; table: RangeTable } {
  if (file.length < MAGIC.length || !file.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error(`${what}: not a SessionScope range table (no SSIP1 header)`);
  if (endianness() !== 'LE') throw new Error(`${what}: range tables are read on little-endian machines only`);
  const body = brotliDecompressSync(file.subarray(MAGIC.length));
  const hlen = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + hlen).toString('utf8')) as TableHeader & { v4: number; v6: number };
  const n4 = header.v4;
  const n6 = header.v6;
  const at = 4 + hlen;
  if (body.length !== at + (n4 * 2 + n6 * 5) * 4) throw new Error(`${what}: damaged range table (length mismatch)`);
  // Copy into an aligned buffer: the columns are little-endian words, as typed arrays on every supported platform.
  const words = new Uint32Array(n4 * 2 + n6 * 5);
  new Uint8Array(words.buffer).set(body.subarray(at));
  const v4Start = words.subarray(0, n4);
  for (let i = 1; i < n4; i++) v4Start[i] = v4Start[i] + v4Start[i - 1];
  const v4Val = new Int32Array(words.buffer, n4 * 4, n4);
  const v6Val = new Int32Array(words.buffer, n4 * 8, n6);
  const v6Start = words.subarray(2 * n4 + n6);
  const { v4: _v4, v6: _v6, ...rest } = header;
  return { header: rest, table: new RangeTable(v4Start, v4Val, v6Start, v6Val, header.values) };
}
