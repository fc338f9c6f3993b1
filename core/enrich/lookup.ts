// One address → what the datasets say about it: autonomous system and its organisation, country (of
// registration), the cloud provider's published service and region, a Tor exit, and whether the AS rents
// machines by the hour (VPS / hosting). Special-purpose addresses (private, documentation…) get nothing.
import { formatIp, isV4, parseLogIp, type Ip16 } from '../model/ip.js';
import type { RangeTable, Value } from './ranges.js';
import { loadBundle, type Bundle, type DatasetInfo } from './datasets.js';
import type { MmdbSource } from './mmdb.js';
import { specialKind, specialKindV4, type Special } from './special.js';

export interface CloudRef {
  provider: string;
  service: string | null;
  region: string | null;
}

export interface IpIntel {
  asn: number | null;
  org: string | null;
  country: string | null;
  cloud: CloudRef | null;
  tor: boolean;
  /** The AS's kind of hosting (sessionscope/hosting-asns): vps, cloud, cdn; or an mmdb's is_hosting_provider. */
  hosting: 'vps' | 'cloud' | 'cdn' | null;
  /** A short name for the AS's operator when the hosting list knows it (DigitalOcean). */
  operator: string | null;
  /** Why nothing is known: the address is private, documentation, loopback… */
  special: Special | null;
}

export class Enricher {
  readonly datasets: DatasetInfo[];

  constructor(
    private readonly bundle: Bundle = loadBundle(),
    private readonly mmdbs: MmdbSource[] = [],
  ) {
    this.datasets = [...bundle.datasets, ...mmdbs.map((m) => m.info)];
  }

  /** What is known of an address as a log writes it (`[v6]:port`, `v4:port` too); null when it is no address. */
  lookupText(text: string): IpIntel | null {
    const x = dottedQuad(text);
    if (x >= 0) return this.answer(x, -1, -1, -1, specialKindV4(x));
    const ip = parseLogIp(text);
    return ip ? this.lookup(ip) : null;
  }

  lookup(ip: Ip16): IpIntel {
    const w = (i: number) => ((ip[i] << 24) | (ip[i + 1] << 16) | (ip[i + 2] << 8) | ip[i + 3]) >>> 0;
    if (isV4(ip)) return this.answer(w(12), -1, -1, -1, specialKind(ip));
    return this.answer(w(0), w(4), w(8), w(12), specialKind(ip));
  }

  /** IPv4 when w1 < 0 (w0 the address), else the four words of an IPv6 address. */
  private answer(w0: number, w1: number, w2: number, w3: number, special: Special | null): IpIntel {
    const out: IpIntel = {
      asn: null,
      org: null,
      country: null,
      cloud: null,
      tor: false,
      hosting: null,
      operator: null,
      special,
    };
    if (special) return out;
    const v4 = w1 < 0;
    const find = (t: RangeTable | null): Value | null => {
      if (!t) return null;
      const i = v4 ? t.indexOfV4(w0) : t.indexOfV6(w0, w1, w2, w3);
      return i < 0 ? null : t.values[i];
    };
    const b = this.bundle;
    const a = find(b.asn);
    if (a) {
      out.asn = a[0] as number;
      out.org = (a[1] as string) || null;
    }
    const c = find(b.country);
    if (c) out.country = c[0] as string;
    for (const t of b.clouds) {
      const v = find(t);
      if (!v) continue;
      if (!out.cloud)
        out.cloud = {
          provider: v[0] as string,
          service: (v[1] as string | null) ?? null,
          region: (v[2] as string | null) ?? null,
        };
      // GitHub's Actions and Codespaces blocks are Azure's: the later (wider) cloud still says where.
      else if (out.cloud.region === null && v[2]) out.cloud.region = v[2] as string;
      if (out.cloud.region !== null) break;
    }
    if (find(b.tor)) out.tor = true;
    if (this.mmdbs.length > 0) {
      const text = v4
        ? `${w0 >>> 24}.${(w0 >>> 16) & 255}.${(w0 >>> 8) & 255}.${w0 & 255}`
        : formatWords(w0, w1, w2, w3);
      for (const m of this.mmdbs) {
        const r = m.get(text);
        if (!r) continue;
        if (r.asn !== undefined) {
          out.asn = r.asn;
          out.org = r.org ?? null;
        } else if (r.org !== undefined && out.org === null) out.org = r.org;
        if (r.country !== undefined) out.country = r.country;
        if (r.tor) out.tor = true;
        if (r.hosting && out.hosting === null) out.hosting = 'vps';
      }
    }
    if (out.asn !== null) {
      const h = b.hosting.get(out.asn);
      if (h) {
        out.hosting = h.kind;
        out.operator = h.name;
      }
    }
    return out;
  }
}

/** A plain dotted quad (no port, no leading zeros) as an unsigned 32-bit number, else −1. */
function dottedQuad(s: string): number {
  let x = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      x = x * 256 + part;
      part = 0;
      digits = 0;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return x * 256 + part;
}

function formatWords(w0: number, w1: number, w2: number, w3: number): string {
  const ip = new Uint8Array(16);
  [w0, w1, w2, w3].forEach((w, i) => {
    ip[i * 4] = w >>> 24;
    ip[i * 4 + 1] = (w >>> 16) & 255;
    ip[i * 4 + 2] = (w >>> 8) & 255;
    ip[i * 4 + 3] = w & 255;
  });
  return formatIp(ip);
}
