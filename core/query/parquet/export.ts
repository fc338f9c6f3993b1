// `export CASE --format parquet|ocsf --out DIR`: a case handed to the engines a team already runs (DuckDB, Athena,
// Spark, Trino) when it outgrows one laptop. Events partitioned by UTC day, the derived identities, sessions and
// edges as tables, a manifest with each file's rows and SHA-256 (the receiving side can check what it got), and
// the Athena DDL. Nothing is overwritten: the folder must not exist, or be empty.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CaseDb } from '../../casefile/open.js';
import { UserError } from '../../errors.js';
import { makePrivateDir, writePrivateFile } from '../../policy/private-files.js';
import { VERSION } from '../../version.js';
import { ParquetFile, type Field } from './columns.js';
import { exportEvents, utcDay } from './event-rows.js';
import { DayPartitioned, type WrittenFile } from './partitioned.js';
import { DERIVED_EXPORTS, EVENT_FIELDS, RAW_FIELD, athenaDdl, tableFields } from './schemas.js';
import { OCSF_TABLES, OCSF_VERSION, ocsfRow, ocsfTable, type OcsfTable } from './ocsf.js';
import { RawReader } from '../../casefile/raw.js';

export type ParquetExportFormat = 'parquet' | 'ocsf';

export interface ParquetExportRequest {
  format: ParquetExportFormat;
  dir: string;
  /** Add each event's raw record as a string column (plain format only). */
  raw?: boolean;
}

export interface ParquetExportResult {
  format: ParquetExportFormat;
  path: string;
  events: number;
  tables: Record<string, { rows: number; files: number }>;
  manifest: string;
}

interface ManifestTable {
  rows: number;
  partitioned_by: string | null;
  files: (WrittenFile & { sha256: string; bytes: number })[];
}

function prepareDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new UserError('CONFLICT', `refusing to write into a folder that is not empty: ${dir}`);
  makePrivateDir(dir);
}

async function sha256Of(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) {
    h.update(c as Buffer);
    bytes += (c as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

export async function exportParquet(
  db: CaseDb,
  req: ParquetExportRequest,
  onProgress?: (events: number) => void,
): Promise<ParquetExportResult> {
  const dir = path.resolve(req.dir);
  prepareDir(dir);
  const caseName = (db.prepare("SELECT value FROM case_meta WHERE key = 'name'").pluck().get() as string) ?? '';
  const kv = { 'sessionscope.case': caseName, 'sessionscope.version': VERSION };
  const written = new Map<string, { fields: Field[]; partitioned: boolean; files: WrittenFile[]; rows: number }>();
  let events = 0;

  if (req.format === 'parquet') {
    const fields = req.raw ? [...EVENT_FIELDS, RAW_FIELD] : EVENT_FIELDS;
    const out = new DayPartitioned(dir, 'events', fields, kv);
    const raw = req.raw ? new RawReader(db) : null;
    const loc = raw ? db.prepare('SELECT raw_block, raw_offset, raw_length FROM event_rows WHERE id = ?').raw() : null;
    try {
      for (const e of exportEvents(db)) {
        const row: Record<string, unknown> = { ...e };
        if (raw) {
          const [b, o, l] = loc!.get(e.id) as [number, number, number];
          row.raw = raw.read(b, o, l).toString('utf8');
        }
        out.add(utcDay(e.ts), row);
        if (++events % 50_000 === 0) onProgress?.(events);
      }
    } finally {
      out.close();
    }
    written.set('events', { fields, partitioned: true, files: out.files, rows: out.rows });
    for (const table of DERIVED_EXPORTS) {
      const tf = tableFields(db, table);
      const rel = `${table}/part-00000.parquet`;
      makePrivateDir(path.join(dir, table));
      const f = new ParquetFile(path.join(dir, rel), tf, kv);
      try {
        for (const r of db.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate()) f.add(r as Record<string, unknown>);
      } finally {
        f.close();
      }
      written.set(table, { fields: tf, partitioned: false, files: [{ path: rel, rows: f.rows }], rows: f.rows });
    }
  } else {
    const outs = Object.fromEntries(
      Object.entries(OCSF_TABLES).map(([t, fields]) => [
        t,
        new DayPartitioned(dir, t, fields, { ...kv, 'ocsf.version': OCSF_VERSION }),
      ]),
    ) as Record<OcsfTable, DayPartitioned>;
    try {
      for (const e of exportEvents(db)) {
        outs[ocsfTable(e)].add(utcDay(e.ts), ocsfRow(e));
        if (++events % 50_000 === 0) onProgress?.(events);
      }
    } finally {
      for (const o of Object.values(outs)) o.close();
    }
    for (const [t, o] of Object.entries(outs))
      written.set(t, { fields: OCSF_TABLES[t as OcsfTable], partitioned: true, files: o.files, rows: o.rows });
  }

  const tables: Record<string, ManifestTable> = {};
  const ddl: string[] = [];
  for (const [t, w] of written) {
    const files = [];
    for (const f of w.files) files.push({ ...f, ...(await sha256Of(path.join(dir, f.path))) });
    tables[t] = { rows: w.rows, partitioned_by: w.partitioned ? 'day' : null, files };
    ddl.push(athenaDdl(t, w.fields, w.partitioned));
  }
  const custodyHead = db.prepare('SELECT row_hash FROM custody_log ORDER BY seq DESC LIMIT 1').pluck().get() ?? null;
  const manifest = {
    tool: `sessionscope ${VERSION}`,
    format: req.format,
    ...(req.format === 'ocsf' ? { ocsf_version: OCSF_VERSION } : {}),
    case: caseName,
    exported_at: new Date().toISOString(),
    events,
    // The case's custody chain as of the export: the receiving team can cite which state of the case it holds.
    custody_head: custodyHead,
    tables,
  };
  const manifestPath = path.join(dir, 'manifest.json');
  writePrivateFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  writePrivateFile(path.join(dir, 'athena.sql'), ddl.join('\n'));
  return {
    format: req.format,
    path: dir,
    events,
    tables: Object.fromEntries(Object.entries(tables).map(([t, m]) => [t, { rows: m.rows, files: m.files.length }])),
    manifest: manifestPath,
  };
}
