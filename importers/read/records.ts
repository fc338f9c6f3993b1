// Turns an evidence file into a stream of records (pieces) of the shape its importer expects.
import type { InputShape } from '../types.js';
import { JsonSplitter, DEFAULT_WRAPPER_KEYS } from './json-stream.js';
import { LineSplitter } from './lines.js';
import { CsvSplitter } from './csv.js';
import type { Piece } from './piece.js';
import type { JsonLayout } from './sniff.js';
import { readSource, SourceError, TrailingBytes, type OnRead } from './source.js';

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
  let pieces = 0;
  const sink = (p: ValuedPiece) => {
    pieces++;
    onPiece(p);
  };
  const splitter =
    opts.shape === 'csv'
      ? new CsvSplitter(sink, opts.csvDelimiter ?? ',')
      : opts.shape === 'json' && opts.jsonLayout === 'stream'
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
