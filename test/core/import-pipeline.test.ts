// An import job takes the next file in (hash, evidence row, custody entry) while the previous one parses: the first
// rows appear after one file's hash, not after every file's. Each intake is a transaction of its own, committed
// between batches, so a file that fails mid-parse rolls back its own rows only — never another file's custody entry.
import { describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createCase } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { intakeFile } from '../../core/evidence/import-file.js';
import { runParse } from '../../core/evidence/parse-job.js';
import { BatchWriter } from '../../core/evidence/batch-writer.js';
import type { PreparedBatch } from '../../core/evidence/batch.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { tempDir } from '../helpers.js';

describe('import job pipeline', () => {
  it('records file 2 before file 1 is complete, and every file verifies', async () => {
    const t = tempDir();
    const dir = path.join(t.dir, 'in');
    mkdirSync(dir);
    // A large first file and small ones after it: the small ones are taken in long before the first is parsed.
    for (let f = 0; f < 3; f++)
      writeFileSync(path.join(dir, `ct-${f}.jsonl`), cloudtrail(f === 0 ? 20_000 : 300, 10 + f).join('\n') + '\n');
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 't', analyst: 'tester' });
    try {
      const r = await runImport(h.db, { casePath: h.path, paths: [dir], analyst: 'tester', noDerive: true });
      expect(r.evidence.map((e) => e.status)).toEqual(['complete', 'complete', 'complete']);
      const log = h.db.prepare('SELECT seq, action, evidence_id FROM custody_log ORDER BY seq').all() as {
        seq: number;
        action: string;
        evidence_id: number;
      }[];
      const at = (action: string, id: number) => log.find((l) => l.action === action && l.evidence_id === id)!.seq;
      const [a, b, c] = r.evidence.map((e) => e.id);
      // Evidence ids and intake entries keep the files' order…
      expect(at('intake', a)).toBeLessThan(at('intake', b));
      expect(at('intake', b)).toBeLessThan(at('intake', c));
      // …and the second file is taken in while the first still parses.
      expect(at('intake', b)).toBeLessThan(at('import-complete', a));
      const events = h.db.prepare('SELECT count(*) FROM event_rows').pluck().get();
      expect(events).toBe(r.evidence.reduce((s, e) => s + e.events, 0));
      const v = await verifyCase(h.db);
      expect(v.problems).toEqual([]);
    } finally {
      h.close();
      t.cleanup();
    }
  });

  it('a file that fails mid-parse leaves the next file recorded and complete', async () => {
    const t = tempDir();
    const dir = path.join(t.dir, 'in');
    mkdirSync(dir);
    const a = path.join(dir, 'a.jsonl');
    writeFileSync(a, cloudtrail(20_000, 3).join('\n') + '\n');
    writeFileSync(path.join(dir, 'b.jsonl'), cloudtrail(300, 4).join('\n') + '\n');
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 't', analyst: 'tester' });
    try {
      // The first file grows while it is parsed (a log still being written): its import fails and keeps nothing.
      let touched = false;
      const r = await runImport(h.db, { casePath: h.path, paths: [dir], analyst: 'tester', noDerive: true }, (p) => {
        if (!touched && p.phase === 'importing' && p.file === a && p.events > 0) {
          touched = true;
          appendFileSync(a, cloudtrail(1, 9)[0] + '\n');
        }
      });
      expect(touched).toBe(true);
      expect(r.evidence[0].status).toBe('failed');
      expect(r.evidence[0].error).toMatch(/changed while it was imported/);
      expect(r.evidence[1].status).toBe('complete');
      const intakes = h.db.prepare("SELECT count(*) FROM custody_log WHERE action = 'intake'").pluck().get();
      expect(intakes).toBe(2);
      expect(h.db.prepare('SELECT count(*) FROM event_rows').pluck().get()).toBe(r.evidence[1].events);
      // What verify reports is the failed file, never a broken custody chain.
      const v = await verifyCase(h.db);
      expect(v.problems.filter((p) => /custody|chain/i.test(JSON.stringify(p)))).toEqual([]);
    } finally {
      h.close();
      t.cleanup();
    }
  });

  it("commits another file's open batch transaction before recording an intake", async () => {
    const t = tempDir();
    const a = path.join(t.dir, 'a.jsonl');
    const b = path.join(t.dir, 'b.jsonl');
    writeFileSync(a, cloudtrail(3000, 5).join('\n') + '\n');
    writeFileSync(b, cloudtrail(10, 6).join('\n') + '\n');
    const h = createCase(path.join(t.dir, 'c.sscase'), { name: 't', analyst: 'tester' });
    try {
      const ia = await intakeFile(h.db, a, { analyst: 'tester' });
      if (ia.kind !== 'ready') throw new Error('a not admitted');
      const batches: PreparedBatch[] = [];
      await runParse(ia.file.request, (x) => batches.push(x));
      const writer = new BatchWriter(h.db, ia.file.id, 'cloudtrail');
      writer.write(batches[0]); // the first batch commits at once
      writer.write(batches[1]); // this one stays in an open transaction
      expect(h.db.inTransaction).toBe(true);
      const ib = await intakeFile(h.db, b, { analyst: 'tester', openWriters: new Set([writer]) });
      expect(ib.kind).toBe('ready');
      // File a fails now: its open rows roll back, b's evidence row and custody entry stay.
      writer.write(batches[2]);
      writer.rollback();
      const intakes = h.db
        .prepare("SELECT evidence_id FROM custody_log WHERE action = 'intake' ORDER BY seq")
        .pluck()
        .all();
      expect(intakes).toEqual([ia.file.id, ib.kind === 'ready' ? ib.file.id : -1]);
      expect(h.db.prepare('SELECT count(*) FROM evidence').pluck().get()).toBe(2);
      expect(h.db.prepare('SELECT count(*) FROM event_rows').pluck().get()).toBe(
        batches[0].events.length + batches[1].events.length,
      );
    } finally {
      h.close();
      t.cleanup();
    }
  });
});
