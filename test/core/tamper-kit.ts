// The attacker's kit for the tamper scenarios: a plain SQLite connection to the case file, in unsafe mode (it may
// write the schema and the search index's shadow tables), and the case format's own algorithms to recompute what
// a careful forger would recompute — hashes, digests, chain links — and to put the guard triggers back exactly as
// they were. What verify still finds after that is what it proves.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chainRowHash, canonicalJson, GENESIS, type ChainTable } from '../../core/casefile/chain.js';
import { canonicalSchema } from '../../core/casefile/schema.js';
import { canonicalRow } from '../../core/evidence/canonical-row.js';

export type Db = Database.Database;

export function attacker(file: string): Db {
  const db = new Database(file);
  db.unsafeMode(true);
  return db;
}

/** Drops every trigger, runs fn, and re-creates each exactly as the case format defines it. */
export function withoutGuards(db: Db, fn: () => void): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const triggers = [...canonicalSchema(version).values()].filter((o) => o.type === 'trigger');
  for (const t of triggers) db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
  try {
    fn();
  } finally {
    for (const t of triggers) db.exec(t.sql!);
  }
}

/** Recomputes every link of a chain from its first row. */
export function rechain(db: Db, table: ChainTable): void {
  const rows = db.prepare(`SELECT * FROM ${table} ORDER BY seq`).all() as Record<string, unknown>[];
  const upd = db.prepare(`UPDATE ${table} SET prev_hash = ?, row_hash = ? WHERE seq = ?`);
  let prev = GENESIS;
  for (const r of rows) {
    const h = chainRowHash(table, prev, r);
    upd.run(prev, h, r.seq);
    prev = h;
  }
}

/** Renumbers a chain's rows 1…n after rows were removed, then re-links it. */
export function renumber(db: Db, table: ChainTable): void {
  const seqs = db.prepare(`SELECT seq FROM ${table} ORDER BY seq`).pluck().all() as number[];
  const upd = db.prepare(`UPDATE ${table} SET seq = ? WHERE seq = ?`);
  seqs.forEach((s, i) => upd.run(i + 1, s));
  rechain(db, table);
}

/** Recomputes an evidence file's events digest and counts from its stored events, and its custody entry to match. */
export function redigest(db: Db, evidenceId: number): void {
  const facts = new Map<number, Record<string, string>>();
  for (const r of db
    .prepare(
      'SELECT event_id, key, value FROM event_facts WHERE event_id IN (SELECT id FROM event_rows WHERE evidence_id = ?)',
    )
    .all(evidenceId) as { event_id: number; key: string; value: string }[]) {
    const f = facts.get(r.event_id) ?? {};
    f[r.key] = r.value;
    facts.set(r.event_id, f);
  }
  const h = createHash('sha256');
  const rows = db.prepare('SELECT * FROM event_rows WHERE evidence_id = ? ORDER BY seq').all(evidenceId) as Record<
    string,
    any
  >[];
  for (const r of rows)
    h.update(
      canonicalRow({
        ...r,
        raw_sha256: (r.raw_sha256 as Buffer).toString('hex'),
        facts: facts.get(r.id) ?? null,
      } as never) + '\n',
    );
  const digest = h.digest('hex');
  const merged = db.prepare('SELECT count(*) FROM merged WHERE evidence_id = ?').pluck().get(evidenceId) as number;
  const rejected = db.prepare('SELECT count(*) FROM rejects WHERE evidence_id = ?').pluck().get(evidenceId) as number;
  db.prepare('UPDATE evidence SET events_digest = ?, events = ?, records = ? WHERE id = ?').run(
    digest,
    rows.length,
    rows.length + merged + rejected,
    evidenceId,
  );
  const done = db
    .prepare("SELECT seq, detail FROM custody_log WHERE evidence_id = ? AND action = 'import-complete'")
    .get(evidenceId) as { seq: number; detail: string };
  const d = JSON.parse(done.detail) as Record<string, unknown>;
  d.events_digest = digest;
  d.events = rows.length;
  d.records = rows.length + merged + rejected;
  db.prepare('UPDATE custody_log SET detail = ? WHERE seq = ?').run(canonicalJson(d), done.seq);
  rechain(db, 'custody_log');
}

/** Removes the case's own seals, as a forger who rewrote a chain must (they no longer match it). */
export function dropSeals(db: Db): void {
  db.exec('DELETE FROM seals');
}

/** Rewrites one audit row's recorded state for one entity to the row's current hash (a forger re-binding an edit). */
export function rebindAudit(db: Db, entity: string, hash: string | null): void {
  const row = db
    .prepare('SELECT seq, state FROM audit_log WHERE state LIKE ? ORDER BY seq DESC LIMIT 1')
    .get(`%"${entity}"%`) as { seq: number; state: string };
  const s = JSON.parse(row.state) as Record<string, string | null>;
  s[entity] = hash;
  db.prepare('UPDATE audit_log SET state = ? WHERE seq = ?').run(canonicalJson(s), row.seq);
  rechain(db, 'audit_log');
}
