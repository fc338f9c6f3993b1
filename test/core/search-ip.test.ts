// Addresses in search: the 16-byte model (core/model/ip.ts), and `ip:` on a case whose sources are every spelling
// and edge of both families (test/fixtures/search/addresses.jsonl: one CloudTrail event per address). Expected
// hits are the fixture's own addresses filtered by node:net's BlockList, not by the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockList, isIPv6 } from 'node:net';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { queryEvents, countEvents } from '../../core/query/events.js';
import { explainSearch } from '../../core/query/search.js';
import { octetGlobs } from '../../core/query/search/ip-sql.js';
import { formatIp, parseIPv4, parseIPv6, parseLogIp, prefixRange, inRange } from '../../core/model/ip.js';
import { fixture, tempDir } from '../helpers.js';

describe('addresses as 16 bytes', () => {
  it.each([
    ['2001:db8::5', '2001:db8::5'],
    ['2001:DB8:0:0:0:0:0:5', '2001:db8::5'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::ffff:a00:1', '10.0.0.1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s → %s', (text, canonical) => {
    const ip = parseIPv6(text);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(canonical);
  });

  it.each([
    '',
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7',
    '::1.2.3',
    '::256.0.0.1',
  ])('refuses IPv6 %j', (text) => expect(parseIPv6(text)).toBeNull());

  it.each(['1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', '1.2.3.4 ', 'a.b.c.d'])(
    'refuses IPv4 %j',
    (text) => expect(parseIPv4(text)).toBeNull(),
  );

  it('reads sources as logs write them', () => {
    expect(formatIp(parseLogIp('[2001:db8::7]:8443')!)).toBe('2001:db8::7');
    expect(formatIp(parseLogIp('10.1.2.3:443')!)).toBe('10.1.2.3');
    expect(parseLogIp('ec2.amazonaws.com')).toBeNull();
    expect(parseLogIp('AWS Internal')).toBeNull();
  });

  it('ranges prefixes at every length, in both families', () => {
    const r = prefixRange(parseIPv4('172.16.0.0')!, 96 + 12);
    expect(formatIp(r.lo)).toBe('172.16.0.0');
    expect(formatIp(r.hi)).toBe('172.31.255.255');
    expect(inRange(parseIPv4('172.32.0.0')!, r)).toBe(false);
    const v6 = prefixRange(parseIPv6('2001:db8::')!, 32);
    expect(formatIp(v6.hi)).toBe('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(inRange(parseIPv6('2001:db9::')!, v6)).toBe(false);
    expect(prefixRange(parseIPv6('::')!, 0).v4).toBe(false);
    expect(prefixRange(parseIPv4('0.0.0.0')!, 96).v4).toBe(true);
  });
});

describe('ip: on every spelling and edge', () => {
  const t = tempDir('ss-search-ip-');
  let h: CaseHandle;
  let sources: { id: number; ip: string | null }[] = [];

  beforeAll(async () => {
    h = createCase(path.join(t.dir, 'a.sscase'), { name: 'addresses' });
    await runImport(h.db, { casePath: h.path, paths: [fixture('search', 'addresses.jsonl')], analyst: 't' });
    sources = queryEvents(h.db, {}, { limit: 1000 }).map((e) => ({ id: e.id, ip: e.src_ip }));
  });
  afterAll(() => {
    h.close();
    t.cleanup();
  });

  const oracle = (cidr: string) => {
    const [addr, len] = cidr.split('/');
    const bl = new BlockList();
    bl.addSubnet(addr, Number(len), isIPv6(addr) ? 'ipv6' : 'ipv4');
    return sources
      .filter(({ ip }) => {
        if (!ip) return false;
        const bare = ip.replace(/%.*$/, '');
        try {
          return bl.check(bare, isIPv6(bare) ? 'ipv6' : 'ipv4');
        } catch {
          return false;
        }
      })
      .map((s) => s.id);
  };
  const hits = (q: string) => queryEvents(h.db, { search: q }, { limit: 1000 }).map((e) => e.id);

  it.each([
    ['ip:2001:db8::/32', '2001:db8::/32'],
    ['ip:2001:db8::/64', '2001:db8::/64'],
    ['ip:2001:db8::5', '2001:db8::5/128'],
    ['ip:2001:0DB8::0005', '2001:db8::5/128'],
    ['2001:db8::5', '2001:db8::5/128'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['ip:::1', '::1/128'],
    ['::1', '::1/128'],
    ['ip:fe80::/10', 'fe80::/10'],
    ['ip:10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['ip:10.*', '10.0.0.0/8'],
    ['ip:10.*.*.*', '10.0.0.0/8'],
    ['ip:172.16.0.0/12', '172.16.0.0/12'],
    ['ip:203.0.113.9', '203.0.113.9/32'],
    ['ip:203.0.113.0/24', '203.0.113.0/24'],
    ['ip:0.0.0.0/0', '0.0.0.0/0'],
    ['ip:255.255.255.255/32', '255.255.255.255/32'],
    ['ip:0.0.0.0/32', '0.0.0.0/32'],
    ['ip:10.1.2.3', '10.1.2.3/32'],
    ['ip:2001:db8::7', '2001:db8::7/128'],
  ])('%s finds exactly the sources in %s', (q, cidr) => {
    const want = oracle(cidr);
    expect(want.length, `fixture holds ${cidr}`).toBeGreaterThan(0);
    expect(hits(q)).toEqual(want);
    expect(countEvents(h.db, { search: q })).toBe(want.length);
  });

  it('matches IPv4-mapped IPv6 sources by their IPv4 address, and IPv4 by the mapped form', () => {
    const both = sources.filter((s) => s.ip === '203.0.113.9' || s.ip === '::ffff:203.0.113.9').map((s) => s.id);
    expect(both).toHaveLength(2);
    expect(hits('ip:203.0.113.9')).toEqual(both);
    expect(hits('ip:::ffff:203.0.113.9')).toEqual(both);
    const v4 = sources.filter((s) => s.ip && (!s.ip.includes(':') || s.ip.startsWith('::ffff:'))).map((s) => s.id);
    expect(hits('ip:::ffff:0:0/96')).toEqual(v4);
    expect(hits('ip:0.0.0.0/0')).toEqual(v4);
  });

  it('an IPv6 literal is not free text: ::1 does not match every event holding a 1', () => {
    expect(countEvents(h.db, { search: '"1"' })).toBe(sources.length); // every record says "version 1"
    expect(hits('::1')).toEqual(sources.filter((s) => s.ip === '::1').map((s) => s.id));
  });

  it('excludes by network, keeping events without a source', () => {
    const want = sources.filter((s) => !oracle('2001:db8::/32').includes(s.id)).map((s) => s.id);
    expect(hits('-ip:2001:db8::/32')).toEqual(want);
    expect(want.some((id) => sources.find((s) => s.id === id)!.ip === null)).toBe(true);
  });

  it('refuses what is not an address, pointing at the value', () => {
    for (const [q, start, end] of [
      ['ip:10.0.0.300', 3, 13],
      ['ip:10.0.0.0/33', 3, 14],
      ['ip:2001:db8::/129', 3, 17],
      ['ip:10.*.0.1', 3, 11],
      ['ip:2001:db8:*', 3, 13],
      ['ip:bad', 3, 6],
      ['ip:10.0.0.?', 3, 11],
    ] as const) {
      const r = explainSearch(h.db, q);
      expect(r.ok, q).toBe(false);
      if (!r.ok) {
        expect([r.error.start, r.error.end], q).toEqual([start, end]);
        expect(r.error.message, q).toMatch(/is not an address/);
      }
    }
    const r = explainSearch(h.db, 'ip:2001:db8:*');
    expect(!r.ok && r.error.message).toMatch(/2001:db8::\/32/);
  });

  it('reads a CIDR with host bits as its network, and says so', () => {
    const r = explainSearch(h.db, 'ip:10.1.2.3/8');
    expect(r.ok && r.notes.map((n) => n.message)).toEqual(['10.1.2.3/8 has host bits set: read as 10.0.0.0/8']);
    expect(hits('ip:10.1.2.3/8')).toEqual(oracle('10.0.0.0/8'));
  });

  it('src_ip: takes an address form as ip:, anything else as text', () => {
    expect(hits('src_ip:10.0.0.0/8')).toEqual(oracle('10.0.0.0/8'));
    expect(hits('src_ip:2001:DB8:*')).toEqual(sources.filter((s) => s.ip && /^2001:db8:/i.test(s.ip)).map((s) => s.id));
    expect(hits('src_ip:fe80::1%eth0')).toEqual(sources.filter((s) => s.ip === 'fe80::1%eth0').map((s) => s.id));
  });
});

describe('IPv4 networks as GLOB patterns', () => {
  const matches = (globs: string[], v: number) =>
    globs.some((g) => new RegExp('^' + g.replace(/\[(\d)-(\d)\]/g, '[$1-$2]') + '$').test(String(v)));

  it('covers exactly lo…hi for every range a prefix can make, and some that none can', () => {
    const ranges: [number, number][] = [];
    for (let bits = 1; bits <= 8; bits++) {
      const size = 256 >> bits;
      for (let lo = 0; lo < 256; lo += size) ranges.push([lo, lo + size - 1]);
    }
    ranges.push([0, 255], [7, 7], [9, 10], [99, 101], [0, 9], [10, 99], [100, 199], [199, 200], [3, 254]);
    for (const [lo, hi] of ranges) {
      const globs = octetGlobs(lo, hi);
      for (let v = 0; v < 256; v++)
        expect(matches(globs, v), `${lo}-${hi} at ${v}: ${globs.join(' ')}`).toBe(v >= lo && v <= hi);
      expect(globs.length, `${lo}-${hi}`).toBeLessThanOrEqual(7);
    }
    expect(octetGlobs(16, 31)).toEqual(['1[6-9]', '2[0-9]', '3[0-1]']);
    expect(octetGlobs(128, 255)).toEqual(['12[8-9]', '1[3-9][0-9]', '2[0-4][0-9]', '25[0-5]']);
  });
});
