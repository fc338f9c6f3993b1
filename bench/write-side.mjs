// Write-side micro-benchmark: parse N records in-process into prepared batches, then (mode=write) write them
// into a fresh case with a chosen FTS configuration. Compare instruction counts of parse-only vs write.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
const D = new URL('../dist', import.meta.url).pathname;
const { createCase } = await import(`${D}/core/casefile/open.js`);
const { runParse } = await import(`${D}/core/evidence/parse-job.js`);
const { BatchWriter } = await import(`${D}/core/evidence/batch-writer.js`);
const [mode, file, fts = ''] = process.argv.slice(2);
const batches = [];
await runParse({ file, format: 'cloudtrail', shape: 'json', jsonLayout: 'lines', csvDelimiter: null }, (b) =>
  batches.push(b),
);
if (mode === 'write') {
  const p = '/tmp/sp/wb.sscase';
  for (const s of ['', '-wal', '-shm']) rmSync(p + s, { force: true });
  createCase(p, { name: 'wb' }).close();
  const db = new Database(p);
  db.pragma('synchronous = NORMAL');
  if (fts === 'none') {
    // No full-text index at all: what the rest of the writing costs.
    db.exec('DROP TABLE events_fts');
    db.exec("CREATE VIEW events_fts AS SELECT 0 AS rowid, '' AS doc");
    db.exec('CREATE TRIGGER events_fts_skip INSTEAD OF INSERT ON events_fts BEGIN SELECT 1; END');
  } else if (fts) {
    db.exec('DROP TABLE events_fts');
    db.exec(`CREATE VIRTUAL TABLE events_fts USING fts5(doc, content='', contentless_delete=1, ${fts})`);
    db.exec("INSERT INTO events_fts(events_fts, rank) VALUES ('automerge', 8)");
  }
  db.prepare("INSERT INTO evidence(id, path, name, size, sha256, added_at) VALUES (1, 'x', 'x', 0, 'x', 'x')").run();
  const t0 = process.cpuUsage();
  const w = new BatchWriter(db, 1, 'cloudtrail');
  for (const b of batches) w.write(b);
  w.commit();
  const c = process.cpuUsage(t0);
  console.error(
    JSON.stringify({
      fts,
      cpu_ms: (c.user + c.system) / 1000,
      events: batches.reduce((a, b) => a + b.events.length, 0),
    }),
  );
  db.close();
}
