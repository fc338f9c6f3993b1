// IP intelligence through derivation: events carry src_asn/src_org/src_country/src_cloud/src_tor, search filters on
// them, the case records the datasets (custody and info), and deviation explains addresses by network — a first
// use from a VPS or a Tor exit ranks high, a new address inside the AWS region an identity works from does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import { caseFrom, type TestCase } from '../derive/case.js';
import type { EventJson } from '../../core/query/event-json.js';
import type { DeviationResult } from '../../core/derive/deviations.js';
import type { CaseInfo } from '../../core/query/info.js';

let c: TestCase;
beforeAll(async () => {
  c = await caseFrom([fixture('enrich', 'networks-cloudtrail.jsonl')]);
});
afterAll(() => c?.close());

const events = (search: string) => c.api<EventJson[]>('events.list', { filter: { search }, limit: 1000 });

describe('events carry what the datasets say about their source address', () => {
  it('by provider, service and region; private, documentation and non-address sources stay empty', async () => {
    const rows = await events('principal:*probe');
    const by = (ip: string) => rows.find((r) => r.src_ip === ip)!;
    expect(by('20.38.0.1')).toMatchObject({ src_asn: 8075, src_cloud: { provider: 'github', service: 'actions' } });
    expect(by('34.35.0.1').src_cloud).toEqual({ provider: 'gcp', service: 'Google Cloud', region: 'africa-south1' });
    expect(by('51.140.0.1')).toMatchObject({ src_country: 'GB', src_cloud: { provider: 'azure', region: 'uksouth' } });
    expect(by('104.16.0.1')).toMatchObject({
      src_asn: 13335,
      src_org: 'Cloudflare, Inc.',
      src_cloud: { provider: 'cloudflare' },
    });
    expect(by('129.80.0.1').src_cloud).toMatchObject({ provider: 'oracle', region: 'us-ashburn-1' });
    expect(by('2600:1f18::1')).toMatchObject({
      src_asn: 14618,
      src_cloud: { provider: 'aws', service: 'EC2', region: 'us-east-1' },
    });
    // `[2600:1f18::1]:443` is stated as its address by the importer.
    expect(rows.filter((r) => r.src_ip === '2600:1f18::1').length).toBe(2);
    for (const ip of ['10.0.0.5', '203.0.113.5', '2001:db8::7'])
      expect(by(ip)).toMatchObject({
        src_asn: null,
        src_org: null,
        src_country: null,
        src_cloud: null,
        src_tor: false,
      });
    const service = rows.find((r) => r.src_ip === null);
    expect(service).toMatchObject({ src_asn: null, src_cloud: null, src_tor: false });
  });

  it('Tor exits and VPS hosting', async () => {
    const tor = await events('tor:yes');
    expect(tor.map((r) => r.src_ip)).toEqual(['185.220.101.1']);
    expect(tor[0].src_tor).toBe(true);
    expect((await events('asn:AS14061')).every((r) => r.src_ip === '167.99.1.1')).toBe(true);
    expect((await events('asn:14061')).length).toBe(2);
  });
});

describe('search', () => {
  it('asn:, org:, country:, cloud:, tor:', async () => {
    expect((await events('cloud:aws/us-east-1')).length).toBeGreaterThan(80);
    expect((await events('cloud:aws/EC2 principal:*probe')).map((r) => r.src_ip).sort()).toEqual([
      '2600:1f18::1',
      '2600:1f18::1',
    ]);
    expect((await events('cloud:github/actions')).map((r) => r.src_ip)).toEqual(['20.38.0.1']);
    expect((await events('cloud:azure')).map((r) => r.src_ip)).toEqual(['51.140.0.1']);
    expect((await events('country:gb')).map((r) => r.src_ip)).toEqual(['51.140.0.1']);
    expect((await events('org:*digitalocean*')).length).toBe(2);
    // Negation keeps events without an address.
    const all = await events('principal:*probe');
    const notTor = await events('principal:*probe -tor:yes');
    expect(notTor.length).toBe(all.length);
    // tor:no is every address that is not an exit; a service name as source is no address.
    expect((await events('principal:*probe tor:no')).length).toBe(all.length - 1);
  });

  it('refuses malformed values with what was expected', async () => {
    await expect(events('asn:digitalocean')).rejects.toThrow(/AS number/);
    await expect(events('tor:maybe')).rejects.toThrow(/yes or no/);
    await expect(events('cloud:aws/a/b/c')).rejects.toThrow(/provider/);
  });
});

describe('the case records which data explained its addresses', () => {
  it('info lists every dataset with version, date and SHA-256; custody logs them once', async () => {
    const info = await c.api<CaseInfo>('case.info');
    const names = info.enrichment.map((d) => d.name);
    for (const n of [
      'ip-location-db/asn',
      'ip-location-db/asn-country',
      'cloud/aws',
      'cloud/azure',
      'cloud/gcp',
      'cloud/github',
      'cloud/oracle',
      'cloud/cloudflare',
      'tor-exits',
      'sessionscope/hosting-asns',
    ])
      expect(names).toContain(n);
    for (const d of info.enrichment) {
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.version).not.toBe('');
    }
    const custody = c.handle.db.prepare("SELECT detail FROM custody_log WHERE action = 'enrichment'").all() as {
      detail: string;
    }[];
    expect(custody.length).toBe(1);
    expect(JSON.parse(custody[0].detail).datasets.length).toBe(info.enrichment.length);
    // Deriving again with the same data adds no custody entry.
    await c.api('derive.rebuild', {});
    expect(
      c.handle.db.prepare("SELECT count(*) FROM custody_log WHERE action = 'enrichment'").pluck().get() as number,
    ).toBe(1);
  });
});

describe('deviation explains addresses by network', () => {
  it('a first use from a VPS and a Tor exit ranks high; a new /24 inside the known AWS region does not', async () => {
    const r = await c.api<DeviationResult>('deviations.list', { baseline_until: '2026-03-08T00:00:00Z' });
    const bot = r.deviations.find((d) => d.identity.endsWith('user/ci-bot'))!;
    const deploy = r.deviations.find((d) => d.identity.endsWith('user/deploy'))!;
    expect(bot.reasons.join('\n')).toContain('new ASN AS14061 (DigitalOcean, VPS)');
    expect(bot.details.map((d) => d.code)).toEqual(expect.arrayContaining(['new_tor', 'new_vps_network']));
    expect(deploy.reasons.join('\n')).toMatch(/inside AWS us-east-1/);
    expect(deploy.details.map((d) => d.code)).not.toContain('new_network');
    expect(bot.score).toBeGreaterThanOrEqual(50);
    expect(deploy.score).toBeLessThan(10);
    expect(r.deviations.indexOf(bot)).toBeLessThan(r.deviations.indexOf(deploy));
  });
});
