// The analyst's MaxMind database: read with mmdb-lib, it wins where it answers (AS, organisation, country, a Tor
// exit or a hosting provider from an Anonymous IP database); set through `enrichment.settings` (audited), recorded
// with its SHA-256; a database no longer at hand is named, not silently dropped.
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';
import { caseFrom, type TestCase } from '../derive/case.js';
import { writeMmdb } from './mmdb-writer.js';
import { mapRecord, openMmdb } from '../../core/enrich/mmdb.js';
import type { EventJson } from '../../core/query/event-json.js';

const tmp = tempDir('ss-mmdb-');
const asnDb = path.join(tmp.dir, 'Test-ASN.mmdb');
const anonDb = path.join(tmp.dir, 'Test-Anonymous-IP.mmdb');
let c: TestCase;
beforeAll(async () => {
  writeFileSync(
    asnDb,
    writeMmdb(
      [
        [
          '3.80.0.0/16',
          {
            autonomous_system_number: 64500,
            autonomous_system_organization: 'Analyst Test Org',
            country: { iso_code: 'NZ' },
          },
        ],
        ['2600:1f18::/32', { autonomous_system_number: 64501, autonomous_system_organization: 'Analyst v6 Org' }],
      ],
      { type: 'GeoLite2-ASN', description: 'test ASN database' },
    ),
  );
  writeFileSync(
    anonDb,
    writeMmdb([['3.81.0.0/24', { is_tor_exit_node: true, is_hosting_provider: true }]], {
      type: 'GeoIP2-Anonymous-IP',
      description: 'test anonymous IP database',
    }),
  );
  c = await caseFrom([fixture('enrich', 'networks-cloudtrail.jsonl')]);
});
afterAll(() => {
  c?.close();
  tmp.cleanup();
});

describe('reading .mmdb files', () => {
  it('maps GeoLite2, IPinfo and Anonymous IP layouts', () => {
    const db = openMmdb(asnDb);
    expect(db.info).toMatchObject({ kind: 'mmdb', name: 'mmdb/Test-ASN.mmdb', date: '2026-03-10' });
    expect(db.info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(db.get('3.80.0.10')).toEqual({ asn: 64500, org: 'Analyst Test Org', country: 'NZ' });
    expect(db.get('2600:1f18::1')).toEqual({ asn: 64501, org: 'Analyst v6 Org' });
    expect(db.get('8.8.8.8')).toBeNull();
    expect(mapRecord({ asn: 'AS13335', as_name: 'Cloudflare, Inc.', country_code: 'us' })).toEqual({
      asn: 13335,
      org: 'Cloudflare, Inc.',
      country: 'US',
    });
  });

  it('refuses a file that is not a MaxMind database, with its name', () => {
    const bad = path.join(tmp.dir, 'not.mmdb');
    writeFileSync(bad, 'hello');
    expect(() => openMmdb(bad)).toThrow(/not a MaxMind DB/);
  });
});

describe('a case enriched with the analyst databases', () => {
  it('their answers win; the datasets are recorded; the setting is audited', async () => {
    await c.api('enrichment.settings', { mmdb: [asnDb, anonDb] });
    const rows = await c.api<EventJson[]>('events.list', { filter: { search: 'ip:3.80.0.10' }, limit: 1 });
    expect(rows[0]).toMatchObject({ src_asn: 64500, src_org: 'Analyst Test Org', src_country: 'NZ' });
    // The bundled cloud ranges still say where it is.
    expect(rows[0].src_cloud).toMatchObject({ provider: 'aws', region: 'us-east-1' });
    const v6 = await c.api<EventJson[]>('events.list', { filter: { search: 'ip:2600:1f18::1' }, limit: 1 });
    expect(v6[0]).toMatchObject({ src_asn: 64501, src_org: 'Analyst v6 Org' });
    const tor = await c.api<EventJson[]>('events.list', { filter: { search: 'tor:yes' }, limit: 100 });
    expect(new Set(tor.map((r) => r.src_ip))).toEqual(new Set(['185.220.101.1', '3.81.0.20']));
    const list = await c.api<{ datasets: { name: string; sha256: string; status: string }[] }>('enrichment.list');
    expect(list.datasets.find((d) => d.name === 'mmdb/Test-ASN.mmdb')).toMatchObject({ status: 'used' });
    const audit = c.handle.db
      .prepare("SELECT count(*) FROM audit_log WHERE method = 'enrichment.settings'")
      .pluck()
      .get();
    expect(audit).toBe(1);
    const custody = c.handle.db.prepare("SELECT count(*) FROM custody_log WHERE action = 'enrichment'").pluck().get();
    expect(custody).toBe(2);
  });

  it('a database no longer at hand is named as missing; the bundled data still answers', async () => {
    rmSync(anonDb);
    const r = await c.api<{ warnings?: string[]; enrichment?: { warnings: string[] } }>('derive.rebuild', {});
    expect(r.enrichment!.warnings.join('\n')).toMatch(/Test-Anonymous-IP\.mmdb was not used/);
    const list = await c.api<{ datasets: { name: string; status: string }[] }>('enrichment.list');
    expect(list.datasets.find((d) => d.name === 'mmdb/Test-Anonymous-IP.mmdb')).toMatchObject({ status: 'missing' });
    const tor = await c.api<EventJson[]>('events.list', { filter: { search: 'tor:yes' }, limit: 100 });
    expect(tor.map((r) => r.src_ip)).toEqual(['185.220.101.1']);
  });

  it('refuses a path that is no MaxMind database', async () => {
    await expect(c.api('enrichment.settings', { mmdb: [path.join(tmp.dir, 'nope.mmdb')] })).rejects.toThrow(
      /cannot read/,
    );
  });
});
