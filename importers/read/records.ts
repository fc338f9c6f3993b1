// Turns an evidence file into a stream of records (pieces) of the shape its importer expects.
import { parse as csvParse } from 'csv-parse';
import type { InputShape } from '../types.js';
import { JsonSplitter, DEFAULT_WRAPPER_KEYS } from './json-stream.js';
import { LineSplitter } from './lines.js';
import type { Piece } from './piece.js';
import type { JsonLayout } from './sniff.js';
import { readSource, SourceError, TrailingBytes, type OnRead } from './source.js';
import { LIMITS } from '../../core/model/limits.js';

export interface ReadOptions {
  shape: Exclude<InputShape, 'any'>;
  jsonLayout: JsonLayout | null;
  csvDelimiter: string | null;
  wrapperKeys?: string[];
}

export type ValuedPiece = Piece & { value?: unknown };

/** Reads every record; `onPiece` runs synchronously for each, in file order. */
export async function readRecords(
  file: string,
  opts: ReadOptions,
  onPiece: (p: ValuedPiece) => void,
  /** Every chunk of the file's bytes, all of them even when reading stops early (see readSource). */
  onRead?: OnRead,
  /** Awaited between chunks: lets a consumer that hands records to another thread apply backpressure. */
  between?: () => Promise<void> | void,
): Promise<void> {
  if (opts.shape === 'csv') return readCsv(file, opts.csvDelimiter ?? ',', onPiece, onRead, between);
  let pieces = 0;
  const sink = (p: ValuedPiece) => {
    pieces++;
    onPiece(p);
  };
  const splitter =
    opts.shape === 'json' && opts.jsonLayout === 'stream'
      ? new JsonSplitter(sink, [...DEFAULT_WRAPPER_KEYS, ...(opts.wrapperKeys ?? [])])
      : new LineSplitter(sink);
  try {
    for await (const chunk of readSource(file, onRead, undefined, onRead !== undefined)) {
      splitter.push(chunk);
      if (between) await between();
    }
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    if (e instanceof TrailingBytes) {
      splitter.end();
      onPiece(trailingPiece(e));
      return;
    }
    const before = pieces;
    splitter.end(e.message);
    // Cut between two records: nothing is left to carry the reason, so the reason is a record of its own.
    if (pieces === before) onPiece(endsEarly(e.message));
    return;
  }
  splitter.end();
}

/** The bytes after a gzip file's data, as a reject that keeps their beginning (issue 15 §3). */
function trailingPiece(e: TrailingBytes): ValuedPiece {
  return { ref: { line: 0 }, bytes: e.allZero ? Buffer.alloc(0) : e.head, error: e.message, truncated: !e.allZero };
}

function endsEarly(cut: string): ValuedPiece {
  return { ref: { line: 0 }, bytes: Buffer.alloc(0), error: `file ends early: ${cut}`, truncated: true };
}

async function readCsv(
  file: string,
  delimiter: string,
  onPiece: (p: ValuedPiece) => void,
  onRead?: OnRead,
  between?: () => Promise<void> | void,
): Promise<void> {
  const parser = csvParse({
    bom: true,
    delimiter,
    columns: (header: string[]) => header.map((h, i) => h.trim() || `column_${i + 1}`),
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    raw: true,
    info: true,
    max_record_size: LIMITS.maxRecordBytes,
  });
  let index = 0;
  parser.on('skip', (err: Error & { lines?: number; raw?: string }) => {
    index++;
    const raw = typeof err.raw === 'string' ? err.raw : '';
    onPiece({
      ref: { line: err.lines ?? 0 },
      bytes: Buffer.from(raw.slice(0, LIMITS.keptRejectBytes)),
      error: `malformed CSV: ${err.message}`,
    });
  });
  let cut: string | null = null;
  let trailing: TrailingBytes | null = null;
  /** Why reading the file stopped (not a gzip ending, which is reported as a record): the parse fails with it. */
  let failed: Error | null = null;
  // The feed and the parser stop each other: a parser that fails is fed no more (its 'drain' never comes), and a
  // feed that fails ends the parser with its error (an unended parser waits forever for input).
  const feed = (async () => {
    try {
      for await (const chunk of readSource(file, onRead, undefined, onRead !== undefined)) {
        if (parser.destroyed) break;
        if (!parser.write(chunk))
          await new Promise<void>((r) => {
            parser.once('drain', r);
            parser.once('close', r);
          });
      }
    } catch (e) {
      if (!(e instanceof SourceError)) {
        failed = e as Error;
        parser.destroy(failed);
        return;
      }
      if (e instanceof TrailingBytes) trailing = e;
      else cut = e.message;
    }
    if (!parser.destroyed) parser.end();
  })();
  /** The consumer's own failure (a record it could not take) is its to handle, not a fault of the CSV. */
  let consumer: unknown = null;
  const give = (p: ValuedPiece) => {
    try {
      onPiece(p);
    } catch (e) {
      consumer = e;
      throw e;
    }
  };
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, string>;
      raw: string;
      info: { lines: number };
    }>) {
      index++;
      const raw = rec.raw.replace(/\r?\n$/, '');
      const newlines = (raw.match(/\n/g) ?? []).length;
      const bytes = Buffer.from(raw, 'utf8');
      const line = rec.info.lines - newlines;
      if (raw.includes('\uFFFD')) {
        give({ ref: { line }, bytes, error: 'invalid UTF-8 in this row' });
        continue;
      }
      give({ ref: { line }, bytes, value: rec.record });
      if (between && (index & 1023) === 0) await between();
    }
  } catch (e) {
    parser.destroy();
    await feed;
    if (failed) throw failed;
    if (consumer !== null) throw consumer;
    onPiece({
      ref: { line: 0 },
      bytes: Buffer.alloc(0),
      error: `CSV cannot be read past record ${index}: ${(e as Error).message.split('\n')[0]}`,
    });
  }
  await feed;
  if (failed) throw failed;
  if (cut) onPiece(endsEarly(cut));
  if (trailing) onPiece(trailingPiece(trailing));
}
