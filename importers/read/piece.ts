import type { RecordRef } from '../../core/model/event.js';

/** A record as cut from the byte stream, before decoding. `error` marks a record that cannot be used as is. */
export interface Piece {
  ref: RecordRef;
  bytes: Buffer;
  /** Why this record is unusable (too long, too deep, truncated); its bytes are then only its beginning. */
  error?: string;
  truncated?: boolean;
}

export type PieceSink = (p: Piece) => void;

/** Accumulates one record's bytes across chunks, keeping only a bounded prefix once it grows too long. */
export class RecordBuffer {
  private parts: Buffer[] = [];
  length = 0;
  private kept = 0;
  overflow = false;

  constructor(
    private readonly max: number,
    private readonly keep: number,
  ) {}

  add(b: Buffer): void {
    if (b.length === 0) return;
    this.length += b.length;
    if (this.overflow) {
      if (this.kept < this.keep) {
        const take = b.subarray(0, this.keep - this.kept);
        this.parts.push(Buffer.from(take));
        this.kept += take.length;
      }
      return;
    }
    // Chunks are reused by the stream: copy what we keep across calls.
    this.parts.push(Buffer.from(b));
    this.kept += b.length;
    if (this.length > this.max) {
      this.overflow = true;
      const all = Buffer.concat(this.parts);
      this.parts = [all.subarray(0, this.keep)];
      this.kept = Math.min(all.length, this.keep);
    }
  }

  take(): Buffer {
    const out = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.length = 0;
    this.kept = 0;
    this.overflow = false;
    return out;
  }

  get empty(): boolean {
    return this.length === 0;
  }
}
