// The writing side: one transaction per prepared batch — blocks, events with their time-keyed ids, full-text
// documents, facts, rejects and merged records.
import type { CaseDb } from '../casefile/open.js';
import type { FormatId } from '../model/event.js';
import { EventIdAllocator } from './event-ids.js';
import { refCols, type PreparedBatch } from './batch.js';
import { LINK_FACTS } from '../model/facts.js';

const LINKS = new Set(LINK_FACTS);

/** Events per transaction: each commit is an fsync (synchronous=FULL), so commit in thousands, not per batch. */
const EVENTS_PER_COMMIT = 5000;

export class BatchWriter {
  private readonly ids: EventIdAllocator;
  private readonly stmts;
  private open = false;
  private uncommitted = 0;
  /** The first batch commits at once: a reader (the UI, the CLI) sees rows within a second of the start. */
  private committed = false;

  constructor(
    private readonly db: CaseDb,
    private readonly evidenceId: number,
    private readonly format: FormatId,
    ids?: EventIdAllocator,
  ) {
    this.ids = ids ?? new EventIdAllocator(db);
    this.stmts = {
      block: db.prepare('INSERT INTO raw_blocks(evidence_id, data) VALUES (?, ?)'),
      event:
        db.prepare(`INSERT INTO event_rows(id, ts, evidence_id, seq, ref_line, ref_index, ref_offset, format, principal,
        principal_type, session_key, action, category, resource, resource_type, outcome, error_code, src_ip, user_agent,
        detail, raw_block, raw_offset, raw_length, raw_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      fts: db.prepare('INSERT INTO events_fts(rowid, doc) VALUES (?, ?)'),
      fact: db.prepare('INSERT INTO event_facts(event_id, key, value) VALUES (?, ?, ?)'),
      link: db.prepare('INSERT INTO event_links(key, value, event_id) VALUES (?, ?, ?)'),
      reject:
        db.prepare(`INSERT INTO rejects(evidence_id, ref_line, ref_index, ref_offset, reason, raw_block, raw_offset,
        raw_length, raw_sha256, raw_truncated) VALUES (?,?,?,?,?,?,?,?,?,?)`),
      merged: db.prepare(
        'INSERT INTO merged(evidence_id, ref_line, ref_index, ref_offset, event_id) VALUES (?,?,?,?,?)',
      ),
    };
  }

  /** Writes a batch inside the current transaction, committing every few thousand events. */
  write(b: PreparedBatch): void {
    if (!this.open) {
      this.db.exec('BEGIN');
      this.open = true;
    }
    try {
      this.writeNow(b);
    } catch (e) {
      this.rollback();
      throw e;
    }
    this.uncommitted += b.events.length + b.rejects.length;
    if (this.uncommitted >= EVENTS_PER_COMMIT || (!this.committed && b.events.length > 0)) this.commit();
  }

  /** Commits what was written; call once the file is done. */
  commit(): void {
    if (!this.open) return;
    this.db.exec('COMMIT');
    this.committed = true;
    this.open = false;
    this.uncommitted = 0;
    this.ids.trim();
  }

  rollback(): void {
    if (!this.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.open = false;
    this.uncommitted = 0;
  }

  private writeNow(b: PreparedBatch): void {
    const s = this.stmts;
    const evId = this.evidenceId;
    const fmt = this.format;
    const blockIds = b.blocks.map((data) =>
      Number(s.block.run(evId, Buffer.from(data.buffer, data.byteOffset, data.byteLength)).lastInsertRowid),
    );
    for (const e of b.events) {
      const id = this.ids.allocate(e[0]);
      s.event.run(
        id,
        e[0],
        evId,
        e[1],
        e[2],
        e[3],
        e[4],
        fmt,
        e[5],
        e[6],
        e[7],
        e[8],
        e[9],
        e[10],
        e[11],
        e[12],
        e[13],
        e[14],
        e[15],
        e[16],
        blockIds[e[17]],
        e[18],
        e[19],
        Buffer.from(e[20], 'hex'),
      );
      s.fts.run(id, e[21]);
      const facts = e[22];
      if (facts) {
        for (const k in facts) {
          s.fact.run(id, k, facts[k]);
          if (LINKS.has(k)) s.link.run(k, facts[k], id);
        }
      }
      const merged = e[23];
      if (merged)
        for (const ref of merged) {
          const [l, i, o] = refCols(ref);
          s.merged.run(evId, l, i, o, id);
        }
    }
    for (const r of b.rejects) {
      s.reject.run(
        evId,
        r[0],
        r[1],
        r[2],
        r[3],
        r[4] < 0 ? null : blockIds[r[4]],
        r[5],
        r[6],
        r[7] === '' ? null : Buffer.from(r[7], 'hex'),
        r[8] ? 1 : 0,
      );
    }
  }
}
