// The parsing side's Output: turns importer events and rejects into prepared batches — raw records into
// deflate blocks, SHA-256 per record, the full-text document, and the evidence digest in emission order.
import { createHash, hash, type Hash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { FormatId, NormalizedEvent, RecordRef } from '../model/event.js';
import type { Output, RecordPart } from '../../importers/pipeline.js';
import { buildSearchDoc } from '../model/search-doc.js';
import { canonicalRow } from './canonical-row.js';
import { wellFormed, wellFormedEvent, wellFormedFacts } from './well-formed.js';
import { refCols, type ParseTotals, type PreparedBatch, type PreparedEvent, type PreparedReject } from './batch.js';

const BLOCK_RECORDS = 64;
const BLOCK_BYTES = 256 * 1024;
/** Small batches: handed over before their objects age into the old generation (less GC on the parse thread). */
export const BATCH_EVENTS = 1000;
const NEWLINE = Buffer.from('\n');

export class BatchBuilder implements Output {
  private readonly digest: Hash = createHash('sha256');
  /** Canonical rows not yet digested: fed to the digest once per batch, not per event (same bytes, fewer calls). */
  private digestPending = '';
  events = 0;
  rejected = 0;
  merged = 0;
  records = 0;
  bytesRead = 0;
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  private readonly firstRejects: { record_ref: RecordRef; reason: string }[] = [];
  private seq = 0;
  private blockParts: Buffer[] = [];
  private blockLen = 0;
  private batch: PreparedBatch = BatchBuilder.empty();

  constructor(
    private readonly format: FormatId,
    private readonly onBatch: (b: PreparedBatch) => void,
  ) {}

  private static empty(): PreparedBatch {
    return { blocks: [], events: [], rejects: [], bytesRead: 0, records: 0 };
  }

  get accounted(): number {
    return this.events + this.merged + this.rejected;
  }

  private placeRaw(bytes: Buffer): [number, number] {
    if (this.blockParts.length >= BLOCK_RECORDS || (this.blockLen > 0 && this.blockLen + bytes.length > BLOCK_BYTES))
      this.closeBlock();
    const at: [number, number] = [this.batch.blocks.length, this.blockLen];
    this.blockParts.push(bytes);
    this.blockLen += bytes.length;
    return at;
  }

  private closeBlock(): void {
    if (this.blockParts.length === 0) return;
    this.batch.blocks.push(deflateRawSync(Buffer.concat(this.blockParts, this.blockLen), { level: 1 }));
    this.blockParts = [];
    this.blockLen = 0;
  }

  event(parsed: NormalizedEvent, parts: RecordPart[], strings: Set<string>): void {
    // What is digested is what is stored: text SQLite can hold, the same before and after (see wellFormed).
    const ev = wellFormedEvent(parsed);
    let raw: Buffer;
    if (parts.length === 1) raw = parts[0].bytes;
    else {
      const list: Buffer[] = [];
      parts.forEach((p, i) => {
        if (i > 0) list.push(NEWLINE);
        list.push(p.bytes);
      });
      raw = Buffer.concat(list);
    }
    // One-shot, as hex: no Hash object nor 32-byte buffer per record (a typed array per row costs ~1 µs to clone
    // to the writer; a short string next to nothing).
    const sha = hash('sha256', raw);
    const [block, offset] = this.placeRaw(raw);
    const [line, index, off] = refCols(parts[0].ref);
    const facts = ev.facts && Object.keys(ev.facts).length > 0 ? wellFormedFacts(ev.facts) : null;
    this.digestPending +=
      canonicalRow({
        ref_line: line,
        ref_index: index,
        ref_offset: off,
        ts: ev.ts,
        format: this.format,
        principal: ev.principal,
        principal_type: ev.principalType,
        session_key: ev.sessionKey,
        action: ev.action,
        category: ev.category,
        resource: ev.resource,
        resource_type: ev.resourceType,
        outcome: ev.outcome,
        error_code: ev.errorCode,
        src_ip: ev.srcIp,
        user_agent: ev.userAgent,
        detail: ev.detail,
        raw_sha256: sha,
        facts,
      }) + '\n';
    const doc = wellFormed(
      buildSearchDoc(
        [ev.principal, ev.action, ev.resource, ev.srcIp, ev.userAgent, ev.detail, ev.sessionKey, ev.errorCode],
        strings,
      ),
    );
    const row: PreparedEvent = [
      ev.ts,
      ++this.seq,
      line,
      index,
      off,
      ev.principal,
      ev.principalType,
      ev.sessionKey,
      ev.action,
      ev.category,
      ev.resource,
      ev.resourceType,
      ev.outcome,
      ev.errorCode,
      ev.srcIp,
      ev.userAgent,
      ev.detail,
      block,
      offset,
      raw.length,
      sha,
      doc,
      facts,
      parts.length > 1 ? parts.slice(1).map((p) => p.ref) : null,
    ];
    this.batch.events.push(row);
    this.events++;
    this.merged += parts.length - 1;
    if (this.firstTs === null || ev.ts < this.firstTs) this.firstTs = ev.ts;
    if (this.lastTs === null || ev.ts > this.lastTs) this.lastTs = ev.ts;
    if (this.batch.events.length >= BATCH_EVENTS) this.flush();
  }

  reject(ref: RecordRef, reason: string, bytes: Buffer, truncated: boolean): void {
    let block = -1,
      offset = 0,
      sha = '';
    if (bytes.length > 0) {
      [block, offset] = this.placeRaw(bytes);
      sha = hash('sha256', bytes);
    }
    const [line, index, off] = refCols(ref);
    const row: PreparedReject = [line, index, off, wellFormed(reason), block, offset, bytes.length, sha, truncated];
    this.batch.rejects.push(row);
    this.rejected++;
    if (this.firstRejects.length < 100) this.firstRejects.push({ record_ref: ref, reason });
    if (this.batch.rejects.length >= BATCH_EVENTS) this.flush();
  }

  /** Hands over everything buffered (closing the current raw block). */
  flush(): void {
    this.closeBlock();
    this.digestNow();
    const b = this.batch;
    if (b.blocks.length === 0 && b.events.length === 0 && b.rejects.length === 0) return;
    b.bytesRead = this.bytesRead;
    b.records = this.records;
    this.batch = BatchBuilder.empty();
    this.onBatch(b);
  }

  private digestNow(): void {
    if (this.digestPending === '') return;
    this.digest.update(this.digestPending);
    this.digestPending = '';
  }

  totals(records: number): Omit<ParseTotals, 'sha256' | 'bytes'> {
    this.digestNow();
    return {
      records,
      events: this.events,
      rejected: this.rejected,
      merged: this.merged,
      digest: this.digest.digest('hex'),
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      firstRejects: this.firstRejects,
      accounted: this.accounted,
    };
  }
}
