// Opening a proven case does not count the search index's rows (~1 s on 10M events): while FTS5 has written nothing
// since the proof, the count the proof recorded makes the stamp. A proof an older build recorded gains that count on
// the next writable open; a count the proof misstates makes a stamp that is not the proof's, so the index is checked
// and proven again; rows removed through FTS5 are still found on open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openCase } from '../../core/casefile/open.js';
import { invoke } from '../../core/api/dispatch.js';
import { closeContext, createApiContext } from '../../core/api/context.js';
import { PROOF_KEY, stampOf } from '../../core/casefile/search-index.js';
import { generate as cloudtrail } from '../../importers/cloudtrail/generator.js';
import { tempDir } from '../helpers.js';
import { attacker, type Db } from './tamper-kit.js';

let tmp: ReturnType<typeof tempDir>;
let base: string;
let n = 0;

beforeAll(async () => {
  tmp = tempDir('ss-stamp-');
  const evidence = path.join(tmp.dir, 'ct.jsonl');
  writeFileSync(evidence, cloudtrail(1500, 4).join('\n') + '\n');
  base = path.join(tmp.dir, 'base.sscase');
  const ctx = createApiContext({ analyst: 'alice' });
  await invoke(ctx, 'case.create', { path: base, name: 'Stamp', analyst: 'alice' });
  await invoke(ctx, 'evidence.import', { paths: [evidence] });
  closeContext(ctx);
}, 120_000);
afterAll(() => tmp.cleanup());

function copy(edit?: (db: Db) => void): string {
  const file = path.join(tmp.dir, `c${n++}.sscase`);
  copyFileSync(base, file);
  if (edit) {
    const db = attacker(file);
    edit(db);
    db.close();
  }
  return file;
}

function proof(file: string): Record<string, unknown> {
  const db = attacker(file);
  try {
    return JSON.parse(
      db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(PROOF_KEY) as string,
    ) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

function rows(file: string): number {
  const db = attacker(file);
  try {
    return db.prepare('SELECT count(*) FROM events_fts_docsize').pluck().get() as number;
  } finally {
    db.close();
  }
}

function setProof(db: Db, edit: (p: Record<string, unknown>) => void): void {
  const p = JSON.parse(
    db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(PROOF_KEY) as string,
  ) as Record<string, unknown>;
  edit(p);
  db.prepare('UPDATE case_meta SET value = ? WHERE key = ?').run(JSON.stringify(p), PROOF_KEY);
}

describe('the search index stamp on open', () => {
  it('records the count and the parts beside it with the proof, and takes them back while FTS5 wrote nothing', () => {
    const file = copy();
    const p = proof(file);
    expect(p.indexed).toBe(rows(file));
    expect(typeof p.quick).toBe('string');
    const h = openCase(file, { reader: true });
    try {
      const counted = stampOf(h.db);
      const taken = stampOf(h.db, { proven: true });
      expect(taken).toEqual(counted);
      expect(taken.stamp).toBe(p.stamp);
    } finally {
      h.close();
    }
  });

  it('a proof without the count (an older build) is completed by a writable open, its stamp unchanged', () => {
    const file = copy((db) =>
      setProof(db, (p) => {
        delete p.quick;
        delete p.indexed;
      }),
    );
    const before = proof(file);
    openCase(file, { reader: true }).close();
    expect(proof(file).indexed).toBeUndefined(); // a reader records nothing
    openCase(file).close();
    const after = proof(file);
    expect(after.indexed).toBe(rows(file));
    expect(after.stamp).toBe(before.stamp);
    expect(after.at).toBe(before.at);
  });

  it('a count the proof misstates gives another stamp: the index is checked and proven again', () => {
    const file = copy((db) =>
      setProof(db, (p) => {
        p.indexed = (p.indexed as number) - 1;
      }),
    );
    const before = proof(file);
    openCase(file).close();
    const after = proof(file);
    expect(after.indexed).toBe(rows(file));
    expect(after.at).not.toBe(before.at);
  });

  it('rows removed through FTS5 change what it wrote: the open counts, and finds them missing', () => {
    const file = copy((db) => db.exec('DELETE FROM events_fts WHERE rowid IN (SELECT id FROM event_rows LIMIT 3)'));
    expect(() => openCase(file, { reader: true })).toThrow(/3 event\(s\) are missing from the search index/);
  });
});
