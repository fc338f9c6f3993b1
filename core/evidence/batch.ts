// What the parsing side hands the writing side: rows ready to insert, raw records already compressed into
// blocks, hashes and search documents computed. Plain data, so it crosses a worker boundary cheaply.
import type { RecordRef } from '../model/event.js';

/** [ts, seq, ref_line, ref_index, ref_offset, principal, principal_type, session_key, action, category, resource,
 *  resource_type, outcome, error_code, src_ip, user_agent, detail, block, raw_offset, raw_length,
 *  raw_sha256 (hex), search doc, facts (JSON object or null), merged refs (or null)] */
export type PreparedEvent = [
  number,
  number,
  number | null,
  number | null,
  number | null,
  string | null,
  string,
  string | null,
  string,
  string,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  number,
  number,
  number,
  string,
  string,
  Record<string, string> | null,
  RecordRef[] | null,
];

/**
 * [ref_line, ref_index, ref_offset, reason, block (or -1), raw_offset, raw_length, raw_sha256 hex (or ''), truncated]
 */
export type PreparedReject = [
  number | null,
  number | null,
  number | null,
  string,
  number,
  number,
  number,
  string,
  boolean,
];

export interface PreparedBatch {
  /** Compressed raw blocks; PreparedEvent/PreparedReject block numbers index into this array. */
  blocks: Uint8Array[];
  events: PreparedEvent[];
  rejects: PreparedReject[];
  /** Bytes of the file read so far, for progress. */
  bytesRead: number;
  records: number;
}

export interface ParseTotals {
  records: number;
  events: number;
  rejected: number;
  merged: number;
  digest: string;
  firstTs: number | null;
  lastTs: number | null;
  firstRejects: { record_ref: RecordRef; reason: string }[];
  accounted: number;
  /** SHA-256 and length of the file's bytes as this parse read them (all of them: see importers/read/source.ts). */
  sha256: string;
  bytes: number;
}

export function refCols(ref: RecordRef): [number | null, number | null, number | null] {
  const r = ref as { line?: number; index?: number; offset?: number };
  return [r.line ?? null, r.index ?? null, r.offset ?? null];
}
