// Turns an evidence file into a stream of records (pieces) of the shape its importer expects.
import type { InputShape } from '../types.js';
import { JsonSplitter, DEFAULT_WRAPPER_KEYS } from './json-stream.js';
import { LineSplitter } from './lines.js';
import { CsvSplitter } from './csv.js';
import type { Piece } from './piece.js';
import type { JsonLayout } from './sniff.js';
import { readSource, SourceError, type OnRead } from './source.js';

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
  const splitter =
    opts.shape === 'json' && opts.jsonLayout === 'stream'
      ? new JsonSplitter(onPiece, [...DEFAULT_WRAPPER_KEYS, ...(opts.wrapperKeys ?? [])])
      : new LineSplitter(onPiece);
  try {
    for await (const chunk of readSource(file, onRead, undefined, onRead !== undefined)) {
      splitter.push(chunk);
      if (between) await between();
    }
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    splitter.end(e.message);
    return;
  }
  splitter.end();
}

async function readCsv(
  file: string,
  delimiter: string,
  onPiece: (p: ValuedPiece) => void,
  onRead?: OnRead,
  between?: () => Promise<void> | void,
): Promise<void> {
  const splitter = new CsvSplitter(onPiece, delimiter);
  try {
    for await (const chunk of readSource(file, onRead, undefined, onRead !== undefined)) {
      splitter.push(chunk);
      if (between) await between();
    }
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    splitter.end(e.message);
    return;
  }
  splitter.end();
}
