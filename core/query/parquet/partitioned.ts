// A table written as Hive-style day partitions (`TABLE/day=YYYY-MM-DD/part-00000.parquet`), the layout DuckDB
// (`hive_partitioning`), Spark (`spark.read.parquet`) and Athena (`PARTITIONED BY (day string)`) discover. Rows
// arrive in time order (event ids are time-keyed), so one file is open at a time; a day seen again (rows out of
// order) gets a new part rather than reopening a closed file.
import path from 'node:path';
import { makePrivateDir } from '../../policy/private-files.js';
import { ParquetFile, type Field } from './columns.js';

export interface WrittenFile {
  /** Relative to the export folder, with `/` separators. */
  path: string;
  rows: number;
}

export class DayPartitioned {
  private current: ParquetFile | null = null;
  private day = '';
  private readonly parts = new Map<string, number>();
  readonly files: WrittenFile[] = [];
  rows = 0;

  constructor(
    private readonly root: string,
    private readonly table: string,
    private readonly fields: Field[],
    private readonly kv: Record<string, string>,
  ) {}

  add(day: string, row: Record<string, unknown>): void {
    if (day !== this.day || !this.current) {
      this.closeCurrent();
      const n = this.parts.get(day) ?? 0;
      this.parts.set(day, n + 1);
      const rel = `${this.table}/day=${day}/part-${String(n).padStart(5, '0')}.parquet`;
      makePrivateDir(path.join(this.root, this.table, `day=${day}`));
      this.current = new ParquetFile(path.join(this.root, rel), this.fields, this.kv);
      this.files.push({ path: rel, rows: 0 });
      this.day = day;
    }
    this.current.add(row);
    this.files[this.files.length - 1].rows++;
    this.rows++;
  }

  private closeCurrent(): void {
    this.current?.close();
    this.current = null;
  }

  close(): void {
    this.closeCurrent();
  }
}
