// Credential findings that need no baseline: a credential used from somewhere its issuer never was.
// - Issued by an identity that was somewhere (AssumeRole from an IP): the child used from an address and
//   network outside the issuer's footprint (the issuing event's IP and every IP of the issuing session).
// - Delivered by a cloud service to a host (EC2 instance-profile credentials): used from an address where
//   that host's other credentials never were, or where an unrelated identity works (a laptop, as in the OTRF
//   sample), or from several addresses at once.
import { FACT } from '../model/facts.js';
import { PRINCIPAL_TYPES } from '../model/event.js';
import { formatMicros } from '../model/time.js';
import type { Scan } from './scan.js';
import type { Resolution } from './resolve.js';
import type { Aggregates } from './aggregate.js';
import type { SessionLinks } from './session-links.js';
import type { FactMap } from './facts-load.js';
import { isPrivateIp, networkOf, splitAtom } from './atoms.js';

export interface Finding {
  session: number;
  identity: number;
  code: 'instance_credential_off_host' | 'credential_off_issuer';
  weight: number;
  ts: number;
  reason: string;
  positions: number[];
}

const WORKSTATION_UA = /(Darwin|Macintosh|Mac OS X|Windows NT|Windows\/)/;
const SCAN_LIMIT = 200_000;

function positionsAt(scan: Scan, si: number, ip: number): number[] {
  const x = scan.sessions[si];
  const out: number[] = [];
  for (let p = x.firstPos, seen = 0; p <= x.lastPos && out.length < 50 && seen < SCAN_LIMIT; p++, seen++) {
    if (scan.sess[p] === si && scan.ip[p] === ip) out.push(p);
  }
  return out;
}

interface Draft {
  session: number;
  identity: number;
  code: Finding['code'];
  weight: number;
  what: string;
  workstation: string | undefined;
  addrs: string[];
  positions: number[];
}

/** One finding per identity, credential and kind, listing every address it was used from. */
class Drafts {
  private readonly byKey = new Map<string, Draft>();

  add(
    scan: Scan,
    key: string,
    si: number,
    identity: number,
    code: Finding['code'],
    weight: number,
    what: string,
    addr: string,
    ip: number,
    workstation: string | undefined,
  ): void {
    let d = this.byKey.get(key);
    if (!d)
      this.byKey.set(key, (d = { session: si, identity, code, weight, what, workstation, addrs: [], positions: [] }));
    d.weight = Math.max(d.weight, weight);
    if (!d.addrs.includes(addr)) d.addrs.push(addr);
    if (d.positions.length < 50) d.positions.push(...positionsAt(scan, si, ip).slice(0, 50 - d.positions.length));
  }

  list(scan: Scan): Finding[] {
    return [...this.byKey.values()].map((d) => {
      const shown = d.addrs.slice(0, 5).join(', ') + (d.addrs.length > 5 ? ` (+${d.addrs.length - 5} more)` : '');
      const ws = d.workstation ? `, with a workstation user agent (${d.workstation.slice(0, 80)})` : '';
      const positions = d.positions.sort((a, b) => a - b);
      return {
        session: d.session,
        identity: d.identity,
        code: d.code,
        weight: d.weight + (d.workstation ? (d.code === 'credential_off_issuer' ? 5 : 10) : 0),
        ts: scan.ts[positions[0] ?? scan.sessions[d.session].firstPos],
        reason: `${d.what} used from ${shown}, where its issuer never was${ws}`,
        positions,
      };
    });
  }
}

export function credentialFindings(
  scan: Scan,
  res: Resolution,
  agg: Aggregates,
  links: SessionLinks,
  sessionFacts: Map<number, FactMap>,
): Finding[] {
  const drafts = new Drafts();
  const name = (i: number) => (i >= 0 ? res.identities[i].name : 'an unknown identity');
  const hostOf = (si: number) => sessionFacts.get(scan.id[scan.sessions[si].firstPos])?.[FACT.host] ?? null;
  const hostIps = new Map<string, Map<number, Set<number>>>();
  scan.sessions.forEach((x, si) => {
    const h = hostOf(si);
    if (!h) return;
    let m = hostIps.get(h);
    if (!m) hostIps.set(h, (m = new Map()));
    m.set(si, x.ips);
  });

  scan.sessions.forEach((x, si) => {
    const p = links.parentPos[si];
    if (p < 0 || x.ips.size === 0) return;
    const ident = agg.sessionIdentity[si];
    const issuerAtom = scan.atom[p];
    const issuerIdentity = agg.eventIdentity[p];
    const issuerValue = issuerAtom >= 0 ? splitAtom(scan.atoms.values[issuerAtom]).value : '';
    const action = scan.actions.values[scan.action[p]];
    const when = formatMicros(scan.ts[p]);
    const key = x.credential ?? '';
    const byService = scan.ptype[p] === PTYPE_SERVICE || /\.amazonaws\.com$/.test(issuerValue);
    // The issuing session: the event's own, or the session of another system that made the login (exchanges.ts).
    const ps = links.parentSession[si];
    const footprint = new Set<number>();
    if (scan.ip[p] >= 0) footprint.add(scan.ip[p]);
    if (ps >= 0) for (const ip of scan.sessions[ps].ips) footprint.add(ip);
    const workstation = x.uas.map((u) => scan.uas.values[u]).find((u) => WORKSTATION_UA.test(u));

    if (byService) {
      const host = hostOf(si) ?? sessionFacts.get(scan.id[p])?.[FACT.host] ?? null;
      const seenAt = new Set<number>();
      if (host)
        for (const [other, ips] of hostIps.get(host) ?? []) if (other !== si) for (const ip of ips) seenAt.add(ip);
      const what = `instance credential ${key}${host ? ` of ${host}` : ''} (delivered by ${issuerValue || name(issuerIdentity)} via ${action} at ${when})`;
      for (const ip of x.ips) {
        const addr = scan.ips.values[ip];
        const others = [...(agg.ipIdentities.get(ip) ?? [])].filter(
          (i) => i !== ident && i !== issuerIdentity && !/\.amazonaws\.com$/.test(res.identities[i].name),
        );
        let note: string | null = null;
        let weight = 0;
        if (seenAt.size > 0 && !seenAt.has(ip)) {
          note = "where that host's other credentials never were";
          weight = 40;
        } else if (seenAt.size === 0 && others.length > 0) {
          note = `also where ${others.slice(0, 3).map(name).join(', ')} worked`;
          weight = 45;
        } else if (seenAt.size === 0 && x.ipCount > 1) {
          note = `one of ${x.ipCount} addresses at once`;
          weight = 35;
        }
        if (!note) continue;
        drafts.add(
          scan,
          `${ident}|host|${key}`,
          si,
          ident,
          'instance_credential_off_host',
          weight,
          what,
          `${addr} (${note})`,
          ip,
          workstation,
        );
      }
      return;
    }
    if (footprint.size === 0) return;
    const nets = new Set([...footprint].map((ip) => networkOf(scan.ips.values[ip])));
    const privateFootprint = [...footprint].some((ip) => isPrivateIp(scan.ips.values[ip]));
    const from = [...footprint]
      .slice(0, 3)
      .map((i) => scan.ips.values[i])
      .join(', ');
    const what = `credential ${key} issued to ${name(ident)} by ${name(issuerIdentity)} (${action} at ${when} from ${from})`;
    for (const ip of x.ips) {
      const addr = scan.ips.values[ip];
      if (footprint.has(ip) || nets.has(networkOf(addr)) || (privateFootprint && isPrivateIp(addr))) continue;
      drafts.add(scan, `${ident}|issuer|${key}`, si, ident, 'credential_off_issuer', 30, what, addr, ip, workstation);
    }
  });
  return drafts.list(scan);
}

const PTYPE_SERVICE = PRINCIPAL_TYPES.indexOf('service');
