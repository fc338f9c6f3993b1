// The build's canonical schema and the comparison of a case's schema against it. A case file is a database
// anyone can edit: a planted trigger runs SQL on the next write, a redefined view lies to every reader, an
// inert guard trigger no longer guards. So every table, index, view and trigger of a case must equal what this
// build's migrations create for the case's version — computed by running those migrations on an in-memory
// database, so a new migration needs nothing here. Nothing of a case is queried before this comparison passes.
import Database from 'better-sqlite3';
import { migrate } from './migrate.js';

export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

export interface SchemaDeviation {
  kind: 'missing' | 'unexpected' | 'altered';
  type: string;
  name: string;
}

/**
 * Objects SQLite itself creates: the statistics tables `PRAGMA optimize`/ANALYZE write (planner hints only).
 * They are allowed only with exactly this definition.
 */
const SQLITE_OWN: Record<string, string> = {
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

/**
 * SQL text up to insignificant spelling: runs of whitespace are one space, none around punctuation, and a plain
 * identifier reads the same quoted or not (SQLite's ALTER TABLE rewrites may quote names it renames).
 */
export function normalizeSql(sql: string | null): string | null {
  if (sql === null) return null;
  return sql
    .replace(/\s+/g, ' ')
    .replace(/ ?([(),;=]) ?/g, '$1')
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, '$1')
    .trim();
}

const key = (o: { type: string; name: string }) => `${o.type} ${o.name}`;

const canonical = new Map<number, Map<string, SchemaObject>>();

/** The schema this build's migrations 1…version create, by "type name". */
export function canonicalSchema(version: number): Map<string, SchemaObject> {
  let m = canonical.get(version);
  if (m) return m;
  const mem = new Database(':memory:');
  try {
    migrate(mem, version);
    m = new Map(readSchema(mem).map((o) => [key(o), o]));
  } finally {
    mem.close();
  }
  canonical.set(version, m);
  return m;
}

export function readSchema(db: Database.Database): SchemaObject[] {
  return db
    .prepare('SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY type, name')
    .all() as SchemaObject[];
}

/** Every way the case's schema differs from the canonical one of its version; empty when it is the build's. */
export function compareSchema(db: Database.Database, version: number): SchemaDeviation[] {
  const want = canonicalSchema(version);
  const out: SchemaDeviation[] = [];
  const seen = new Set<string>();
  for (const o of readSchema(db)) {
    const k = key(o);
    seen.add(k);
    const c = want.get(k);
    if (!c) {
      const own = SQLITE_OWN[o.name];
      if (o.type === 'table' && own !== undefined && normalizeSql(o.sql) === normalizeSql(own)) continue;
      out.push({ kind: 'unexpected', type: o.type, name: o.name });
    } else if (c.tbl_name !== o.tbl_name || normalizeSql(c.sql) !== normalizeSql(o.sql)) {
      out.push({ kind: 'altered', type: o.type, name: o.name });
    }
  }
  for (const [k, c] of want) if (!seen.has(k)) out.push({ kind: 'missing', type: c.type, name: c.name });
  return out;
}

export function describeDeviation(d: SchemaDeviation): string {
  switch (d.kind) {
    case 'missing':
      return `${d.type} ${d.name} is missing`;
    case 'unexpected':
      return `${d.type} ${d.name} is not part of the case format (added outside SessionScope)`;
    case 'altered':
      return `${d.type} ${d.name} differs from its definition in the case format`;
  }
}

/** The tables a deviation makes untrustworthy to read: a table redefined, dropped or replaced by something else. */
export function untrustedTables(deviations: SchemaDeviation[]): Set<string> {
  return new Set(deviations.filter((d) => d.type === 'table' || d.type === 'view').map((d) => d.name));
}
