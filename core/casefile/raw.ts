// Raw records live deflate-compressed in blocks (written by core/evidence/batch-writer.ts). Reading one record
// means inflating its block; sequential readers (exports, verify, the Sigma scan, which reads events in block
// order) keep the last block, so each block is inflated once. Here in core/casefile so every layer that reads
// raw records (core/detect, core/evidence, core/query, core/annotate) shares one reader.
import { inflateRawSync } from 'node:zlib';
import type { CaseDb } from './open.js';

export class RawReader {
  private blockId = -1;
  private block: Buffer | null = null;
  private readonly stmt;

  constructor(db: CaseDb) {
    this.stmt = db.prepare('SELECT data FROM raw_blocks WHERE id = ?').pluck();
  }

  read(block: number, offset: number, length: number): Buffer {
    if (block !== this.blockId) {
      const data = this.stmt.get(block) as Buffer | undefined;
      if (!data) throw new Error(`raw block ${block} is missing`);
      this.block = inflateRawSync(data);
      this.blockId = block;
    }
    return this.block!.subarray(offset, offset + length);
  }
}

export function eventRaw(db: CaseDb, eventId: number): Buffer | null {
  const row = db.prepare('SELECT raw_block, raw_offset, raw_length FROM events WHERE id = ?').get(eventId) as
    { raw_block: number; raw_offset: number; raw_length: number } | undefined;
  if (!row) return null;
  return new RawReader(db).read(row.raw_block, row.raw_offset, row.raw_length);
}
