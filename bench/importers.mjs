// Per-importer rates (issue 3): each format's generator writes 100,000 realistic records; the file goes through
// the real reader, the shared checks and the importer. Two rates, records per second of wall time, best of three:
//   normalize  reading + JSON/UTF-8 checks + the importer's normalization (what an importer costs)
//   prepare    the whole parse side of an import: plus raw hashing, compression, search documents, digest
// (SQLite writing runs on the other thread: bench/import.mjs measures the end to end.)
//
//   node bench/importers.mjs [--records 100000] [--only id,id]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const N = Number(opt('records', '100000'));
const only = opt('only', null)?.split(',');
const out = path.join(root, 'bench', 'out', 'importers');
mkdirSync(out, { recursive: true });
const { runParse } = await import(pathToFileURL(path.join(root, 'dist', 'core', 'evidence', 'parse-job.js')).href);
const { readHead } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'read', 'source.js')).href);
const { sniff } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'read', 'sniff.js')).href);
const { chooseImporter } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'registry.js')).href);
const { RecordPipeline } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'pipeline.js')).href);
const { readRecords } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'read', 'records.js')).href);

async function normalizeOnly(file, importer, shape, s) {
  const out = {
    n: 0,
    get accounted() {
      return this.n;
    },
    event(_e, parts) {
      this.n += parts.length;
    },
    reject() {
      this.n++;
    },
  };
  const pipeline = new RecordPipeline(importer, shape, out, { fileName: path.basename(file) });
  await readRecords(
    file,
    { shape, jsonLayout: s.jsonLayout, csvDelimiter: s.csvDelimiter, wrapperKeys: importer.jsonWrapperKeys },
    (p) => pipeline.push(p),
  );
  pipeline.end();
  return pipeline.records;
}

// Every registered format has a generator beside its importer (importers/<id>/generator.ts).
const { FORMATS } = await import(pathToFileURL(path.join(root, 'dist', 'importers', 'formats.js')).href);
const files = [];
for (const { id: format } of FORMATS.filter((f) => !only || only.includes(f.id))) {
  const file = path.join(out, `${format}-${N}.log`);
  if (!existsSync(file)) {
    const gen = await import(pathToFileURL(path.join(root, 'dist', 'importers', format, 'generator.js')).href);
    writeFileSync(file, gen.generate(N, 42).join('\n') + '\n');
  }
  files.push({ format, file });
}

for (const { format, file } of files) {
  const head = await readHead(file);
  const s = sniff(file, head.bytes, head.complete);
  const importer = chooseImporter(s.sample, s);
  const shape = importer.input === 'any' ? (s.jsonLayout ? 'json' : 'csv') : importer.input;
  let bestNorm = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await normalizeOnly(file, importer, shape, s);
    bestNorm = Math.min(bestNorm, performance.now() - t0);
  }
  let best = Infinity,
    records = 0,
    events = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    let ev = 0;
    const totals = await runParse(
      { file, format: importer.id, shape, jsonLayout: s.jsonLayout, csvDelimiter: s.csvDelimiter },
      (b) => {
        ev += b.events.length;
      },
    );
    best = Math.min(best, performance.now() - t0);
    records = totals.records;
    events = ev;
  }
  console.log(
    JSON.stringify({
      importer: format,
      detected: importer.id,
      records,
      events,
      normalize_records_per_s: Math.round(records / (bestNorm / 1000)),
      prepare_records_per_s: Math.round(records / (best / 1000)),
    }),
  );
}
