// One measured DuckDB load, in a fresh process: `read_json` of the same files into a table of an on-disk database,
// the general-purpose engine the import is compared with. Prints one JSON line: {ms, rows, maxRssMB}.
//
//   node bench/duckdb-child.mjs DB_FILE INPUT_DIR
import { rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [dbFile, inputDir] = process.argv.slice(2);
for (const s of ['', '.wal']) rmSync(dbFile + s, { force: true });
const files = readdirSync(inputDir)
  .filter((f) => /\.json(l|\.gz)?$/.test(f))
  .map((f) => path.join(inputDir, f).replaceAll("'", "''"));
const t0 = performance.now();
const db = await DuckDBInstance.create(dbFile);
const c = await db.connect();
// S3 delivery objects hold {"Records": […]}: one row per element of Records, as the import sees them.
const delivery = files.some((f) => f.endsWith('.gz'));
const list = `[${files.map((f) => `'${f}'`).join(', ')}]`;
await c.run(
  delivery
    ? `CREATE TABLE events AS SELECT unnest(Records, max_depth := 2) FROM read_json(${list}, format = 'auto', sample_size = -1, maximum_object_size = 1073741824)`
    : `CREATE TABLE events AS SELECT * FROM read_json(${list}, format = 'newline_delimited', sample_size = -1, maximum_object_size = 16777216)`,
);
await c.run('CHECKPOINT');
const rows = Number((await c.runAndReadAll('SELECT count(*) AS n FROM events')).getRows()[0][0]);
const ms = performance.now() - t0;
c.closeSync();
db.closeSync();
process.stdout.write(JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
