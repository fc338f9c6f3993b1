// Issue 15 §3: `verify` is linear in the evidence files. Every writing session leaves a seal, and verify checked
// each seal's evidence digest with a query and a hashing of all the evidence: a case of 50,000 files imported in
// as many sessions took 9.6 minutes. The digests of all seals now come from one pass.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase, type CaseDb } from '../../core/casefile/open.js';
import { sealCase } from '../../core/casefile/seal.js';
import { recordCustody } from '../../core/casefile/custody.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { tempDir } from '../helpers.js';

const tmp = tempDir('ss-verify-scale-');
afterAll(() => tmp.cleanup());

/** A case with `files` evidence files, each completed in its own writing session, each session sealed. */
function build(files: number): { db: CaseDb; close: () => void } {
  const h = createCase(path.join(tmp.dir, `c${files}.sscase`), { name: 't', analyst: 'tester' });
  const ins = h.db.prepare(
    `INSERT INTO evidence(path, name, size, sha256, status, added_at, format) VALUES (?, ?, 1, ?, 'importing', ?, 'cloudtrail')`,
  );
  const done = h.db.prepare("UPDATE evidence SET status = 'complete', events_digest = ? WHERE id = ?");
  for (let i = 0; i < files; i++) {
    const sha256 = i.toString(16).padStart(64, '0');
    h.db.transaction(() => {
      const id = Number(ins.run(`/e/${i}.json`, `${i}.json`, sha256, new Date().toISOString()).lastInsertRowid);
      recordCustody(h.db, 'intake', { id, sha256 }, 'tester', { path: `/e/${i}.json` });
      done.run('d'.repeat(64), id);
      recordCustody(h.db, 'import-complete', { id, sha256 }, 'tester', { records: 0 });
    })();
    sealCase(h.db, 'tester');
  }
  return { db: h.db, close: () => h.close() };
}

/** Counts the statements verify prepares that read the evidence table. */
function counting(db: CaseDb): { db: CaseDb; evidenceScans: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'prepare')
        return (sql: string) => {
          if (/FROM evidence\b/.test(sql)) n++;
          return target.prepare(sql);
        };
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, evidenceScans: () => n };
}

describe('verify scales with the number of evidence files and seals', () => {
  it('reads the evidence a fixed number of times, whatever the number of seals', async () => {
    const scans: number[] = [];
    for (const files of [50, 400]) {
      const c = build(files);
      try {
        const probe = counting(c.db);
        const t0 = performance.now();
        const r = await verifyCase(probe.db, { rehash: false });
        const ms = performance.now() - t0;
        expect(r.checked.seals).toBe(files);
        expect(r.problems.filter((p) => p.check === 'seals')).toEqual([]);
        scans.push(probe.evidenceScans());
        expect(ms, `${files} sealed sessions verified in ${ms.toFixed(0)} ms`).toBeLessThan(20_000);
      } finally {
        c.close();
      }
    }
    expect(scans[1]).toBe(scans[0]);
  }, 120_000);
});
