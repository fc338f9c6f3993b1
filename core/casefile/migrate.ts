// Numbered SQL migrations, each recorded with its SHA-256. A case whose applied migrations differ from this
// build's files (edited, reordered, or unknown) is refused rather than guessed at.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '../errors.js';

export interface Migration {
  seq: number;
  name: string;
  sql: string;
  sha256: string;
}

function migrationsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const local = path.join(here, 'migrations');
  if (existsSync(local)) return local;
  // Built code in dist/ without copied SQL: fall back to the source tree.
  return path.resolve(here, '../../../core/casefile/migrations');
}

let cached: Migration[] | null = null;

export function loadMigrations(): Migration[] {
  if (cached) return cached;
  const dir = migrationsDir();
  const list: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    const sql = readFileSync(path.join(dir, file), 'utf8');
    list.push({ seq: Number(m[1]), name: m[2], sql, sha256: createHash('sha256').update(sql).digest('hex') });
  }
  list.forEach((mig, i) => {
    if (mig.seq !== i + 1) throw new Error(`migration numbering has a gap at ${mig.seq}_${mig.name}`);
  });
  cached = list;
  return list;
}

export const SCHEMA_VERSION = (): number => loadMigrations().length;

/** Applies pending migrations up to `target` (default: all); verifies the recorded hashes of applied ones. */
export function migrate(db: Database.Database, target = loadMigrations().length): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    seq INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT seq, name, sha256 FROM schema_migrations ORDER BY seq').all() as {
    seq: number;
    name: string;
    sha256: string;
  }[];
  const available = loadMigrations();
  for (const a of applied) {
    const mine = available[a.seq - 1];
    if (!mine) {
      throw new UserError(
        'NEWER_SCHEMA',
        `case file has migration ${a.seq}_${a.name}, which this build does not know; open it with a newer SessionScope`,
      );
    }
    if (mine.sha256 !== a.sha256 || mine.name !== a.name) {
      throw new UserError(
        'MIGRATION_MISMATCH',
        `case file migration ${a.seq}_${a.name} does not match this build's (hash ${a.sha256.slice(0, 12)} vs ${mine.sha256.slice(0, 12)})`,
      );
    }
  }
  const record = db.prepare('INSERT INTO schema_migrations(seq, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const mig of available.slice(applied.length, target)) {
    db.transaction(() => {
      db.exec(mig.sql);
      record.run(mig.seq, mig.name, mig.sha256, new Date().toISOString());
      db.pragma(`user_version = ${mig.seq}`);
    }).immediate();
  }
}
