// The IP intelligence shipped with SessionScope (core/enrich/data, listed in manifest.json with each file's
// SHA-256): loaded once per process, on first use, and checked against the manifest — a table that does not hash
// as recorded is refused, never used.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTable, type SourceRef } from './file.js';
import type { RangeTable } from './ranges.js';

export interface DatasetInfo {
  name: string;
  kind: 'asn' | 'country' | 'cloud' | 'tor' | 'hosting' | 'mmdb';
  version: string;
  date: string;
  sha256: string;
  license: string;
  attribution: string;
  sources: SourceRef[];
  file: string;
}

export interface HostingAsn {
  name: string;
  kind: 'vps' | 'cloud' | 'cdn';
}

export interface Bundle {
  asn: RangeTable | null;
  country: RangeTable | null;
  /**
   * In precedence order: the first that holds an address names its cloud (GitHub's Actions blocks lie inside
   * Azure's).
   */
  clouds: RangeTable[];
  tor: RangeTable | null;
  hosting: Map<number, HostingAsn>;
  datasets: DatasetInfo[];
}

interface ManifestEntry extends Omit<DatasetInfo, 'sources'> {
  sources?: SourceRef[];
}

/** Clouds whose blocks may lie inside another's come first. */
const CLOUD_ORDER = ['cloud/github', 'cloud/cloudflare', 'cloud/aws', 'cloud/gcp', 'cloud/oracle', 'cloud/azure'];

export function dataDir(): string {
  const env = process.env.SESSIONSCOPE_ENRICH_DATA;
  if (env) return path.resolve(env);
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

const cache = new Map<string, Bundle>();

/** The bundled datasets of `dir` (default: the shipped ones), loaded and verified once per process. */
export function loadBundle(dir = dataDir()): Bundle {
  const hit = cache.get(dir);
  if (hit) return hit;
  let manifest: { datasets: ManifestEntry[] };
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { datasets: ManifestEntry[] };
  } catch (e) {
    throw new Error(`IP intelligence: cannot read ${path.join(dir, 'manifest.json')}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const b: Bundle = { asn: null, country: null, clouds: [], tor: null, hosting: new Map(), datasets: [] };
  const clouds: [string, RangeTable][] = [];
  for (const m of manifest.datasets) {
    const file = path.join(dir, m.file);
    const bytes = readFileSync(file);
    const got = sha256(bytes);
    if (got !== m.sha256)
      throw new Error(
        `IP intelligence: ${m.file} hashes ${got}, the manifest records ${m.sha256} — the installation is damaged or was altered; reinstall SessionScope`,
      );
    b.datasets.push({
      name: m.name,
      kind: m.kind,
      version: m.version,
      date: m.date,
      sha256: m.sha256,
      license: m.license,
      attribution: m.attribution,
      sources: m.sources ?? [],
      file: m.file,
    });
    if (m.kind === 'hosting') {
      const h = JSON.parse(bytes.toString('utf8')) as { asns: Record<string, [string, HostingAsn['kind']]> };
      for (const [asn, [name, kind]] of Object.entries(h.asns)) b.hosting.set(Number(asn), { name, kind });
      continue;
    }
    const { table } = decodeTable(bytes, m.file);
    if (m.kind === 'asn') b.asn = table;
    else if (m.kind === 'country') b.country = table;
    else if (m.kind === 'tor') b.tor = table;
    else if (m.kind === 'cloud') clouds.push([m.name, table]);
  }
  const rank = (n: string) => (CLOUD_ORDER.includes(n) ? CLOUD_ORDER.indexOf(n) : CLOUD_ORDER.length);
  b.clouds = clouds.sort((x, y) => rank(x[0]) - rank(y[0])).map(([, t]) => t);
  cache.set(dir, b);
  return b;
}
