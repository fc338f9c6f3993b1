// Rebuilds the IP intelligence shipped in core/enrich/data from published snapshots (see core/enrich/data/README.md):
//
//   node scripts/build.mjs node
//   node scripts/refresh-enrichment.mjs --sources core/enrich/data/sources.json --root DIR
//
// `sources.json` names, per dataset, the snapshot files (paths relative to --root), where the publisher serves them
// and which snapshot was read (an npm package@version, a repository@commit). Every table is rebuilt, its SHA-256
// recorded in manifest.json, and the previous tables replaced. Nothing is downloaded here.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const sourcesFile = arg('--sources') ?? path.join(root, 'core', 'enrich', 'data', 'sources.json');
const from = arg('--root');
if (!from) {
  console.error(
    'usage: refresh-enrichment.mjs [--sources FILE] --root DIR   (DIR holds the snapshot files sources.json names)',
  );
  process.exit(2);
}
const lib = (p) => import(pathToFileURL(path.join(root, 'dist', 'core', 'enrich', p)).href);
const build = await lib('build-data.js');
const { encodeTable } = await lib('file.js');
const sources = JSON.parse(readFileSync(sourcesFile, 'utf8'));
const out = path.join(root, 'core', 'enrich', 'data');
const sha = (b) => createHash('sha256').update(b).digest('hex');
const read = (f) => readFileSync(path.join(from, f));
const texts = (files) => files.map((f) => read(f).toString('utf8'));

const manifest = [];
for (const d of sources.datasets) {
  const t0 = Date.now();
  const refs = d.files.map((f) => ({ url: d.url ?? f.url, via: f.via ?? d.via, sha256: sha(read(f.path ?? f)) }));
  const files = d.files.map((f) => f.path ?? f);
  let table;
  let date = d.date;
  let stamp;
  let fields;
  switch (d.parser) {
    case 'ip-location-asn':
      table = build.ipLocationCsv(texts(files), build.asnRow);
      fields = ['asn', 'org'];
      break;
    case 'ip-location-country':
      table = build.ipLocationCsv(texts(files), build.countryRow);
      fields = ['country'];
      break;
    case 'aws':
      ({ table, stamp, date } = build.awsRanges(texts(files)[0]));
      fields = build.CLOUD_FIELDS;
      break;
    case 'gcp':
      ({ table, stamp, date } = build.gcpRanges(texts(files)[0]));
      fields = build.CLOUD_FIELDS;
      break;
    case 'azure':
      ({ table, stamp, date } = build.azureRanges(texts(files)[0], d.published_as));
      fields = build.CLOUD_FIELDS;
      break;
    case 'oracle':
      ({ table, stamp, date } = build.oracleRanges(texts(files)[0]));
      fields = build.CLOUD_FIELDS;
      break;
    case 'github':
      ({ table } = build.githubRanges(texts(files)[0]));
      fields = build.CLOUD_FIELDS;
      break;
    case 'list':
      ({ table } = build.listRanges(texts(files), d.provider, d.service ?? null));
      fields = build.CLOUD_FIELDS;
      break;
    case 'tor':
      ({ table } = build.torExits(texts(files)));
      fields = ['tor'];
      break;
    default:
      throw new Error(`${d.name}: unknown parser ${d.parser}`);
  }
  if (stamp) for (const r of refs) r.stamp = stamp;
  const header = {
    name: d.name,
    kind: d.kind,
    version: d.version ?? date,
    date,
    license: d.license,
    attribution: d.attribution,
    sources: refs,
    fields,
  };
  const bytes = encodeTable(header, table);
  writeFileSync(path.join(out, d.file), bytes);
  const { sources: _s, fields: _f, ...rest } = header;
  manifest.push({
    file: d.file,
    ...rest,
    sources: refs,
    intervals: table.size,
    bytes: bytes.length,
    sha256: sha(bytes),
  });
  console.log(`${d.name}: ${table.size} intervals, ${(bytes.length / 1e6).toFixed(2)} MB (${Date.now() - t0} ms)`);
}
const hosting = readFileSync(path.join(out, 'hosting-asns.json'));
const h = JSON.parse(hosting.toString('utf8'));
manifest.push({
  file: 'hosting-asns.json',
  name: h.name,
  kind: h.kind,
  version: h.version,
  date: h.date,
  license: h.license,
  attribution: h.attribution,
  sources: [],
  intervals: Object.keys(h.asns).length,
  bytes: hosting.length,
  sha256: sha(hosting),
});
writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ datasets: manifest }, null, 1) + '\n');
console.log(`manifest: ${manifest.length} datasets`);
