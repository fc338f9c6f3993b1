// The importer contract. An importer knows one log family: it recognises a sample (detect) and turns records
// into normalized events (createParser). It never touches the case file; the pipeline in core/evidence does
// reading, hashing, storage and accounting, so every importer gets the same guarantees for free.
import type { FormatId, NormalizedEvent, RecordRef } from '../core/model/event.js';

/**
 * How the pipeline splits a file into records before the importer sees them:
 * - `json`: JSON lines, a JSON array, a wrapper document (`{"Records":[…]}`, `{"records":[…]}`, `{"value":[…]}`),
 *   or concatenated/pretty-printed documents; each record arrives parsed (`value`).
 * - `lines`: one record per non-blank line of text; importers that join lines (multi-line statements) merge them.
 * - `csv`: one record per CSV row; `value` is the row as an object keyed by header.
 * - `any`: JSON when the file is JSON, else CSV.
 */
export type InputShape = 'json' | 'lines' | 'csv' | 'any';

export interface InputRecord {
  ref: RecordRef;
  /** The record's bytes as they are in the file (line terminator excluded). */
  bytes: Buffer;
  /** The bytes decoded as UTF-8. */
  text: string;
  /** Parsed JSON value (`json`) or header-keyed row (`csv`). */
  value?: unknown;
}

/** What detect() sees: the beginning of the file, already split the way its shape would be. */
export interface Sample {
  fileName: string;
  /** Up to 64 KiB of decoded text from the start (after decompression and BOM removal). */
  head: string;
  /** Up to 20 parsed JSON records (empty unless the head parses as JSON records). */
  values: unknown[];
  /** Up to 50 non-blank lines of the head. */
  lines: string[];
  /** The CSV header fields, when the head looks like CSV. */
  csvHeader?: string[];
}

export interface Sink {
  /** One event made of one record, or of several (the first is the primary; the rest count as merged). */
  event(ev: NormalizedEvent, from: InputRecord | InputRecord[]): void;
  /** A record that cannot become an event, with a reason a person understands. */
  reject(rec: InputRecord, reason: string): void;
  /**
   * Declares that a record is a container of several records (the spans of an OTLP export line, the observations
   * of a Langfuse trace export): from then on the parts count as the records, each must be accounted for
   * (event, merge or reject), and the container itself is not. Parts carry their own refs and exact bytes.
   */
  expand(container: InputRecord, parts: InputRecord[]): void;
}

export interface RecordParser {
  push(rec: InputRecord, sink: Sink): void;
  /** Flushes records held for merging (unpaired requests, open statements…). */
  end(sink: Sink): void;
}

export interface ParserOptions {
  /** Generic importer: the field mapping (see importers/generic/importer.ts). */
  mapping?: Record<string, unknown>;
  fileName: string;
}

/** One format's importer (importers/<id>/importer.ts); its id and title are its descriptor's (format.ts). */
export interface Importer {
  id: FormatId;
  /** Bumped whenever the normalization of some record changes; recorded with each evidence file. */
  version: string;
  title: string;
  input: InputShape;
  /** Extra wrapper keys whose array holds this format's records (json input), beyond the common ones. */
  jsonWrapperKeys?: string[];
  /** Confidence 0–1 that the sample is this format; the highest wins, `generic` is the fallback. */
  detect(sample: Sample): number;
  createParser(opts: ParserOptions): RecordParser;
}
