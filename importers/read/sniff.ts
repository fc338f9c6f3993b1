// Looks at the beginning of a file to tell its shape and build the Sample detectors judge.
import path from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { Sample } from '../types.js';
import { JsonSplitter, DEFAULT_WRAPPER_KEYS } from './json-stream.js';
import type { Piece } from './piece.js';
import { readHead } from './source.js';
import { LIMITS } from '../../core/model/limits.js';

/** `lines`: JSON lines (one document per line); `stream`: arrays, wrapper documents, pretty-printed documents. */
export type JsonLayout = 'lines' | 'stream';

export interface Sniffed {
  sample: Sample;
  jsonLayout: JsonLayout | null;
  csvDelimiter: string | null;
  binary: boolean;
}

const WRAPPER_START = new RegExp(`^\\{\\s*"(?:${DEFAULT_WRAPPER_KEYS.join('|')})"\\s*:\\s*\\[`);
const WRAPPER_KEYS = new Set(DEFAULT_WRAPPER_KEYS);

/**
 * A parsed document that is a page of records: scalar members (page metadata: `@odata.context`, `version`), then
 * a wrapper key holding an array. The same rule as the splitter's (json-stream.ts), on a value.
 */
function isWrapperDocument(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const [k, x] of Object.entries(v)) {
    if (WRAPPER_KEYS.has(k) && Array.isArray(x)) return true;
    if (x !== null && typeof x === 'object') return false;
  }
  return false;
}

function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ctrl++;
  }
  return n > 0 && ctrl / n > 0.1;
}

function jsonLayoutOf(text: string): JsonLayout | null {
  const t = text.trimStart();
  if (t.startsWith('[')) return 'stream';
  if (!t.startsWith('{')) return null;
  if (WRAPPER_START.test(t)) return 'stream';
  const nl = t.indexOf('\n');
  const first = (nl < 0 ? t : t.slice(0, nl)).trim();
  try {
    // One page on one line ({"@odata.context":…,"value":[…]}) holds many records: the splitter reads it.
    return isWrapperDocument(JSON.parse(first)) ? 'stream' : 'lines';
  } catch {
    return 'stream';
  }
}

function csvDelimiterOf(lines: string[]): string | null {
  if (lines.length === 0) return null;
  for (const d of [',', '\t', ';', '|']) {
    try {
      const rows = parseCsvSync(lines.slice(0, Math.min(lines.length, 6)).join('\n'), {
        delimiter: d,
        relax_column_count: false,
        relax_quotes: true,
        skip_empty_lines: true,
      }) as string[][];
      if (rows.length >= 1 && rows[0].length >= 2) return d;
    } catch {
      // Not this delimiter (or a multi-line quoted field cut by the sample: try the next).
    }
  }
  return null;
}

/** Bytes sniffed first; more are read, up to the longest record an import reads, when they hold no record. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Reads the start of a file and sniffs it. When the first 64 KiB hold no whole record (a first JSON line or
 * array element, or a first text line, longer than that), the sample grows fourfold until they do, up to
 * LIMITS.maxRecordBytes: such a file could not be recognised at all (issue 15 §3).
 */
export async function sniffFile(file: string): Promise<Sniffed> {
  for (let max = SNIFF_BYTES; ; max = Math.min(max * 4, LIMITS.maxRecordBytes)) {
    const head = await readHead(file, max);
    const s = sniff(file, head.bytes, head.complete);
    const enough = s.jsonLayout ? s.sample.values.length > 0 : s.sample.lines.length > 0;
    if (enough || head.complete || s.binary || max >= LIMITS.maxRecordBytes) return s;
  }
}

export function sniff(fileName: string, head: Buffer, complete: boolean): Sniffed {
  let bytes = head;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const binary = looksBinary(bytes);
  const text = bytes.toString('utf8');
  const allLines = text.split('\n');
  if (!complete) allLines.pop(); // the last line may be cut by the sample boundary
  const lines = allLines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, 50);
  const sample: Sample = { fileName: path.basename(fileName), head: text, values: [], lines };
  const jsonLayout = binary ? null : jsonLayoutOf(text);
  if (jsonLayout === 'lines') {
    for (const l of lines.slice(0, 20)) {
      try {
        sample.values.push(JSON.parse(l));
      } catch {
        /* judged by the parser, not here */
      }
    }
  } else if (jsonLayout === 'stream') {
    const pieces: Piece[] = [];
    const sp = new JsonSplitter((p) => {
      if (pieces.length < 21) pieces.push(p);
    });
    sp.push(bytes);
    if (complete) sp.end();
    for (const p of pieces.slice(0, 20)) {
      if (p.error) continue;
      try {
        sample.values.push(JSON.parse(p.bytes.toString('utf8')));
      } catch {
        /* as above */
      }
    }
  }
  let csvDelimiter: string | null = null;
  if (!binary && !jsonLayout) {
    csvDelimiter = csvDelimiterOf(lines);
    if (csvDelimiter) {
      try {
        const rows = parseCsvSync(lines[0], { delimiter: csvDelimiter, relax_quotes: true }) as string[][];
        sample.csvHeader = rows[0]?.map((h) => h.trim());
      } catch {
        csvDelimiter = null;
      }
    }
  }
  return { sample, jsonLayout, csvDelimiter, binary };
}
