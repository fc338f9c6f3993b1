// Raw records as stored: deflate-compressed blocks of consecutive records (core/evidence). The scan reads
// events in block order, so keeping the last inflated block means each block is inflated once.
import { inflateRawSync } from 'node:zlib';
import type { CaseDb } from '../casefile/open.js';

export class BlockReader {
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
