// A MaxMind DB (.mmdb) the analyst supplies (GeoLite2 / GeoIP2 ASN, Country, City or Anonymous IP; DB-IP and IPinfo
// lite databases use the same format): read with mmdb-lib, whose records are mapped to the fields enrichment keeps.
// Where the analyst's database answers, it wins over the bundled data — they chose it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Reader } from 'mmdb-lib';
import type { DatasetInfo } from './datasets.js';

export interface MmdbAnswer {
  asn?: number;
  org?: string;
  country?: string;
  tor?: boolean;
  hosting?: boolean;
}

export interface MmdbSource {
  info: DatasetInfo;
  get(ip: string): MmdbAnswer | null;
}

type Rec = Record<string, unknown>;

const obj = (v: unknown): Rec | null => (v && typeof v === 'object' ? (v as Rec) : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The fields of one record, whichever vendor's layout it has. */
export function mapRecord(r: unknown): MmdbAnswer | null {
  const rec = obj(r);
  if (!rec) return null;
  const out: MmdbAnswer = {};
  const asn = rec.autonomous_system_number ?? rec.asn;
  if (typeof asn === 'number' && asn > 0) out.asn = asn;
  else if (typeof asn === 'string' && /^(AS)?\d+$/i.test(asn)) out.asn = Number(asn.replace(/^AS/i, ''));
  const org = str(rec.autonomous_system_organization) ?? str(rec.as_name) ?? str(rec.organization) ?? str(rec.isp);
  if (org) out.org = org;
  const cc =
    str(obj(rec.country)?.iso_code) ??
    str(obj(rec.registered_country)?.iso_code) ??
    str(rec.country_code) ??
    (typeof rec.country === 'string' && /^[A-Z]{2}$/.test(rec.country) ? rec.country : undefined);
  if (cc) out.country = cc.toUpperCase();
  if (rec.is_tor_exit_node === true) out.tor = true;
  if (rec.is_hosting_provider === true) out.hosting = true;
  return Object.keys(out).length > 0 ? out : null;
}

/** Opens an .mmdb file: a clear error for a file that is not one. */
export function openMmdb(file: string): MmdbSource {
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    throw new Error(`cannot read ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  let reader: Reader<Rec>;
  try {
    reader = new Reader<Rec>(bytes);
  } catch (e) {
    throw new Error(`${abs} is not a MaxMind DB (.mmdb) file: ${(e as Error).message}`, { cause: e });
  }
  const md = reader.metadata;
  const built = md.buildEpoch instanceof Date ? md.buildEpoch : new Date(Number(md.buildEpoch) * 1000);
  const date = Number.isFinite(built.getTime()) ? built.toISOString().slice(0, 10) : '';
  const description = md.description && typeof md.description === 'object' ? Object.values(md.description)[0] : '';
  const info: DatasetInfo = {
    name: `mmdb/${path.basename(abs)}`,
    kind: 'mmdb',
    version: `${md.databaseType}${date ? ` built ${date}` : ''}`,
    date,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    license: 'supplied by the analyst (its vendor’s licence)',
    attribution: String(description ?? md.databaseType),
    sources: [{ url: abs, via: 'the analyst' }],
    file: abs,
  };
  return {
    info,
    get(ip: string): MmdbAnswer | null {
      try {
        return mapRecord(reader.get(ip));
      } catch {
        // An IPv6 address against an IPv4-only database: mmdb-lib throws; the database has no answer.
        return null;
      }
    },
  };
}
