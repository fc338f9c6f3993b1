// Records found inside a record (the activities of a saved API page, the rows of a query result): each part keeps
// its exact bytes (a slice of the container's, util/json-slices.ts) and its own ref, so `raw` stays the file's
// bytes. In a JSON-lines file a part's ref is {line, index, offset} (offset within the line); in a stream it is
// {index, offset} (offset within the file), its index counted by the parser.
import type { RecordRef } from '../../core/model/event.js';
import type { InputRecord } from '../types.js';
import type { Slice } from './json-slices.js';

/** A part of a container record; its text is decoded on demand (the value is parsed already). */
export class Part implements InputRecord {
  private decoded: string | undefined;
  constructor(
    readonly ref: RecordRef,
    readonly bytes: Buffer,
    readonly value: unknown,
  ) {}
  get text(): string {
    return (this.decoded ??= this.bytes.toString('utf8'));
  }
}

/** Numbers parts across containers: one per parser (stream refs need an index unique in the file). */
export class PartMaker {
  private next = 0;

  part(container: InputRecord, slice: Slice, i: number, value: unknown): InputRecord {
    const r = container.ref as { line?: number; offset?: number };
    const ref: RecordRef =
      r.line !== undefined
        ? ({ line: r.line, index: i, offset: slice.start } as RecordRef)
        : { index: this.next++, offset: (r.offset ?? 0) + slice.start };
    return new Part(ref, container.bytes.subarray(slice.start, slice.end), value);
  }
}
