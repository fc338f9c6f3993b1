// Records found inside a record (the activities of a saved API page, the rows of a query result): each part keeps
// its exact bytes (a slice of the container's, util/json-slices.ts) and its own ref, so `raw` stays the file's
// bytes. In a JSON-lines file a part's ref is {line, index, offset}: the container's line, the part's place in it
// and its offset within the line. In a stream it is {index, offset}: the container's index among the file's records
// (the reader's numbering, which parts must not collide with) and the part's offset in the file, which tells parts
// of one container apart.
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

/** Makes the parts of containers (one per parser, so importers share one ref scheme). */
export class PartMaker {
  part(container: InputRecord, slice: Slice, i: number, value: unknown): InputRecord {
    const r = container.ref as { line?: number; index?: number; offset?: number };
    const ref: RecordRef =
      r.line !== undefined
        ? ({ line: r.line, index: i, offset: slice.start } as RecordRef)
        : { index: r.index ?? 0, offset: (r.offset ?? 0) + slice.start };
    return new Part(ref, container.bytes.subarray(slice.start, slice.end), value);
  }
}
