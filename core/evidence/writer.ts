// Writes one evidence file's events, rejects and merged records in batches: raw records go into compressed
// blocks, each event gets a time-keyed id, its facts and its full-text document, and the running digest.
import { createHash, type Hash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { CaseDb } from '../casefile/open.js';
import type { FormatId, NormalizedEvent, RecordRef } from '../model/event.js';
import { EventIdAllocator } from './event-ids.js';
import { buildSearchDoc } from './search-doc.js';
import { canonicalRow } from './canonical-row.js';
import type { Output, RecordPart } from '../../importers/pipeline.js';


const BLOCK_RECORDS = 64;
const BLOCK_BYTES = 256 * 1024;
export const BATCH_EVENTS = 5000;

interface PendingEvent {
  id: number; seq: number; ev: NormalizedEvent; ref: RecordRef; block: number; offset: number; length: number;
  sha: Buffer; doc: string;
}
interface PendingReject { ref: RecordRef; reason: string; block: number | null; offset: number; length: number; sha: Buffer | null; truncated: boolean }
interface PendingMerged { ref: RecordRef; eventId: number }

function refCols(ref: RecordRef): [number | null, number | null, number | null] {
  const r = ref as { line?: number; index?: number; offset?: number };
  return [r.line ?? null, r.index ?? null, r.offset ?? null];
}

export class EvidenceWriter implements Output {
  readonly digest: Hash = createHash('sha256');
  events = 0;
  rejected = 0;
  merged = 0;
  firstTs: number | null = null;
  lastTs: number | null = null;
  readonly firstRejects: { record_ref: RecordRef; reason: string }[] = [];

  private seq = 0;
  private readonly ids: EventIdAllocator;
  private blockParts: Buffer[] = [];
  private blockLen = 0;
  private blocks: Buffer[] = [];
  private pendingEvents: PendingEvent[] = [];
  private pendingRejects: PendingReject[] = [];
  private pendingMerged: PendingMerged[] = [];
  private readonly stmts;

  constructor(private readonly db: CaseDb, private readonly evidenceId: number, private readonly format: FormatId) {
    this.ids = new EventIdAllocator(db);
    this.stmts = {
      block: db.prepare('INSERT INTO raw_blocks(evidence_id, data) VALUES (?, ?)'),
      event: db.prepare(`INSERT INTO events(id, ts, evidence_id, seq, ref_line, ref_index, ref_offset, format, principal,
        principal_type, session_key, action, category, resource, resource_type, outcome, error_code, src_ip, user_agent,
        detail, raw_block, raw_offset, raw_length, raw_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      fts: db.prepare('INSERT INTO events_fts(rowid, doc) VALUES (?, ?)'),
      fact: db.prepare('INSERT INTO event_facts(event_id, key, value) VALUES (?, ?, ?)'),
      reject: db.prepare(`INSERT INTO rejects(evidence_id, ref_line, ref_index, ref_offset, reason, raw_block, raw_offset,
        raw_length, raw_sha256, raw_truncated) VALUES (?,?,?,?,?,?,?,?,?,?)`),
      merged: db.prepare('INSERT INTO merged(evidence_id, ref_line, ref_index, ref_offset, event_id) VALUES (?,?,?,?,?)'),
    };
  }

  /** Puts bytes in the current raw block; returns the block's local number and the offset. */
  private placeRaw(bytes: Buffer): [number, number] {
    if (this.blockParts.length >= BLOCK_RECORDS || (this.blockLen > 0 && this.blockLen + bytes.length > BLOCK_BYTES)) this.closeBlock();
    const at: [number, number] = [this.blocks.length, this.blockLen];
    this.blockParts.push(bytes);
    this.blockLen += bytes.length;
    return at;
  }

  private closeBlock(): void {
    if (this.blockParts.length === 0) return;
    this.blocks.push(deflateRawSync(Buffer.concat(this.blockParts, this.blockLen), { level: 1 }));
    this.blockParts = [];
    this.blockLen = 0;
  }

  get accounted(): number {
    return this.events + this.merged + this.rejected;
  }

  event(ev: NormalizedEvent, parts: RecordPart[], strings: Iterable<string>): void {
    const raw = parts.length === 1 ? parts[0].bytes : Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p.bytes] : [Buffer.from('\n'), p.bytes])));
    const sha = createHash('sha256').update(raw).digest();
    const [block, offset] = this.placeRaw(raw);
    const id = this.ids.allocate(ev.ts);
    const seq = ++this.seq;
    const ref = parts[0].ref;
    const [line, index, off] = refCols(ref);
    this.digest.update(canonicalRow({
      ref_line: line, ref_index: index, ref_offset: off, ts: ev.ts, format: this.format, principal: ev.principal,
      principal_type: ev.principalType, session_key: ev.sessionKey, action: ev.action, category: ev.category,
      resource: ev.resource, resource_type: ev.resourceType, outcome: ev.outcome, error_code: ev.errorCode,
      src_ip: ev.srcIp, user_agent: ev.userAgent, detail: ev.detail, raw_sha256: sha.toString('hex'), facts: ev.facts ?? null,
    }));
    this.digest.update('\n');
    const doc = buildSearchDoc([ev.principal, ev.action, ev.resource, ev.srcIp, ev.userAgent, ev.detail, ev.sessionKey, ev.errorCode], strings);
    this.pendingEvents.push({ id, seq, ev, ref, block, offset, length: raw.length, sha, doc });
    for (let i = 1; i < parts.length; i++) this.pendingMerged.push({ ref: parts[i].ref, eventId: id });
    this.events++;
    this.merged += parts.length - 1;
    if (this.firstTs === null || ev.ts < this.firstTs) this.firstTs = ev.ts;
    if (this.lastTs === null || ev.ts > this.lastTs) this.lastTs = ev.ts;
    if (this.pendingEvents.length >= BATCH_EVENTS) this.flush();
  }

  reject(ref: RecordRef, reason: string, bytes: Buffer, truncated: boolean): void {
    let block: number | null = null;
    let offset = 0;
    let sha: Buffer | null = null;
    if (bytes.length > 0) {
      [block, offset] = this.placeRaw(bytes);
      sha = createHash('sha256').update(bytes).digest();
    }
    this.pendingRejects.push({ ref, reason, block, offset, length: bytes.length, sha, truncated });
    this.rejected++;
    if (this.firstRejects.length < 100) this.firstRejects.push({ record_ref: ref, reason });
    if (this.pendingRejects.length >= BATCH_EVENTS) this.flush();
  }

  get pending(): number {
    return this.pendingEvents.length + this.pendingRejects.length;
  }

  /** Writes everything buffered in one transaction. */
  flush(): void {
    this.closeBlock();
    if (this.blocks.length === 0 && this.pendingEvents.length === 0 && this.pendingRejects.length === 0) return;
    const s = this.stmts;
    const evId = this.evidenceId;
    const fmt = this.format;
    this.db.transaction(() => {
      const blockIds = this.blocks.map((b) => Number(s.block.run(evId, b).lastInsertRowid));
      for (const p of this.pendingEvents) {
        const e = p.ev;
        const [line, index, off] = refCols(p.ref);
        s.event.run(p.id, e.ts, evId, p.seq, line, index, off, fmt, e.principal, e.principalType, e.sessionKey, e.action,
          e.category, e.resource, e.resourceType, e.outcome, e.errorCode, e.srcIp, e.userAgent, e.detail,
          blockIds[p.block], p.offset, p.length, p.sha);
        s.fts.run(p.id, p.doc);
        if (e.facts) for (const k in e.facts) { const v = e.facts[k]; if (typeof v === "string" && v !== "") s.fact.run(p.id, k, v); }
      }
      for (const r of this.pendingRejects) {
        const [line, index, off] = refCols(r.ref);
        s.reject.run(evId, line, index, off, r.reason, r.block === null ? null : blockIds[r.block], r.offset, r.length, r.sha, r.truncated ? 1 : 0);
      }
      for (const m of this.pendingMerged) {
        const [line, index, off] = refCols(m.ref);
        s.merged.run(evId, line, index, off, m.eventId);
      }
    })();
    this.blocks = [];
    this.pendingEvents = [];
    this.pendingRejects = [];
    this.pendingMerged = [];
    this.ids.trim();
  }
}
