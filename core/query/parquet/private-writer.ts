// Where a Parquet file's bytes go: a new owner-only file (0600, exclusive: nothing is overwritten), written through
// its descriptor, like every other file SessionScope writes (core/policy/private-files.ts). hyparquet-writer's own
// fileWriter creates the file with the default mode and reopens it by name for every megabyte.
import { closeSync, fsyncSync, writeSync } from 'node:fs';
import { ByteWriter } from 'hyparquet-writer';
import { createPrivateFile } from '../../policy/private-files.js';

/** Bytes gathered before they are written out. */
const CHUNK = 1 << 20;

/** A hyparquet Writer on a new owner-only `file`; `finish` writes the rest, makes it durable and closes it. */
export function privateParquetWriter(file: string): ByteWriter {
  const fd = createPrivateFile(file);
  const writer = new ByteWriter();
  const grow = ByteWriter.prototype.ensure.bind(writer);
  const flush = () => {
    const chunk = new Uint8Array(writer.buffer, 0, writer.index);
    let off = 0;
    while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    writer.index = 0;
  };
  writer.ensure = (size: number) => {
    if (writer.index > CHUNK) flush();
    grow(size);
  };
  writer.getBuffer = () => {
    throw new Error('internal: a Parquet file writer keeps no buffer');
  };
  writer.getBytes = () => {
    throw new Error('internal: a Parquet file writer keeps no buffer');
  };
  writer.finish = () => {
    try {
      flush();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  return writer;
}
