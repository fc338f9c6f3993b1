// The secret scan over a case's evidence: every raw record (and its detail text, where an importer decoded what
// the raw record encodes — auditd's hex command lines) through core/derive/secrets/detect.ts. Raw records never change,
// so each evidence file is read once per detector version (secret_scan), not once per derivation; a `--rebuild`
// reads everything again.
import { inflateRawSync } from 'node:zlib';
import type { CaseDb } from '../../casefile/open.js';
import { FACT } from '../../model/facts.js';
import { DETECT_VERSION, TRIGGER, detectSecrets, type SecretHit } from './detect.js';

export interface SecretScanSummary {
  /** Evidence files read this time. */
  files: number;
  events: number;
  hits: number;
  ms: number;
}

type Row = [number, string | null, string | null, number, number, number];

/** Keys a record states as its subject (issued, revoked, deleted): never an exposure of that record. */
function statedKeys(db: CaseDb): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  const st = db
    .prepare(`SELECT event_id, value FROM event_links WHERE key IN (?, ?, ?)`)
    .raw(true)
    .iterate(FACT.issuedKey, FACT.revokedKey, FACT.deletedKey) as Iterable<[number, string]>;
  for (const [id, value] of st) {
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    for (const v of value.split('\n')) s.add(v);
  }
  return out;
}

export function scanSecrets(db: CaseDb, rebuild: boolean): SecretScanSummary {
  const t0 = Date.now();
  if (rebuild) {
    db.prepare('DELETE FROM secret_hits').run();
    db.prepare('DELETE FROM secret_scan').run();
  }
  const todo = db
    .prepare(
      `SELECT id FROM evidence WHERE status = 'complete' AND id NOT IN (SELECT evidence_id FROM secret_scan WHERE version = ?) ORDER BY id`,
    )
    .pluck()
    .all(DETECT_VERSION) as number[];
  const summary: SecretScanSummary = { files: todo.length, events: 0, hits: 0, ms: 0 };
  if (todo.length === 0) return summary;
  const stated = statedKeys(db);
  const block = db.prepare('SELECT data FROM raw_blocks WHERE id = ?').pluck();
  const rows = db
    .prepare(
      'SELECT id, session_key, detail, raw_block, raw_offset, raw_length FROM event_rows WHERE evidence_id = ? ORDER BY seq',
    )
    .raw(true);
  const clear = db.prepare(
    'DELETE FROM secret_hits WHERE event_id IN (SELECT id FROM event_rows WHERE evidence_id = ?)',
  );
  const ins = db.prepare(
    'INSERT OR IGNORE INTO secret_hits(event_id, kind, fingerprint, key_id, shown, field) VALUES (?,?,?,?,?,?)',
  );
  const done = db.prepare('INSERT OR REPLACE INTO secret_scan(evidence_id, version, events, hits) VALUES (?,?,?,?)');
  const none = new Set<string>();
  for (const ev of todo) {
    clear.run(ev);
    let blockId = -1;
    // Latin-1 keeps one character per byte, so offsets into the block are offsets into the text; every pattern
    // is ASCII.
    let text = '';
    let triggered = false;
    let events = 0;
    // Written after the read: a connection cannot write while a statement iterates.
    const pending: [number, SecretHit][] = [];
    for (const [id, key, detail, b, off, len] of rows.iterate(ev) as Iterable<Row>) {
      events++;
      if (b !== blockId) {
        blockId = b;
        const data = block.get(b) as Buffer | undefined;
        if (!data) throw new Error(`raw block ${b} is missing`);
        text = inflateRawSync(data).toString('latin1');
        triggered = TRIGGER.test(text);
      }
      const own = stated.get(id);
      const ctx = { stated: key ? new Set([key, ...(own ?? none)]) : (own ?? none) };
      const found: SecretHit[] = triggered ? detectSecrets(text.slice(off, off + len), ctx) : [];
      if (detail) {
        const fps = new Set(found.map((h) => h.fingerprint));
        for (const h of detectSecrets(detail, ctx, 'detail')) if (!fps.has(h.fingerprint)) found.push(h);
      }
      for (const h of found) pending.push([id, h]);
    }
    for (const [id, h] of pending) ins.run(id, h.kind, h.fingerprint, h.keyId, h.shown, h.field);
    const hits = pending.length;
    done.run(ev, DETECT_VERSION, events, hits);
    summary.events += events;
    summary.hits += hits;
  }
  summary.ms = Date.now() - t0;
  return summary;
}
