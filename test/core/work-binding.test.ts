// Analyst work bound to the audit chain (issue 15 §2): every audit row of a call that wrote analyst work carries the
// state of each row it wrote; the case's own connection refuses analyst-work writes outside an audited call, so a
// new method cannot forget; every table of the case format is classified (a table nothing checks cannot slip in);
// a case from before binding is bound by its migration, and changes made outside the API before a migration stay
// reported after it.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCase, openCase } from '../../core/casefile/open.js';
import { loadMigrations, SCHEMA_VERSION } from '../../core/casefile/migrate.js';
import { canonicalSchema } from '../../core/casefile/schema.js';
import { APPLICATION_ID } from '../../core/casefile/format.js';
import { DERIVED_TABLES, EVIDENCE_TABLES, FORMAT_TABLES, LOG_TABLES, WORK_TABLES } from '../../core/casefile/tables.js';
import { currentState, replayAudit, workDifferences } from '../../core/casefile/work-state.js';
import { bindOnMigrate } from '../../core/casefile/work-migrate.js';
import { call, listMethods } from '../../core/api/dispatch.js';
import { createApiContext } from '../../core/api/context.js';
import { verifyCase } from '../../core/evidence/verify.js';
import { tempDir } from '../helpers.js';

describe('analyst work bound to the audit chain', () => {
  it('classifies every table of the case format exactly once', () => {
    const groups = [WORK_TABLES.map((t) => t.table), EVIDENCE_TABLES, LOG_TABLES, DERIVED_TABLES, FORMAT_TABLES];
    const all = groups.flat();
    expect(new Set(all).size).toBe(all.length);
    const tables = [...canonicalSchema(SCHEMA_VERSION()).values()].filter((o) => o.type === 'table').map((o) => o.name);
    for (const t of tables) expect(all, `table ${t} is in no group of core/casefile/tables.ts`).toContain(t);
  });

  it('records the state of every row a call wrote, and refuses writes outside an audited call', async () => {
    const t = tempDir();
    const ctx = createApiContext({ analyst: 'alice' });
    await call(ctx, 'case.create', { path: path.join(t.dir, 'w.sscase'), name: 'W' });
    const db = ctx.caseFile!.db;
    const f = (await call(ctx, 'findings.create', { title: 'One', severity: 'low' })) as { id: number };
    await call(ctx, 'findings.update', { id: f.id, severity: 'high' });
    await call(ctx, 'case.settings', { display_tz: 'Asia/Tokyo' });
    const rows = db.prepare('SELECT method, state FROM audit_log ORDER BY seq').all() as {
      method: string;
      state: string | null;
    }[];
    expect(rows.map((r) => r.method)).toEqual(['case.create', 'findings.create', 'findings.update', 'case.settings']);
    expect(Object.keys(JSON.parse(rows[0].state!))).toEqual(
      expect.arrayContaining(['case_meta:name', 'case_meta:case_uuid', 'case_meta:display_tz']),
    );
    // findings.create wrote the finding and the layer it created on first use.
    expect(Object.keys(JSON.parse(rows[1].state!)).sort()).toEqual([`findings:${f.id}`, 'layers:1']);
    expect(Object.keys(JSON.parse(rows[3].state!))).toEqual(['case_meta:display_tz']);
    expect(workDifferences(db)).toEqual([]);
    // The same connection cannot change analyst work outside an audited call…
    expect(() => db.exec("UPDATE findings SET title = 'x'")).toThrow(/only through an audited API call/);
    expect(() => db.exec("INSERT INTO layers(name, color, created_at) VALUES ('l', '#000000', 'now')")).toThrow(
      /only through an audited API call/,
    );
    // …while derivation's own bookkeeping in case_meta is not analyst work.
    db.exec("INSERT OR REPLACE INTO case_meta(key, value) VALUES ('derived_at', 'now')");
    ctx.caseFile!.close();
    t.cleanup();
  });

  it('refuses a write when another process changed the schema of the open case (the planted trigger never runs)', async () => {
    const t = tempDir();
    const ctx = createApiContext({ analyst: 'alice' });
    const file = path.join(t.dir, 'p.sscase');
    await call(ctx, 'case.create', { path: file, name: 'P' });
    await call(ctx, 'findings.create', { title: 'Real', severity: 'high' });
    const other = new Database(file);
    other.exec("CREATE TRIGGER planted AFTER INSERT ON audit_log BEGIN UPDATE findings SET title = 'benign'; END");
    other.close();
    await expect(call(ctx, 'findings.create', { title: 'Second', severity: 'low' })).rejects.toThrow(
      /altered outside SessionScope: trigger planted/,
    );
    expect(ctx.caseFile!.db.prepare('SELECT title FROM findings').pluck().all()).toEqual(['Real']);
    ctx.caseFile!.close();
    t.cleanup();
  });

  it('every method that mutates is audited in one transaction with its state (the registry says which)', async () => {
    const methods = await listMethods();
    const sync = methods.filter((m) => m.mutates === 'sync').map((m) => m.name);
    // A method that writes analyst work without being declared sync would hit the triggers above; these are the
    // ones the dispatcher wraps today — a new one is covered the day it is declared.
    expect(sync.length).toBeGreaterThan(20);
    expect(sync).toEqual(
      expect.arrayContaining(['annotations.add', 'findings.update', 'profile.set', 'identities.merge']),
    );
  });

  it('binds a case from before schema 5 when it migrates, and keeps reporting what was changed outside the API before a migration', () => {
    const t = tempDir();
    const file = path.join(t.dir, 'old.sscase');
    // A case as schema 4 left it, with a finding.
    const db = new Database(file);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE schema_migrations (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const m of loadMigrations().slice(0, 4)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?, ?)').run(m.seq, m.name, m.sha256, 't');
      db.pragma(`user_version = ${m.seq}`);
    }
    db.exec("INSERT INTO case_meta(key, value) VALUES ('name', 'old'), ('case_uuid', 'u')");
    db.exec("INSERT INTO layers(id, name, color, created_at) VALUES (1, 'default', '#000000', 't')");
    db.exec(
      "INSERT INTO findings(id, layer_id, title, severity, status, created_at, updated_at) VALUES (1, 1, 'Old', 'high', 'open', 't', 't')",
    );
    db.close();

    const h = openCase(file);
    const migrated = h.db
      .prepare("SELECT params, result, state FROM audit_log WHERE method = 'case.migrate'")
      .get() as {
      params: string;
      result: string;
      state: string;
    };
    expect(JSON.parse(migrated.params)).toEqual({ from: 4, to: SCHEMA_VERSION() });
    expect(JSON.parse(migrated.result)).toEqual({ baseline: true, unaudited_before: [] });
    expect(Object.keys(JSON.parse(migrated.state)).sort()).toEqual([
      'case_meta:case_uuid',
      'case_meta:name',
      'findings:1',
      'layers:1',
    ]);
    expect(replayAudit(h.db).boundSince).toBe(1);
    expect(workDifferences(h.db)).toEqual([]);
    expect(currentState(h.db).size).toBe(4);
    h.close();
    t.cleanup();
  });

  it('a change made outside the API before a migration stays reported after it', async () => {
    const t = tempDir();
    const file = path.join(t.dir, 'c.sscase');
    createCase(file, { name: 'c', by: 'alice' }).close();
    const raw = new Database(file); // a plain connection: no capture triggers
    raw.exec("UPDATE case_meta SET value = 'renamed' WHERE key = 'name'");
    raw.close();
    const h = openCase(file);
    expect(workDifferences(h.db)).toEqual([{ entity: 'case_meta:name', kind: 'changed', seq: 1 }]);
    // What a future migration does when it re-binds the work.
    bindOnMigrate(h.db, SCHEMA_VERSION(), workDifferences(h.db));
    expect(workDifferences(h.db)).toEqual([]);
    const r = await verifyCase(h.db);
    expect(r.problems.map((p) => p.message)).toEqual([
      'case setting name had been changed outside the API before the migration recorded at audit row 2',
    ]);
    h.close();
    t.cleanup();
  });
});
