// Typed Parquet columns for the hand-off exports: a schema declared once (name, type, nesting), rows appended as
// plain objects, and row groups handed to hyparquet-writer. Only the types the exports use: 64-bit integers,
// UTF-8 strings, booleans and UTC timestamps in microseconds (the case's own unit), and structs of them (OCSF).
import { ParquetWriter } from 'hyparquet-writer';
import { VERSION } from '../../version.js';
import { privateParquetWriter } from './private-writer.js';

export type Leaf = 'int64' | 'int32' | 'double' | 'string' | 'bool' | 'timestamp';

export interface Field {
  name: string;
  /** A leaf, a struct of fields, or a list of such structs (the standard three-level LIST). */
  type: Leaf | Field[] | { list: Field[] };
  /** REQUIRED in the file: a null here is a bug, and the writer says so. */
  required?: boolean;
}

type SchemaElement = Record<string, unknown>;

function leafElement(name: string, type: Leaf, required: boolean): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  switch (type) {
    case 'int64':
      return { name, type: 'INT64', repetition_type };
    case 'int32':
      return { name, type: 'INT32', repetition_type };
    case 'double':
      return { name, type: 'DOUBLE', repetition_type };
    case 'bool':
      return { name, type: 'BOOLEAN', repetition_type };
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'timestamp':
      // isAdjustedToUTC: DuckDB, Spark and Athena (Trino) read it as an instant, not a local wall-clock time.
      return {
        name,
        type: 'INT64',
        repetition_type,
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      };
  }
}

/** The flattened Parquet schema (depth-first, groups carrying their child count). */
export function parquetSchema(fields: Field[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'schema', num_children: fields.length }];
  const walk = (fs: Field[]) => {
    for (const f of fs) {
      if (isList(f.type)) {
        const repetition_type = f.required ? 'REQUIRED' : 'OPTIONAL';
        out.push({ name: f.name, repetition_type, converted_type: 'LIST', num_children: 1 });
        out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
        out.push({ name: 'element', repetition_type: 'OPTIONAL', num_children: f.type.list.length });
        walk(f.type.list);
      } else if (Array.isArray(f.type)) {
        out.push({ name: f.name, repetition_type: f.required ? 'REQUIRED' : 'OPTIONAL', num_children: f.type.length });
        walk(f.type);
      } else out.push(leafElement(f.name, f.type, f.required ?? false));
    }
  };
  walk(fields);
  return out;
}

const isList = (t: Field['type']): t is { list: Field[] } => typeof t === 'object' && !Array.isArray(t);

function convertField(f: Field, v: unknown): unknown {
  if (isList(f.type)) {
    if (!Array.isArray(v) || v.length === 0) return null;
    const fields = f.type.list;
    return v.map((x) => convertStruct(fields, x as Record<string, unknown>));
  }
  if (Array.isArray(f.type)) return convertStruct(f.type, v as Record<string, unknown>);
  return convert(f.type, v);
}

function convert(type: Leaf, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'int64' || type === 'timestamp') return BigInt(v as number);
  if (type === 'bool') return Boolean(v);
  if (type === 'double') return Number(v);
  return v;
}

/** A struct value with its leaves converted; null when every leaf is null (an absent object, as OCSF has it). */
function convertStruct(fields: Field[], v: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const f of fields) {
    const x = convertField(f, v[f.name]);
    out[f.name] = x;
    if (x !== null) any = true;
  }
  return any ? out : null;
}

/** Rows per row group: large enough for engines to skip by statistics, small enough to bound memory. */
export const ROW_GROUP = 50_000;

/**
 * One Parquet file written in row groups: `add` rows, the writer flushes a group every ROW_GROUP rows, `close`
 * writes the footer. Memory holds at most one row group.
 */
export class ParquetFile {
  private readonly writer: ParquetWriter;
  private cols: unknown[][];
  rows = 0;

  constructor(
    readonly path: string,
    private readonly fields: Field[],
    kv: Record<string, string> = {},
  ) {
    this.writer = new ParquetWriter({
      writer: privateParquetWriter(path),
      schema: parquetSchema(fields) as never,
      codec: 'SNAPPY',
      createdBy: `sessionscope ${VERSION}`,
      kvMetadata: Object.entries(kv).map(([key, value]) => ({ key, value })),
    });
    this.cols = fields.map(() => []);
  }

  add(row: Record<string, unknown>): void {
    const fs = this.fields;
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i];
      const v = convertField(f, row[f.name]);
      if (v === null && f.required) throw new Error(`internal: ${f.name} is required but null in ${this.path}`);
      this.cols[i].push(v);
    }
    this.rows++;
    if (this.cols[0].length >= ROW_GROUP) this.flush();
  }

  private flush(): void {
    if (this.cols[0].length === 0) return;
    const n = this.cols[0].length;
    this.writer.write({
      columnData: this.fields.map((f, i) => ({ name: f.name, data: this.cols[i] as never[] })),
      rowGroupSize: n,
    });
    this.cols = this.fields.map(() => []);
  }

  close(): void {
    this.flush();
    this.writer.finish();
  }
}
