// Event ids at scale: the allocator's cache of free slots is bounded, and a file whose records are not in time
// order revisits milliseconds after the cache was trimmed. A 10M-event benchmark failed every 2M-record CloudTrail
// file that way ("UNIQUE constraint failed: event_rows.id") and kept the rows committed before the failure.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCase } from '../../core/casefile/open.js';
import { importFile } from '../../core/evidence/import-file.js';
import { EventIdAllocator } from '../../core/evidence/event-ids.js';
import { runParse } from '../../core/evidence/parse-job.js';
import type { Parser } from '../../core/evidence/parse-and-write.js';
import type { PreparedBatch } from '../../core/evidence/batch.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { tempDir } from '../helpers.js';

/** A deterministic shuffle: late records fall in seconds early batches already used. */
function shuffled(lines: string[], seed: number): string[] {
  const out = lines.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('event ids', () => {
  it('never reuses an id after the slot cache is trimmed, for records out of time order', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'ct.jsonl');
    const lines = shuffled(cloudtrail(12_000, 21), 7);
    writeFileSync(file, lines.join('\n') + '\n');
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 't', analyst: 'tester' });
    try {
      // A cache of 10 milliseconds is trimmed at every commit: each revisited second must be read back.
      const ids = new EventIdAllocator(h.db, { cacheLimit: 10 });
      const r = await importFile(h.db, file, { analyst: 'tester', ids });
      expect(r.error ?? null).toBeNull();
      expect(r.status).toBe('complete');
      expect(r.records).toBe(12_000);
      expect(h.db.prepare('SELECT count(*) FROM event_rows').pluck().get()).toBe(r.events);
      const v = await verifyCase(h.db);
      expect(v.problems).toEqual([]);
    } finally {
      h.close();
      t.cleanup();
    }
  });

  it('a file that fails after a commit keeps none of its rows', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'ct.jsonl');
    writeFileSync(file, cloudtrail(3000, 5).join('\n') + '\n');
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 't', analyst: 'tester' });
    try {
      // A parser that writes (and so commits) its first batch, then stops with an error, as a worker would on a
      // constraint failure or a crash in the middle of a file.
      const parser: Parser = {
        async parse(req, writer) {
          const batches: PreparedBatch[] = [];
          await runParse(req, (b) => batches.push(b));
          writer.write(batches[0]);
          expect(h.db.prepare('SELECT count(*) FROM event_rows').pluck().get()).toBeGreaterThan(0);
          throw new Error('parser died');
        },
        async close() {},
      };
      const r = await importFile(h.db, file, { analyst: 'tester', parser });
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/import stopped: parser died/);
      for (const table of ['event_rows', 'events_fts', 'event_facts', 'raw_blocks'])
        expect([table, h.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]).toEqual([table, 0]);
      // Importing it again (a real parser) makes it whole.
      const again = await importFile(h.db, file, { analyst: 'tester' });
      expect(again.status).toBe('complete');
      expect(h.db.prepare('SELECT count(*) FROM event_rows').pluck().get()).toBe(again.events);
    } finally {
      h.close();
      t.cleanup();
    }
  });
});
