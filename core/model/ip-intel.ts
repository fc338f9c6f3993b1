// What IP intelligence says about a source address, as events, the event detail and the report carry it, and the
// datasets a case was enriched with (core/query/enrichment.ts reads them; the CLI and the renderer print them).

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

export interface SrcIntel {
  src_asn: number | null;
  src_org: string | null;
  src_country: string | null;
  /** Provider and, where it states them, service and region. */
  src_cloud: { provider: string; service: string | null; region: string | null } | null;
  src_tor: boolean;
}

export const NO_INTEL: SrcIntel = { src_asn: null, src_org: null, src_country: null, src_cloud: null, src_tor: false };

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
