// Tamper evidence: verify notices edited, added and deleted events and log rows, also when the append-only
// triggers were dropped first, and evidence files changed on disk.
import { describe, expect, it } from 'vitest';
import { copyFileSync, appendFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { createCase, type CaseHandle } from '../../core/casefile/open.js';
import { runImport } from '../../core/evidence/import-job.js';
import { verifyCase, GUARD_TRIGGERS } from '../../core/evidence/verify.js';
import { writeAudit } from '../../core/api/audit.js';
import { fixture, tempDir } from '../helpers.js';

async function setup(): Promise<{ h: CaseHandle; file: string; cleanup: () => void }> {
  const t = tempDir();
  const file = path.join(t.dir, 'trail.json');
  copyFileSync(fixture('cloudtrail', 'pretty-array.json'), file);
  const h = createCase(path.join(t.dir, 'v.sscase'), { name: 'v', analyst: 'a' });
  await runImport(h.db, {
    casePath: h.path,
    paths: [file, fixture('cloudtrail', 'logstash-lowercase.jsonl')],
    analyst: 'a',
  });
  for (let i = 0; i < 3; i++) h.db.transaction(() => writeAudit(h.db, 'a', 'test.action', { i }, null))();
  return { h, file, cleanup: t.cleanup };
}

function dropGuards(h: CaseHandle): void {
  for (const t of GUARD_TRIGGERS) h.db.exec(`DROP TRIGGER IF EXISTS ${t}`);
}

const messages = (r: { problems: { message: string }[] }) => r.problems.map((p) => p.message).join('\n');

describe('verify', () => {
  it('passes on an untouched case', async () => {
    const { h, cleanup } = await setup();
    const r = await verifyCase(h.db);
    expect(r.problems).toEqual([]);
    expect(r.checked).toMatchObject({ evidence: 2, events: 6, files_rehashed: 2 });
    h.close();
    cleanup();
  });

  it('the triggers refuse edits and deletions of logs and imported events', async () => {
    const { h, cleanup } = await setup();
    expect(() => h.db.exec("UPDATE custody_log SET analyst = 'mallory'")).toThrow(/append-only/);
    expect(() => h.db.exec('DELETE FROM audit_log WHERE seq = 1')).toThrow(/append-only/);
    expect(() => h.db.exec("UPDATE event_rows SET principal = 'x'")).toThrow(/immutable/);
    expect(() => h.db.exec('DELETE FROM event_rows')).toThrow(/cannot be deleted/);
    expect(() => h.db.exec("UPDATE evidence SET sha256 = 'x'")).toThrow(/immutable/);
    // Derived values stay writable.
    h.db.exec('INSERT OR REPLACE INTO event_derived(id, flags) SELECT id, 2 FROM event_rows');
    expect((await verifyCase(h.db)).ok).toBe(true);
    h.close();
    cleanup();
  });

  it('reports an edited event field, even with the guards dropped', async () => {
    const { h, cleanup } = await setup();
    dropGuards(h);
    h.db.exec(
      "UPDATE event_rows SET principal = 'arn:aws:iam::111122223333:user/innocent' WHERE id = (SELECT min(id) FROM event_rows)",
    );
    const r = await verifyCase(h.db);
    expect(r.ok).toBe(false);
    expect(messages(r)).toMatch(/trigger events_imported_fields_immutable is missing/);
    expect(messages(r)).toMatch(/events no longer match their digest/);
    h.close();
    cleanup();
  });

  it('reports an edited raw record', async () => {
    const { h, cleanup } = await setup();
    dropGuards(h);
    const b = h.db.prepare('SELECT id, data FROM raw_blocks ORDER BY id LIMIT 1').get() as { id: number; data: Buffer };
    const text = inflateRawSync(b.data).toString('utf8').replace('bad-input-bucket', 'good-input-bucket');
    h.db.prepare('UPDATE raw_blocks SET data = ? WHERE id = ?').run(deflateRawSync(Buffer.from(text)), b.id);
    const r = await verifyCase(h.db);
    expect(messages(r)).toMatch(/raw record (does not match its SHA-256|unreadable)/);
    h.close();
    cleanup();
  });

  it('reports deleted and added events', async () => {
    const { h, cleanup } = await setup();
    dropGuards(h);
    h.db.exec('DELETE FROM event_rows WHERE id = (SELECT id FROM event_rows WHERE evidence_id = 1 AND seq = 2)');
    let r = await verifyCase(h.db);
    expect(messages(r)).toMatch(/events 2–2 of its import order are missing/);
    expect(messages(r)).toMatch(/2 events stored but 3 recorded/);
    h.db
      .exec(`INSERT INTO event_rows(id, ts, evidence_id, seq, format, principal_type, action, category, outcome, raw_block, raw_offset, raw_length, raw_sha256)
      VALUES (42, 1, 2, 99, 'cloudtrail', 'user', 'iam:CreateUser', 'privilege', 'success', 1, 0, 1, x'00')`);
    r = await verifyCase(h.db);
    expect(messages(r)).toMatch(/evidence 2: 4 events stored but 3 recorded/);
    h.close();
    cleanup();
  });

  it('reports edited and deleted log rows through the hash chains', async () => {
    const { h, cleanup } = await setup();
    dropGuards(h);
    h.db.exec("UPDATE custody_log SET analyst = 'mallory' WHERE seq = 1");
    h.db.exec('DELETE FROM audit_log WHERE seq = 2');
    const r = await verifyCase(h.db);
    expect(messages(r)).toMatch(/custody_log row 1: row was edited/);
    expect(messages(r)).toMatch(/audit_log row 3: rows 2–2 are missing/);
    h.close();
    cleanup();
  });

  it('re-hashes evidence files still at their path', async () => {
    const { h, file, cleanup } = await setup();
    appendFileSync(file, '\n');
    const r = await verifyCase(h.db);
    expect(messages(r)).toMatch(/has changed since import/);
    h.close();
    cleanup();
  });
});
