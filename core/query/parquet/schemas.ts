// The plain hand-off tables: events with their normalized fields (docs/export.md lists each column), and the
// derived identities, sessions and identity edges as SessionScope stores them. Column names are the case's own,
// lower-case, so the same SQL reads the case and the export.
import type { CaseDb } from '../../casefile/open.js';
import type { Field, Leaf } from './columns.js';

export const EVENT_FIELDS: Field[] = [
  { name: 'id', type: 'int64', required: true },
  { name: 'ts', type: 'timestamp', required: true },
  { name: 'format', type: 'string', required: true },
  { name: 'principal', type: 'string' },
  { name: 'principal_type', type: 'string', required: true },
  { name: 'identity_id', type: 'int64' },
  { name: 'identity', type: 'string' },
  { name: 'session_id', type: 'int64' },
  { name: 'session', type: 'string' },
  { name: 'session_key', type: 'string' },
  { name: 'action', type: 'string', required: true },
  { name: 'category', type: 'string', required: true },
  { name: 'resource', type: 'string' },
  { name: 'resource_type', type: 'string' },
  { name: 'outcome', type: 'string', required: true },
  { name: 'error_code', type: 'string' },
  { name: 'src_ip', type: 'string' },
  { name: 'user_agent', type: 'string' },
  { name: 'detail', type: 'string' },
  { name: 'flags', type: 'string', required: true },
  { name: 'flag_bits', type: 'int32', required: true },
  { name: 'evidence_id', type: 'int64', required: true },
  { name: 'evidence_sha256', type: 'string', required: true },
  { name: 'ref_line', type: 'int64' },
  { name: 'ref_index', type: 'int64' },
  { name: 'ref_offset', type: 'int64' },
  { name: 'raw_sha256', type: 'string', required: true },
];

/** With `--raw`: the record as the evidence file holds it (UTF-8 text), for fields no column normalizes. */
export const RAW_FIELD: Field = { name: 'raw', type: 'string' };

/** The derived tables exported as they are; `*_ts` columns (µs since the epoch) become timestamps. */
export const DERIVED_EXPORTS = ['identities', 'sessions', 'identity_edges'] as const;

/** A table's columns as Parquet fields, from SQLite's declared types (INTEGER, REAL, TEXT). */
export function tableFields(db: CaseDb, table: string): Field[] {
  const cols = db.prepare(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
    nn: number;
    pk: number;
  }[];
  if (cols.length === 0) throw new Error(`internal: no table ${table}`);
  return cols.map((c) => {
    // SQLite's type affinity rules: INT → integer; REAL, FLOA, DOUB → floating point; anything else is text here.
    const integer = /INT/i.test(c.type);
    const real = !integer && /REAL|FLOA|DOUB/i.test(c.type);
    const type: Leaf = integer ? (/_ts$/.test(c.name) ? 'timestamp' : 'int64') : real ? 'double' : 'string';
    return { name: c.name, type, required: c.nn === 1 || c.pk === 1 };
  });
}

/** Hive DDL type of a field (Athena, Spark SQL). */
export function hiveType(t: Field['type']): string {
  if (typeof t === 'string')
    return {
      int64: 'bigint',
      int32: 'int',
      double: 'double',
      string: 'string',
      bool: 'boolean',
      timestamp: 'timestamp',
    }[t];
  const struct = (fs: Field[]) => `struct<${fs.map((f) => `${f.name}:${hiveType(f.type)}`).join(',')}>`;
  return Array.isArray(t) ? struct(t) : `array<${struct(t.list)}>`;
}

/** `CREATE EXTERNAL TABLE` for Athena: the LOCATION is where the team uploads the folder. */
export function athenaDdl(table: string, fields: Field[], partitioned: boolean): string {
  const cols = fields.map((f) => `  \`${f.name}\` ${hiveType(f.type)}`).join(',\n');
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${table}\` (`,
    cols,
    ')',
    ...(partitioned ? ['PARTITIONED BY (`day` string)'] : []),
    'STORED AS PARQUET',
    `LOCATION 's3://YOUR-BUCKET/YOUR-PREFIX/${table}/';`,
    ...(partitioned ? [`MSCK REPAIR TABLE \`${table}\`;`] : []),
    '',
  ].join('\n');
}
