// From pieces to importer outcomes, with the checks every format shares: UTF-8, JSON syntax, nesting depth,
// a sane event (time, action, enums), and accounting: every record pushed ends as exactly one event, merge or
// reject. No database here: the case writer and the dry run (`sessionscope parse`) both sit behind Output.
import { isUtf8 } from 'node:buffer';
import type { Facts, NormalizedEvent, RecordRef } from '../core/model/event.js';
import { CATEGORIES, OUTCOMES, PRINCIPAL_TYPES } from '../core/model/event.js';
import type { Importer, InputRecord, RecordParser, Sink } from './types.js';
import type { ValuedPiece } from './read/records.js';
import { LIMITS } from '../core/model/limits.js';
import { collectStrings } from '../core/model/search-doc.js';

/** Events outside this range cannot be placed (ids are time-keyed; see core/evidence/event-ids.ts). */
export const MIN_TS_US = 0;
export const MAX_TS_US = Date.UTC(2200, 0, 1) * 1000;

export interface RecordPart {
  ref: RecordRef;
  bytes: Buffer;
}

export interface Output {
  event(ev: NormalizedEvent, parts: RecordPart[], strings: Set<string>): void;
  reject(ref: RecordRef, reason: string, bytes: Buffer, truncated: boolean): void;
  /** Records accounted so far: events' records (primary + merged) plus rejects. */
  readonly accounted: number;
}

const VALID_CATEGORY = new Set<string>(CATEGORIES);
const VALID_OUTCOME = new Set<string>(OUTCOMES);
const VALID_PTYPE = new Set<string>(PRINCIPAL_TYPES);

function firstInvalidUtf8(b: Buffer): number {
  let lo = 0,
    hi = b.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isUtf8(b.subarray(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

function cleanFacts(f: Facts | undefined): Facts | undefined {
  if (!f) return undefined;
  let out: Facts | undefined;
  for (const k of Object.keys(f)) {
    const v = f[k];
    if (typeof v === 'string' && v !== '') (out ??= {})[k] = v.length > 4096 ? v.slice(0, 4096) : v;
  }
  return out;
}

/** Why an importer's event cannot be stored, or null. */
export function checkEvent(ev: NormalizedEvent): string | null {
  if (typeof ev.ts !== 'number' || !Number.isFinite(ev.ts)) return 'no parseable timestamp';
  if (ev.ts < MIN_TS_US || ev.ts >= MAX_TS_US)
    return `timestamp ${new Date(Math.floor(ev.ts / 1000)).getUTCFullYear()} is outside the years 1970–2199`;
  if (!ev.action) return 'no action';
  if (!VALID_CATEGORY.has(ev.category)) return `internal: unknown category ${ev.category}`;
  if (!VALID_OUTCOME.has(ev.outcome)) return `internal: unknown outcome ${ev.outcome}`;
  if (!VALID_PTYPE.has(ev.principalType)) return `internal: unknown principal type ${ev.principalType}`;
  return null;
}

/**
 * How long one record may take to normalize (SESSIONSCOPE_RECORD_BUDGET_MS overrides). Every importer is linear in
 * its input, so a real record takes well under a millisecond; the budget is the backstop for a path nobody found
 * yet. It is generous on purpose: a record is judged by the clock, and a verdict that a GC pause could flip would
 * make two imports of the same file differ.
 */
export const RECORD_BUDGET_MS = 10_000;

function recordBudget(): number {
  const env = Number(process.env.SESSIONSCOPE_RECORD_BUDGET_MS);
  return Number.isFinite(env) && env > 0 ? env : RECORD_BUDGET_MS;
}

type Emitted =
  { kind: 'event'; ev: NormalizedEvent; parts: InputRecord[] } | { kind: 'reject'; rec: InputRecord; reason: string };

export class RecordPipeline {
  records = 0;
  private readonly parser: RecordParser;
  private readonly sink: Sink;
  private readonly budgetMs: number;
  /** What the importer emits while a record is pushed, held until the record's time is known. */
  private held: Emitted[] | null = null;
  /** Records that overran the budget but were held by the importer (merged later): their event is refused too. */
  private readonly slow = new WeakMap<InputRecord, number>();
  private slowCount = 0;

  constructor(
    importer: Importer,
    private readonly shape: 'json' | 'csv' | 'lines',
    private readonly out: Output,
    opts: { mapping?: Record<string, unknown>; fileName: string; recordBudgetMs?: number },
  ) {
    this.parser = importer.createParser(opts);
    this.budgetMs = opts.recordBudgetMs ?? recordBudget();
    this.sink = {
      expand: (_container, parts) => {
        // The container stops being a record; its parts become records. (An importer rejects an empty
        // container rather than expanding it into nothing.)
        this.records += parts.length - 1;
      },
      event: (ev, from) => {
        const parts = Array.isArray(from) ? from : [from];
        if (this.held) {
          this.held.push({ kind: 'event', ev, parts });
          return;
        }
        this.emitEvent(ev, parts);
      },
      reject: (rec, reason) => {
        if (this.held) this.held.push({ kind: 'reject', rec, reason });
        else this.out.reject(rec.ref, reason, rec.bytes, false);
      },
    };
  }

  private emitEvent(ev: NormalizedEvent, parts: InputRecord[]): void {
    const out = this.out;
    if (this.slowCount > 0) {
      const slowRec = parts.find((p) => this.slow.has(p));
      if (slowRec) return this.refuseSlow(parts, this.slow.get(slowRec)!, slowRec);
    }
    const problem = checkEvent(ev);
    if (problem) {
      for (const r of parts) out.reject(r.ref, problem, r.bytes, false);
      return;
    }
    // The values to search are collected only now, for records that become events (not for containers
    // an importer expanded, nor for rejects); the walk also measures nesting, which no record may exceed.
    const set = new Set<string>();
    for (const p of parts) {
      if (p.value === undefined) {
        set.add(p.text);
        continue;
      }
      const depth = collectStrings(p.value, set);
      if (depth > LIMITS.maxDepth) {
        for (const r of parts)
          out.reject(r.ref, `JSON nested ${depth} levels deep, over the limit of ${LIMITS.maxDepth}`, r.bytes, false);
        return;
      }
    }
    ev.facts = cleanFacts(ev.facts);
    out.event(ev, parts, set);
  }

  /** Refuses the records of an event that took too long to make: every one kept as a reject, with the time. */
  private refuseSlow(parts: InputRecord[], ms: number, slowRec: InputRecord): void {
    const took = `${(ms / 1000).toFixed(1)} s, over the per-record budget of ${(this.budgetMs / 1000).toFixed(1)} s`;
    for (const r of parts)
      this.out.reject(
        r.ref,
        r === slowRec
          ? `normalizing this record took ${took}: it is kept here unparsed (report this file's format so it can be read in time)`
          : parts.includes(slowRec)
            ? `merged with a record that took ${took} to normalize: kept here unparsed`
            : `completed while another record took ${took} to normalize: kept here unparsed`,
        r.bytes,
        false,
      );
  }

  push(p: ValuedPiece): void {
    this.records++;
    const out = this.out;
    if (p.error) return out.reject(p.ref, p.error, p.bytes, p.truncated ?? false);
    if (!isUtf8(p.bytes))
      return out.reject(p.ref, `invalid UTF-8 at byte ${firstInvalidUtf8(p.bytes)} of the record`, p.bytes, false);
    const text = p.bytes.toString('utf8');
    const rec: InputRecord = { ref: p.ref, bytes: p.bytes, text };
    if (this.shape === 'json') {
      try {
        rec.value = JSON.parse(text);
      } catch (e) {
        return out.reject(p.ref, `invalid JSON: ${(e as Error).message.split('\n')[0].slice(0, 200)}`, p.bytes, false);
      }
    } else if (this.shape === 'csv') {
      rec.value = p.value;
    }
    const before = out.accounted;
    const held: Emitted[] = (this.held = []);
    const t0 = performance.now();
    let threw = false;
    let failed: unknown;
    try {
      this.parser.push(rec, this.sink);
    } catch (e) {
      threw = true;
      failed = e;
    }
    this.held = null;
    const ms = performance.now() - t0;
    if (ms > this.budgetMs) {
      // What this push produced was computed too slowly to trust as a reading of the record: refused, with the
      // time. A record the importer holds for a later merge carries the verdict to its event.
      let emittedRec = false;
      for (const h of held) {
        if (h.kind === 'reject') out.reject(h.rec.ref, h.reason, h.rec.bytes, false);
        else this.refuseSlow(h.parts, ms, rec);
        if (h.kind === 'reject' ? h.rec === rec : h.parts.includes(rec)) emittedRec = true;
      }
      if (!emittedRec && !threw) {
        this.slow.set(rec, ms);
        this.slowCount++;
      }
    } else
      for (const h of held) {
        if (h.kind === 'reject') out.reject(h.rec.ref, h.reason, h.rec.bytes, false);
        else this.emitEvent(h.ev, h.parts);
      }
    if (threw) {
      const e = failed;
      if (out.accounted !== before) return;
      const overflow = e instanceof RangeError && /call stack/i.test(e.message);
      out.reject(
        rec.ref,
        overflow
          ? `JSON nested too deep to read (over the limit of ${LIMITS.maxDepth} levels)`
          : `cannot be normalized: ${(e as Error).message.split('\n')[0].slice(0, 200)}`,
        rec.bytes,
        false,
      );
    }
  }

  end(): void {
    this.parser.end(this.sink);
  }
}
