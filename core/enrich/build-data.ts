// Data refresh (scripts/refresh-enrichment.mjs), never at run time: reads the published sources — the
// ip-location-db CSVs, each cloud provider's own range file, the Tor exit list — and builds the range tables
// shipped in core/enrich/data. Where CIDR blocks nest the innermost wins; identical blocks listed under several
// services are merged into one value.
import { parseIp, prefixRange } from '../model/ip.js';
import { buildTable, ip16ToBig, type InputRange, type RangeTable, type Value } from './ranges.js';

function cidr(text: string): { lo: bigint; hi: bigint } {
  const s = text.trim();
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const ip = parseIp(addr);
  if (!ip) throw new Error(`not an address: ${JSON.stringify(text)}`);
  const v4 = !addr.includes(':');
  const len = slash < 0 ? (v4 ? 32 : 128) : Number(s.slice(slash + 1));
  if (!Number.isInteger(len) || len < 0 || len > (v4 ? 32 : 128)) throw new Error(`bad prefix length: ${text}`);
  const r = prefixRange(ip, v4 ? 96 + len : len);
  return { lo: ip16ToBig(r.lo), hi: ip16ToBig(r.hi) };
}

function addr(text: string): bigint {
  const ip = parseIp(text.trim());
  if (!ip) throw new Error(`not an address: ${JSON.stringify(text)}`);
  return ip16ToBig(ip);
}

/** One CSV line (RFC 4180 quoting) → fields. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unclosed quote: ${line}`);
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** ip-location-db `*-ipv4.csv` / `*-ipv6.csv`: start,end,… (inclusive ranges, addresses as text). */
export function ipLocationCsv(texts: string[], row: (f: string[]) => Value | null): RangeTable {
  const ranges: InputRange[] = [];
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const f = csvFields(line.replace(/\r$/, ''));
      const value = row(f);
      if (value) ranges.push({ lo: addr(f[0]), hi: addr(f[1]), value });
    }
  }
  return buildTable(ranges);
}

export const asnRow = (f: string[]): Value | null => {
  const asn = Number(f[2]);
  return Number.isInteger(asn) && asn > 0 ? [asn, f[3] ?? ''] : null;
};
export const countryRow = (f: string[]): Value | null => (/^[A-Z]{2}$/.test(f[2] ?? '') ? [f[2]] : null);

/** Merges the values of identical blocks: provider, services (joined, the generic one dropped), region. */
class Blocks {
  private readonly byKey = new Map<string, { lo: bigint; hi: bigint; services: Set<string>; regions: Set<string> }>();

  constructor(
    private readonly provider: string,
    private readonly generic: Set<string> = new Set(),
  ) {}

  add(block: string, service: string | null | undefined, region: string | null | undefined): void {
    const { lo, hi } = cidr(block);
    const k = `${lo}-${hi}`;
    let b = this.byKey.get(k);
    if (!b) this.byKey.set(k, (b = { lo, hi, services: new Set(), regions: new Set() }));
    if (service) b.services.add(service);
    if (region) b.regions.add(region);
  }

  table(): RangeTable {
    const out: InputRange[] = [];
    for (const b of this.byKey.values()) {
      let services = [...b.services];
      if (services.some((s) => !this.generic.has(s))) services = services.filter((s) => !this.generic.has(s));
      services.sort();
      const regions = [...b.regions].sort();
      out.push({
        lo: b.lo,
        hi: b.hi,
        value: [
          this.provider,
          services.length > 0 ? services.slice(0, 4).join(',') + (services.length > 4 ? ',…' : '') : null,
          regions.length === 1 ? regions[0] : regions.length > 1 ? regions.join(',') : null,
        ],
      });
    }
    return buildTable(out);
  }
}

export const CLOUD_FIELDS = ['provider', 'service', 'region'];

/** AWS ip-ranges.json: `prefixes` and `ipv6_prefixes`; AMAZON is the umbrella every other service sits inside. */
export function awsRanges(json: string): { table: RangeTable; stamp: string; date: string } {
  const d = JSON.parse(json) as {
    syncToken: string;
    createDate: string;
    prefixes: { ip_prefix: string; region: string; service: string }[];
    ipv6_prefixes: { ipv6_prefix: string; region: string; service: string }[];
  };
  const b = new Blocks('aws', new Set(['AMAZON']));
  for (const p of d.prefixes) b.add(p.ip_prefix, p.service, p.region === 'GLOBAL' ? null : p.region);
  for (const p of d.ipv6_prefixes) b.add(p.ipv6_prefix, p.service, p.region === 'GLOBAL' ? null : p.region);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d.createDate);
  return {
    table: b.table(),
    stamp: `createDate ${d.createDate}, syncToken ${d.syncToken}`,
    date: m ? `${m[1]}-${m[2]}-${m[3]}` : '',
  };
}

/** GCP cloud.json: `ipv4Prefix` / `ipv6Prefix`, service, scope (the region). */
export function gcpRanges(json: string): { table: RangeTable; stamp: string; date: string } {
  const d = JSON.parse(json) as {
    syncToken: string;
    creationTime: string;
    prefixes: { ipv4Prefix?: string; ipv6Prefix?: string; service?: string; scope?: string }[];
  };
  const b = new Blocks('gcp');
  for (const p of d.prefixes) {
    const block = p.ipv4Prefix ?? p.ipv6Prefix;
    if (block) b.add(block, p.service ?? null, p.scope === 'global' ? null : (p.scope ?? null));
  }
  return {
    table: b.table(),
    stamp: `creationTime ${d.creationTime}, syncToken ${d.syncToken}`,
    date: d.creationTime.slice(0, 10),
  };
}

/**
 * Azure service tags (ServiceTags_Public_*.json): regional AzureCloud.<region> tags give the region; other tags the
 * service.
 */
export function azureRanges(json: string, fileName: string): { table: RangeTable; stamp: string; date: string } {
  const d = JSON.parse(json) as {
    changeNumber: number;
    values: { name: string; properties: { region: string; systemService: string; addressPrefixes: string[] } }[];
  };
  const b = new Blocks('azure', new Set(['AzureCloud']));
  for (const v of d.values) {
    const svc = v.properties.systemService || v.name.split('.')[0];
    for (const p of v.properties.addressPrefixes) b.add(p, svc, v.properties.region || null);
  }
  const m = /(\d{4})(\d{2})(\d{2})/.exec(fileName);
  return {
    table: b.table(),
    stamp: `${fileName}, changeNumber ${d.changeNumber}`,
    date: m ? `${m[1]}-${m[2]}-${m[3]}` : '',
  };
}

/** GitHub's meta API: one list of blocks per service (hooks, web, api, git, actions, pages…). */
export function githubRanges(json: string): { table: RangeTable } {
  const d = JSON.parse(json) as Record<string, unknown>;
  const b = new Blocks('github');
  for (const [k, v] of Object.entries(d)) {
    if (!Array.isArray(v) || k === 'ssh_keys' || k === 'domains') continue;
    for (const x of v) if (typeof x === 'string' && /^[0-9a-fA-F:.]+\/\d+$/.test(x)) b.add(x, k, null);
  }
  return { table: b.table() };
}

/** Oracle public_ip_ranges.json: regions with CIDRs and tags (OCI, OSN, OBJECT_STORAGE). */
export function oracleRanges(json: string): { table: RangeTable; stamp: string; date: string } {
  const d = JSON.parse(json) as {
    last_updated_timestamp: string;
    regions: { region: string; cidrs: { cidr: string; tags: string[] }[] }[];
  };
  const b = new Blocks('oracle');
  for (const r of d.regions) for (const c of r.cidrs) b.add(c.cidr, c.tags.join(','), r.region);
  return {
    table: b.table(),
    stamp: `last_updated_timestamp ${d.last_updated_timestamp}`,
    date: d.last_updated_timestamp.slice(0, 10),
  };
}

/** A plain list of blocks, one per line (Cloudflare's ips-v4 / ips-v6). */
export function listRanges(texts: string[], provider: string, service: string | null): { table: RangeTable } {
  const b = new Blocks(provider);
  for (const t of texts)
    for (const line of t.split('\n')) if (line.trim() && !line.startsWith('#')) b.add(line.trim(), service, null);
  return { table: b.table() };
}

/** Tor exit addresses, one per line (check.torproject.org/torbulkexitlist, or Onionoo exit_addresses with IPv6). */
export function torExits(texts: string[]): { table: RangeTable; count: number } {
  const seen = new Set<string>();
  const ranges: InputRange[] = [];
  for (const t of texts) {
    for (const raw of t.split('\n')) {
      const line = raw.trim().replace(/^\[|\]$/g, '');
      if (!line || line.startsWith('#') || seen.has(line)) continue;
      seen.add(line);
      const a = addr(line);
      ranges.push({ lo: a, hi: a, value: ['exit'] });
    }
  }
  return { table: buildTable(ranges), count: ranges.length };
}
