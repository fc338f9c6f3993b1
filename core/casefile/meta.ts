// The case's key/value metadata (case_meta): name, analyst, display zone, derivation settings. Apart from open.ts
// so that what open.ts itself uses (the analyst's name) reads it without an import loop.
import type Database from 'better-sqlite3';

export function getMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM case_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? row.value : null;
}

export function setMeta(db: Database.Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO case_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
