// What a session or an identity read, and how much, as its sources state it: the JSON shape derivation's summary is
// read back in (core/query/exposure.ts) and a one-line rendering for tables (the CLI, the workbench). Pure.

export interface ExposureAmount {
  /** the sum of what the events state */
  total: number;
  /** events stating it */
  events: number;
  /** the events behind the number, largest first (at most 20): `[event id, value]` */
  top_events: [number, number][];
}

export interface ExposureJson {
  /** events that state what they read */
  events: number;
  first: string;
  last: string;
  /** the formats that stated it */
  sources: string[];
  /**
   * What each source stated. The totals add them up, and two sources can log one read (a Graph message read and
   * Exchange's MailItemsAccessed for it): when several are listed, these tell the reader what each saw.
   */
  by_source: { source: string; events: number; rows: number; bytes: number; items: number; object_reads: number }[];
  /** rows a query, export or report produced (Snowflake ROWS_PRODUCED, Salesforce ROWS_PROCESSED / ROW_COUNT) */
  rows: ExposureAmount | null;
  /**
   * bytes read or sent (S3 bytesTransferredOut, Snowflake BYTES_SCANNED, Salesforce RESPONSE_SIZE,
   * Workspace API responses)
   */
  bytes: ExposureAmount | null;
  /** items read (mail items, files downloaded, objects fetched) */
  items: ExposureAmount | null;
  /** distinct objects read (tables, files, S3 objects, sObjects, reports), the most read first (at most 20) */
  objects: { distinct: number; events: number; top: { name: string; events: number; first_event: number }[] } | null;
  /** distinct columns read (`<object>.<column>`), the most read first (at most 50) */
  columns: { distinct: number; top: string[] } | null;
}

/** A count in three significant digits: 6.05M, 125k, 9,800. */
function short(v: number): string {
  if (v >= 1e9) return `${Number((v / 1e9).toPrecision(3))}G`;
  if (v >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (v >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return v.toLocaleString('en-US');
}

/** One line for tables: `6.05M rows · 2.43 GB · 1 object · 4 columns` (empty when nothing was stated). */
export function exposureBrief(x: ExposureJson | null): string {
  if (!x) return '';
  const parts: string[] = [];
  if (x.rows) parts.push(`${short(x.rows.total)} rows`);
  if (x.bytes) parts.push(`${short(x.bytes.total)}B`.replace(/(\d)([kMG])B$/, '$1 $2B'));
  if (x.items) parts.push(`${short(x.items.total)} items`);
  if (x.objects) parts.push(`${short(x.objects.distinct)} object${x.objects.distinct === 1 ? '' : 's'}`);
  if (x.columns) parts.push(`${short(x.columns.distinct)} columns`);
  return parts.join(' · ');
}
