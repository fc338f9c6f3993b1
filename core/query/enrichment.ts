// The IP intelligence a case was enriched with (`info --json` → enrichment, `enrichment.list`), and what it says about
// the source addresses of a set of events (event rows, the event detail, the report's tables).
import type { CaseDb } from '../casefile/open.js';

export interface EnrichmentDataset {
  name: string;
  kind: string;
  version: string;
  date: string;
  sha256: string | null;
  license: string | null;
  attribution: string | null;
  source: unknown;
  status: string;
}

export function enrichmentInfo(db: CaseDb): EnrichmentDataset[] {
  return (
    db
      .prepare(
        'SELECT name, kind, version, date, sha256, license, attribution, source, status FROM enrichment_datasets ORDER BY kind, name',
      )
      .all() as (Omit<EnrichmentDataset, 'source'> & { source: string | null })[]
  ).map((d) => ({ ...d, source: d.source ? (JSON.parse(d.source) as unknown) : null }));
}

export interface SrcIntel {
  src_asn: number | null;
  src_org: string | null;
  src_country: string | null;
  /** Provider and, where it states them, service and region. */
  src_cloud: { provider: string; service: string | null; region: string | null } | null;
  src_tor: boolean;
}

export const NO_INTEL: SrcIntel = { src_asn: null, src_org: null, src_country: null, src_cloud: null, src_tor: false };

interface IntelRow {
  ip: string;
  asn: number | null;
  org: string | null;
  country: string | null;
  cloud: string | null;
  cloud_service: string | null;
  cloud_region: string | null;
  tor: number;
}

/** What ip_intel says about each of these source values (one query, whatever the number of rows). */
export function intelFor(db: CaseDb, ips: (string | null)[]): Map<string, SrcIntel> {
  const out = new Map<string, SrcIntel>();
  const want = [...new Set(ips.filter((x): x is string => x !== null && x !== ''))];
  const CHUNK = 500;
  for (let i = 0; i < want.length; i += CHUNK) {
    const part = want.slice(i, i + CHUNK);
    const rows = db
      .prepare(
        `SELECT ip, asn, org, country, cloud, cloud_service, cloud_region, tor FROM ip_intel WHERE ip IN (${part.map(() => '?').join(',')})`,
      )
      .all(...part) as IntelRow[];
    for (const r of rows)
      out.set(r.ip, {
        src_asn: r.asn,
        src_org: r.org,
        src_country: r.country,
        src_cloud: r.cloud ? { provider: r.cloud, service: r.cloud_service, region: r.cloud_region } : null,
        src_tor: r.tor === 1,
      });
  }
  return out;
}

/** "aws EC2 us-east-1" */
export function cloudText(c: SrcIntel['src_cloud']): string {
  return c ? [c.provider, c.service, c.region].filter(Boolean).join(' ') : '';
}

/** An event's source network in a few words: `Tor exit · AS60729 Stiftung Erneuerbare Freiheit · DE`. */
export function networkText(e: SrcIntel): string {
  const parts: string[] = [];
  if (e.src_tor) parts.push('Tor exit');
  if (e.src_cloud) parts.push(cloudText(e.src_cloud));
  if (e.src_asn !== null) parts.push(`AS${e.src_asn}${e.src_org ? ` ${e.src_org}` : ''}`);
  if (e.src_country) parts.push(e.src_country);
  return parts.join(' · ');
}
