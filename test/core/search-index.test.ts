// A damaged search index never answers a search with events silently missing (issue 15 §4): opening checks the
// index when FTS5 wrote to it since it was last proven whole, the first search compares its bytes with the proof
// (on a case too large for the whole-file check — the threshold is lowered here through its documented setting);
// a corruption SQLite meets during a search is CASE_DAMAGED (never INVALID_QUERY), verify names the search index
// also on a read-only connection, and `repair --search-index` rebuilds it from the evidence files with a custody
// entry, the evidence untouched.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openCase, type OpenOptions } from '../../core/casefile/open.js';
import { UserError } from '../../core/errors.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { invoke } from '../../core/api/dispatch.js';
import { closeContext, createApiContext } from '../../core/api/context.js';
import { PROOF_KEY, contentCheckPending, indexState, proveInSteps } from '../../core/casefile/search-index.js';
import { tempDir } from '../helpers.js';
import { attacker, type Db } from './tamper-kit.js';

let tmp: ReturnType<typeof tempDir>;
let base: string;
let evidence: string;
let events = 0;
let n = 0;

/** CloudTrail records of our own: enough of them for several index segments. */
function writeEvidence(file: string, count: number): void {
  const lines: string[] = [];
  const t0 = Date.parse('2026-03-10T09:00:00Z');
  for (let i = 0; i < count; i++)
    lines.push(
      JSON.stringify({
        eventVersion: '1.08',
        eventTime: new Date(t0 + i * 1000).toISOString().replace('.000', ''),
        eventSource: 's3.amazonaws.com',
        eventName: i % 7 === 0 ? 'PutObject' : 'GetObject',
        awsRegion: 'us-east-1',
        sourceIPAddress: `10.0.${i % 50}.${i % 200}`,
        userAgent: 'aws-sdk-go/1.44',
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::111122223333:assumed-role/worker-${i % 5}/session-${i % 11}`,
          accountId: '111122223333',
          accessKeyId: `ASIAEXAMPLE${i % 13}`,
        },
        requestParameters: { bucketName: `bucket-${i % 9}`, key: `reports/word${i}/quarter${i % 4}.csv` },
        eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      }),
    );
  writeFileSync(file, lines.join('\n') + '\n');
}

beforeAll(async () => {
  tmp = tempDir('ss-fts-');
  evidence = path.join(tmp.dir, 'trail.jsonl');
  writeEvidence(evidence, 12000);
  base = path.join(tmp.dir, 'base.sscase');
  const ctx = createApiContext({ analyst: 'alice' });
  await invoke(ctx, 'case.create', { path: base, name: 'Index', analyst: 'alice' });
  await invoke(ctx, 'evidence.import', { paths: [evidence] });
  events = ((await invoke(ctx, 'case.info', {})) as { events: number }).events;
  closeContext(ctx);
}, 120_000);

afterAll(() => tmp.cleanup());

// Every case here counts as large: only its own records are quick-checked on open, as a case over 32 MB is.
beforeEach(() => {
  process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES = '0';
});
afterEach(() => {
  delete process.env.SESSIONSCOPE_FULL_CHECK_MAX_BYTES;
});

function copy(tamper?: (db: Db) => void): string {
  const file = path.join(tmp.dir, `case-${++n}.sscase`);
  copyFileSync(base, file);
  if (tamper) {
    const db = attacker(file);
    try {
      tamper(db);
    } finally {
      db.close();
    }
  }
  return file;
}

/** Overwrites the middle of one leaf of the index's segments (not the structure or averages records). */
function smashSegment(db: Db): void {
  const r = db
    .prepare('SELECT id, block FROM events_fts_data WHERE id > 10 ORDER BY length(block) DESC LIMIT 1')
    .get() as { id: number; block: Buffer };
  const b = Buffer.from(r.block);
  for (let i = Math.floor(b.length / 3); i < Math.floor(b.length / 3) + 64; i++) b[i] = 0xff;
  db.prepare('UPDATE events_fts_data SET block = ? WHERE id = ?').run(b, r.id);
}

const deleteRows = (db: Db) =>
  db.exec('DELETE FROM events_fts WHERE rowid IN (SELECT id FROM event_rows ORDER BY id LIMIT 25)');

function openError(file: string, opts: OpenOptions = {}): UserError {
  try {
    openCase(file, opts).close();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('the case opened');
}

async function verifyAt(file: string, opts: OpenOptions = {}) {
  const h = openCase(file, { schema: 'inspect', searchIndex: 'skip', ...opts });
  try {
    const r = await verifyCase(h.db, { schema: h.schema, rehash: false });
    return { ok: r.ok, text: r.problems.map((p) => `[${p.check}] ${p.message}`).join('\n') };
  } finally {
    h.close();
  }
}

async function search(file: string, q: string, open: OpenOptions = { reader: true }): Promise<number> {
  const ctx = createApiContext({ casePath: file, open });
  try {
    return ((await invoke(ctx, 'events.count', { filter: { search: q } })) as { count: number }).count;
  } finally {
    closeContext(ctx);
  }
}

describe('search index on open', () => {
  it('a clean large case opens, writable and read-only, and records the proof', async () => {
    const file = copy();
    openCase(file).close();
    const db = attacker(file);
    const proof = db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck().get(PROOF_KEY) as string;
    expect(JSON.parse(proof).key).toBe(indexState(db).key);
    db.close();
    openCase(file, { readonly: true }).close();
    expect(await search(file, 'PutObject')).toBe(Math.ceil(12000 / 7));
    expect((await verifyAt(file)).text).toBe('');
    // A read-only connection runs FTS5's check as well (the 'integrity-check' command could not: it writes).
    expect((await verifyAt(file, { readonly: true })).text).toBe('');
  });

  const forgetProof = (db: Db) => db.prepare('DELETE FROM case_meta WHERE key = ?').run(PROOF_KEY);
  for (const [name, tamper, says, at] of [
    ['index rows deleted', deleteRows, /25 event\(s\) are missing from the search index/, 'open'],
    [
      'a segment overwritten in a case never proven (as an older build left it)',
      (db: Db) => {
        smashSegment(db);
        forgetProof(db);
      },
      /full-text index is damaged \(fts5: corruption found/,
      'open',
    ],
    [
      'a segment overwritten in place after the index was proven',
      smashSegment,
      /full-text index is damaged \(fts5: corruption found/,
      'search',
    ],
  ] as const) {
    it(`${name}: CASE_DAMAGED on ${at}, named by verify, repaired`, async () => {
      const file = copy(tamper);
      for (const opts of [{}, { reader: true }, { readonly: true }] as OpenOptions[]) {
        let err: UserError;
        if (at === 'open') err = openError(file, opts);
        else {
          // FTS5 wrote nothing since the proof, so opening is quick; the first search compares the index's bytes.
          const ctx = createApiContext({ casePath: file, open: opts });
          try {
            expect(((await invoke(ctx, 'events.count', {})) as { count: number }).count).toBe(events);
            await invoke(ctx, 'events.count', { filter: { search: 'PutObject' } });
            throw new Error('the search answered');
          } catch (e) {
            err = e as UserError;
          } finally {
            closeContext(ctx);
          }
        }
        expect(err).toBeInstanceOf(UserError);
        expect(err.code).toBe('CASE_DAMAGED');
        expect(err.message).toMatch(says);
        expect(err.message).toMatch(/repair .* --search-index/);
      }
      // verify names it, on a writable and on a read-only connection alike.
      for (const opts of [{}, { readonly: true }] as OpenOptions[]) {
        const v = await verifyAt(file, opts);
        expect(v.ok).toBe(false);
        expect(v.text).toMatch(/\[search-index\]/);
        expect(v.text).toMatch(says);
        expect(v.text).not.toMatch(/readonly|read-only/);
      }
      const digestBefore = attacker(file);
      const evidenceRows = digestBefore.prepare('SELECT id, events, events_digest FROM evidence').all();
      digestBefore.close();

      const ctx = createApiContext({ casePath: file, open: { searchIndex: 'skip' }, analyst: 'bob' });
      const r = (await invoke(ctx, 'case.repair', { search_index: true })) as {
        found: string[];
        events_indexed: number;
      };
      closeContext(ctx);
      expect(r.found.join('\n')).toMatch(says);
      expect(r.events_indexed).toBe(events);

      expect((await verifyAt(file)).text).toBe('');
      openCase(file, { reader: true }).close();
      expect(await search(file, 'PutObject')).toBe(Math.ceil(12000 / 7));
      const db = attacker(file);
      expect(db.prepare('SELECT id, events, events_digest FROM evidence').all()).toEqual(evidenceRows);
      const custody = db.prepare('SELECT action, analyst, detail FROM custody_log ORDER BY seq DESC LIMIT 1').get() as {
        action: string;
        analyst: string;
        detail: string;
      };
      expect(custody.action).toBe('search-index-rebuilt');
      expect(custody.analyst).toBe('bob');
      expect(JSON.parse(custody.detail).events_indexed).toBe(events);
      expect(
        db.prepare("SELECT count(*) FROM audit_log WHERE method = 'case.repair' AND analyst = 'bob'").pluck().get(),
      ).toBe(1);
      db.close();
    }, 60_000);
  }

  it('beyond the content-check size, an in-place edit after the proof is left to verify (a search answers)', async () => {
    const file = copy(smashSegment);
    // A 10M-event index takes ~20 s to hash: past the limit the first search trusts the proven stamp.
    process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS = String(events - 1);
    try {
      // The same search that fails on a smaller case (the test above) answers: the bytes were not compared.
      expect(await search(file, 'PutObject')).toBe(Math.ceil(12000 / 7));
    } finally {
      delete process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS;
    }
    const v = await verifyAt(file);
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/\[search-index\]/);
  });

  describe('compared in steps in an interactive window (proveInSteps)', () => {
    const open = (file: string) => {
      const ctx = createApiContext({ casePath: file, open: { reader: true } });
      return { ctx, db: ctx.caseFile!.db };
    };
    const countOf = async (ctx: ReturnType<typeof createApiContext>, q: string) =>
      ((await invoke(ctx, 'events.count', { filter: { search: q } })) as { count: number }).count;

    it('a clean index: proven a few rows at a time, the first search has nothing left to check', async () => {
      const { ctx, db } = open(copy());
      try {
        expect(contentCheckPending(db)).toBe('before-search');
        // 7 rows a step: many steps, each letting other work through; the key is indexState's.
        expect(await proveInSteps(db, 7)).toBe(true);
        expect(contentCheckPending(db)).toBe(null);
        expect(await countOf(ctx, 'PutObject')).toBe(Math.ceil(12000 / 7));
      } finally {
        closeContext(ctx);
      }
    });

    it('an interactive window proves it on its own, after building the timeline index', async () => {
      const ctx = createApiContext({ casePath: copy(), open: { reader: true }, warmTimelineMs: 0 });
      try {
        const db = ctx.caseFile!.db;
        expect(contentCheckPending(db)).toBe('before-search');
        await expect.poll(() => contentCheckPending(db), { timeout: 20_000 }).toBe(null);
      } finally {
        closeContext(ctx);
      }
    });

    it('an index edited in place after the proof: not proven, and the first search still fails', async () => {
      const { ctx, db } = open(copy(smashSegment));
      try {
        expect(await proveInSteps(db, 7)).toBe(false);
        expect(contentCheckPending(db)).toBe('before-search');
        await expect(countOf(ctx, 'PutObject')).rejects.toMatchObject({ code: 'CASE_DAMAGED' });
      } finally {
        closeContext(ctx);
      }
    });

    it('beyond the content-check size, the background check still finds the edit: the next search fails', async () => {
      process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS = String(events - 1);
      try {
        const { ctx, db } = open(copy(smashSegment));
        try {
          expect(contentCheckPending(db)).toBe('background');
          // The first search does not wait for ~20 s of hashing on a large case…
          expect(await countOf(ctx, 'PutObject')).toBe(Math.ceil(12000 / 7));
          // …the window's background check compares the bytes, and from then on searches refuse.
          expect(await proveInSteps(db, 7)).toBe(false);
          expect(contentCheckPending(db)).toBe('before-search');
          await expect(countOf(ctx, 'PutObject')).rejects.toMatchObject({
            code: 'CASE_DAMAGED',
            message: expect.stringMatching(/full-text index is damaged/),
          });
        } finally {
          closeContext(ctx);
        }
      } finally {
        delete process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS;
      }
    });

    it('abandoned, not judged, when the index is written while it is read', async () => {
      // Beyond the content-check size a judged mismatch would turn the check blocking; an abandoned one leaves it.
      process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS = String(events - 1);
      try {
        const file = copy();
        const { ctx, db } = open(file);
        try {
          const proving = proveInSteps(db, 7); // the first step runs now, the rest after this turn
          const other = attacker(file);
          deleteRows(other);
          other.close();
          expect(await proving).toBe(false);
          expect(contentCheckPending(db)).toBe('background');
        } finally {
          closeContext(ctx);
        }
      } finally {
        delete process.env.SESSIONSCOPE_SEARCH_CONTENT_CHECK_MAX_EVENTS;
      }
    });
  });

  it('the repair refuses when an evidence file is not at hand, and changes nothing', async () => {
    const file = copy(deleteRows);
    renameSync(evidence, evidence + '.away');
    const ctx = createApiContext({ casePath: file, open: { searchIndex: 'skip' } });
    try {
      await expect(invoke(ctx, 'case.repair', { search_index: true })).rejects.toThrow(/not at its path/);
    } finally {
      closeContext(ctx);
      renameSync(evidence + '.away', evidence);
    }
    expect(openError(file).code).toBe('CASE_DAMAGED');
  });

  it('a proof forged for a damaged state is not believed by verify', async () => {
    const file = copy((db) => {
      smashSegment(db);
      const state = indexState(db);
      db.prepare('INSERT OR REPLACE INTO case_meta(key, value) VALUES (?, ?)').run(
        PROOF_KEY,
        JSON.stringify({ stamp: state.stamp, key: state.key }),
      );
    });
    // Opening and searching trust a proof of exactly this state (that is what it is for); verify never does.
    openCase(file, { reader: true }).close();
    await search(file, 'PutObject');
    const v = await verifyAt(file);
    expect(v.text).toMatch(/records this very state of the search index as proven whole, yet it is not/);
  });
});

describe('corruption met by a query', () => {
  it('is CASE_DAMAGED with what to do, never INVALID_QUERY', async () => {
    // The structure record gone: FTS5 cannot read the index at all.
    const file = copy((db) => db.exec('DELETE FROM events_fts_data WHERE id = 10'));
    expect(openError(file).code).toBe('CASE_DAMAGED');
    for (const method of ['events.count', 'events.list']) {
      const ctx = createApiContext({ casePath: file, open: { reader: true, searchIndex: 'skip' } });
      try {
        await invoke(ctx, method, { filter: { search: 'PutObject' } });
        throw new Error('the search answered');
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).code).toBe('CASE_DAMAGED');
        expect((e as UserError).message).toMatch(/damaged in its search index[\s\S]*repair .* --search-index/);
      } finally {
        closeContext(ctx);
      }
    }
  });
});
