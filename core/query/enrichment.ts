// The IP intelligence a case was enriched with (`info --json` → enrichment, `enrichment.list`), and what it says about
// the source addresses of a set of events (event rows, the event detail, the report's tables).
import type { CaseDb } from '../casefile/open.js';
import { type EnrichmentDataset, type SrcIntel } from '../model/ip-intel.js';

export { NO_INTEL, cloudText, networkText, type EnrichmentDataset, type SrcIntel } from '../model/ip-intel.js';

export function enrichmentInfo(db: CaseDb): EnrichmentDataset[] {
  return (
    db
      .prepare(
        'SELECT name, kind, version, date, sha256, license, attribution, source, status FROM enrichment_datasets ORDER BY kind, name',
      )
      .all() as (Omit<EnrichmentDataset, 'source'> & { source: string | null })[]
  ).map((d) => ({ ...d, source: d.source ? (JSON.parse(d.source) as unknown) : null }));
}

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
