// IP intelligence during derivation: every distinct source address of the case is looked up once (core/enrich),
// the answers are written to ip_intel (what the grid, the event detail, search and the report join), and the
// datasets used are recorded — in enrichment_datasets, and in the custody log whenever they change, so a case
// says which snapshot of which dataset explained its addresses.
import type { CaseDb } from '../casefile/open.js';
import { getMeta } from '../casefile/open.js';
import { canonicalJson } from '../casefile/chain.js';
import { recordCustody } from '../casefile/custody.js';
import { Enricher, type IpIntel } from '../enrich/lookup.js';
import { loadBundle, type DatasetInfo } from '../enrich/datasets.js';
import { openMmdb, type MmdbSource } from '../enrich/mmdb.js';
import { networkOf } from './atoms.js';
import type { Scan } from './scan.js';

export interface IpEnrichment {
  /** Per scan.ips id: what is known, or null when the value is not an address (a service name). */
  intel: (IpIntel | null)[];
  /** Per scan.ips id: the network it counts as for deviation and credential use (netKey), or null. */
  net: (string | null)[];
  /** Per network key: how to name it. */
  labels: Map<string, string>;
  datasets: (DatasetInfo & { status: string })[];
  warnings: string[];
}

const PROVIDER: Record<string, string> = {
  aws: 'AWS',
  gcp: 'Google Cloud',
  azure: 'Azure',
  github: 'GitHub',
  oracle: 'Oracle Cloud',
  cloudflare: 'Cloudflare',
};

export function providerName(p: string): string {
  return PROVIDER[p] ?? p;
}

/** How a network key reads in a reason: AS14061 (DigitalOcean, VPS), AWS us-east-1, Tor exit, 203.0.113.0/24. */
export function netLabel(key: string, intel: IpIntel): string {
  if (key === 'tor') return 'Tor exit';
  if (key.startsWith('cloud:') && intel.cloud) {
    const svc = intel.cloud.provider === 'github' && intel.cloud.service ? ` ${intel.cloud.service}` : '';
    return `${providerName(intel.cloud.provider)}${svc}${intel.cloud.region ? ` ${intel.cloud.region}` : ''}`;
  }
  if (key.startsWith('as:')) {
    const who = intel.operator ?? intel.org ?? 'unknown organisation';
    const kind =
      intel.hosting === 'vps'
        ? ', VPS'
        : intel.hosting === 'cloud'
          ? ', cloud'
          : intel.hosting === 'cdn'
            ? ', CDN'
            : '';
    return `AS${intel.asn} (${who}${kind})`;
  }
  return key.slice(key.indexOf(':') + 1);
}

/** The case setting naming the analyst's .mmdb files (JSON list of paths), set by `enrich --mmdb`. */
export const MMDB_SETTING = 'enrichment_mmdb';

export function mmdbPaths(db: CaseDb): string[] {
  const v = getMeta(db, MMDB_SETTING);
  if (!v) return [];
  try {
    const l = JSON.parse(v) as unknown;
    return Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The network an address counts as: a Tor exit; a cloud provider's region (a new address inside AWS us-east-1 is
 * the same place); an autonomous system; else its /24 (IPv4) or /48 (IPv6). Null for special-purpose addresses and
 * for values that are not addresses.
 */
export function netKey(ip: string, intel: IpIntel | null): string | null {
  if (!intel) return null;
  // Private, shared and documentation blocks are networks too (an office, a VPC); loopback and link-local are not.
  if (intel.special)
    return ['loopback', 'unspecified', 'link-local', 'multicast'].includes(intel.special)
      ? null
      : `net:${networkOf(ip)}`;
  if (intel.tor) return 'tor';
  if (intel.cloud) return `cloud:${intel.cloud.provider}${intel.cloud.region ? `:${intel.cloud.region}` : ''}`;
  if (intel.asn !== null) return `as:${intel.asn}`;
  return `net:${networkOf(ip)}`;
}

export function enrichIps(db: CaseDb, scan: Scan): IpEnrichment {
  const out: IpEnrichment = { intel: [], net: [], labels: new Map(), datasets: [], warnings: [] };
  if (scan.ips.size === 0) return out;
  const mmdbs: MmdbSource[] = [];
  const missing: (DatasetInfo & { status: string })[] = [];
  for (const p of mmdbPaths(db)) {
    try {
      mmdbs.push(openMmdb(p));
    } catch (e) {
      out.warnings.push(`IP intelligence: the analyst's database ${p} was not used: ${(e as Error).message}`);
      missing.push({
        name: `mmdb/${p.split(/[\\/]/).pop()}`,
        kind: 'mmdb',
        version: '',
        date: '',
        sha256: '',
        license: '',
        attribution: '',
        sources: [{ url: p, via: 'the analyst' }],
        file: p,
        status: 'missing',
      });
    }
  }
  const enricher = new Enricher(loadBundle(), mmdbs);
  for (let i = 0; i < scan.ips.size; i++) {
    const text = scan.ips.values[i];
    const intel = enricher.lookupText(text);
    out.intel.push(intel);
    const key = netKey(text, intel);
    out.net.push(key);
    if (key && intel && !out.labels.has(key)) out.labels.set(key, netLabel(key, intel));
  }
  out.datasets = [...enricher.datasets.map((d) => ({ ...d, status: 'used' })), ...missing];
  return out;
}

export function writeIpIntel(db: CaseDb, scan: Scan, e: IpEnrichment, analyst: string | null): void {
  db.prepare('DELETE FROM ip_intel').run();
  const ins = db.prepare(
    `INSERT INTO ip_intel(ip, asn, org, country, cloud, cloud_service, cloud_region, tor, hosting, operator, special, place,
     place_label) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  for (let i = 0; i < e.intel.length; i++) {
    const x = e.intel[i];
    if (!x) continue;
    ins.run(
      scan.ips.values[i],
      x.asn,
      x.org,
      x.country,
      x.cloud?.provider ?? null,
      x.cloud?.service ?? null,
      x.cloud?.region ?? null,
      x.tor ? 1 : 0,
      x.hosting,
      x.operator,
      x.special,
      e.net[i],
      e.net[i] ? (e.labels.get(e.net[i]!) ?? null) : null,
    );
  }
  const before = db.prepare('SELECT name, version, date, sha256, status FROM enrichment_datasets ORDER BY name').all();
  db.prepare('DELETE FROM enrichment_datasets').run();
  const put = db.prepare(
    'INSERT INTO enrichment_datasets(name, kind, version, date, sha256, license, attribution, source, status) VALUES (?,?,?,?,?,?,?,?,?)',
  );
  for (const d of e.datasets)
    put.run(
      d.name,
      d.kind,
      d.version,
      d.date,
      d.sha256 || null,
      d.license,
      d.attribution,
      JSON.stringify(d.sources),
      d.status,
    );
  const after = db.prepare('SELECT name, version, date, sha256, status FROM enrichment_datasets ORDER BY name').all();
  // The custody log says which data explained the case's addresses, each time that changes.
  if (after.length > 0 && canonicalJson(before) !== canonicalJson(after))
    recordCustody(db, 'enrichment', null, analyst, { datasets: after });
}
