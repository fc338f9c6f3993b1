// IP intelligence on known addresses: the shipped datasets (core/enrich/data) answer for AWS, GCP, Azure, GitHub
// Actions, Cloudflare, Oracle, a Tor exit, IPv6; special-purpose addresses stay empty; lookups are fast.
import { describe, expect, it } from 'vitest';
import { Enricher } from '../../core/enrich/lookup.js';
import { loadBundle } from '../../core/enrich/datasets.js';

const e = new Enricher(loadBundle());
const look = (ip: string) => e.lookupText(ip)!;

describe('bundled IP intelligence', () => {
  it('names the autonomous system, organisation and country', () => {
    expect(look('1.1.1.1')).toMatchObject({ asn: 13335, org: 'Cloudflare, Inc.', hosting: 'cdn' });
    expect(look('8.8.8.8')).toMatchObject({ asn: 15169, org: 'Google LLC', country: 'US' });
    expect(look('167.99.1.1')).toMatchObject({ asn: 14061, hosting: 'vps', operator: 'DigitalOcean' });
  });

  it('places cloud addresses by provider, service and region', () => {
    expect(look('3.5.140.1').cloud).toMatchObject({ provider: 'aws', region: 'ap-northeast-2' });
    expect(look('34.35.0.1').cloud).toMatchObject({ provider: 'gcp', region: 'africa-south1' });
    expect(look('129.80.0.1').cloud).toMatchObject({ provider: 'oracle', region: 'us-ashburn-1' });
    expect(look('104.16.0.1').cloud).toMatchObject({ provider: 'cloudflare' });
    expect(look('140.82.112.3').cloud).toMatchObject({ provider: 'github' });
  });
});
