// Linux audit: raw /var/log/audit/audit.log (auditd's log_format RAW or ENRICHED), with or without the `node=`
// prefix (name_format in auditd.conf), and audisp/syslog relays that keep the record after a syslog header.
// Field notes: shared/corpus/FIELDS.md §11.
//
// The kernel writes one event as several records sharing `msg=audit(<time>:<serial>)` (SYSCALL, EXECVE, CWD, PATH,
// PROCTITLE… then EOE); records of concurrent events interleave and can arrive out of order. Records are held in a
// bounded map keyed by node + stamp and become one event when EOE arrives, when the group has not been touched for
// a while (WINDOW records), when the map is full (in groups or bytes), or at the end of the file. A group that
// reaches MAX_GROUP_RECORDS or MAX_GROUP_BYTES (a real event has a few dozen records; a crafted log can repeat one
// stamp forever) becomes its event at once, saying it was cut, and the later records of that stamp are rejected
// with the reason — memory stays flat on any input (issue 15 §3). User-space records (USER_*, CRED_*,
// DAEMON_*, ADD_USER…) are whole events on their own and are emitted at once. Every record is also shown to an
// AuditContext as it is read: it learns login names and process trees, so that one session keeps one principal
// and the commands of one process tree (ses unset) share a session key.
import type { Importer, InputRecord, RecordParser, Sample, Sink } from '../types.js';
import { format } from './format.js';
import { detach } from '../util/pending.js';
import { parseRecord, type AuditRecord } from './record.js';
import { AuditContext, isUserSpaceType, normalizeGroup, type Group } from './event.js';

const LINE = /^(?:node=\S+ )?type=[A-Za-z0-9_]+(?:\[\d+\])? msg=(?:audit\(\d+\.\d+:\d+\)|\?)/;
const RELAYED = / type=[A-Z_]+ msg=audit\(\d+\.\d+:\d+\)/;

/** A group untouched for this many records is complete (the kernel writes an event's records together). */
const WINDOW = 512;
/** At most this many open groups, holding at most this many bytes of records; the oldest is emitted first. */
const MAX_OPEN = 4096;
const MAX_OPEN_BYTES = 32 * 1024 * 1024;
/** The most records and bytes one event holds (one record alone may be larger); the rest are rejected. */
export const MAX_GROUP_RECORDS = 1000;
export const MAX_GROUP_BYTES = 4 * 1024 * 1024;
/** Stamps whose group was cut, remembered (at most this many) so their later records are rejected with the reason. */
const MAX_CUT = 4096;

function detect(sample: Sample): number {
  if (sample.lines.length === 0) return 0;
  let hits = 0;
  for (const l of sample.lines) if (LINE.test(l) || RELAYED.test(l)) hits++;
  if (hits === 0) return 0;
  const share = hits / sample.lines.length;
  return share >= 0.5 ? 0.95 : 0.5 + share * 0.8;
}

interface Open extends Group {
  recs: InputRecord[];
  touched: number;
  bytes: number;
}

const stampOf = (g: Group) => `audit(${g.sec}.${String(g.ms).padStart(3, '0')}:${g.serial})`;

class AuditdParser implements RecordParser {
  private readonly open = new Map<string, Open>();
  private openBytes = 0;
  /** Stamps of groups cut at the limit → why their later records are rejected. */
  private readonly cut = new Map<string, string>();
  /** Login names, process trees and session principals learned from this file (see AuditContext). */
  private readonly ctx = new AuditContext();
  private n = 0;

  push(rec: InputRecord, sink: Sink): void {
    this.n++;
    const p = parseRecord(rec.text);
    if ('error' in p) return sink.reject(rec, p.error);
    this.ctx.observe(p);
    if (isUserSpaceType(p.type)) {
      this.emit(
        { node: p.node, sec: p.sec, ms: p.ms, serial: p.serial, parsed: [p], recs: [rec], touched: this.n, bytes: 0 },
        sink,
      );
      this.expire(sink);
      return;
    }
    const k = `${p.node ?? ''}|${p.sec}.${p.ms}:${p.serial}`;
    let g = this.open.get(k);
    const known = g !== undefined;
    if (g) {
      this.open.delete(k); // re-inserted below, so the map stays ordered by last touch
    } else {
      const why = this.cut.get(k);
      if (why !== undefined) {
        sink.reject(rec, why);
        this.expire(sink);
        return;
      }
      g = { node: p.node, sec: p.sec, ms: p.ms, serial: p.serial, parsed: [], recs: [], touched: 0, bytes: 0 };
    }
    g.parsed.push(p);
    g.recs.push(detach(rec));
    g.touched = this.n;
    g.bytes += rec.bytes.length;
    this.openBytes += rec.bytes.length;
    // An EOE that overtook its records waits for them like any other record.
    if (p.type === 'EOE' && known) {
      this.emit(g, sink);
    } else if (g.recs.length >= MAX_GROUP_RECORDS || (g.bytes > MAX_GROUP_BYTES && g.recs.length > 1)) {
      const limit =
        g.recs.length >= MAX_GROUP_RECORDS ? `${MAX_GROUP_RECORDS} records` : `${MAX_GROUP_BYTES / 1024 / 1024} MiB`;
      this.cut.set(
        k,
        `one more record of ${stampOf(g)}, whose event was cut at ${limit} (the most one event holds): kept as a reject`,
      );
      if (this.cut.size > MAX_CUT) this.cut.delete(this.cut.keys().next().value as string);
      this.emit(g, sink, `cut at ${limit}; later records of ${stampOf(g)} are rejected`);
    } else {
      this.open.set(k, g);
      while (this.open.size > MAX_OPEN || this.openBytes > MAX_OPEN_BYTES) this.emitOldest(sink);
    }
    this.expire(sink);
  }

  end(sink: Sink): void {
    const all = [...this.open.values()];
    this.open.clear();
    for (const g of all) this.emit(g, sink);
  }

  private expire(sink: Sink): void {
    for (;;) {
      const first = this.open.values().next();
      if (first.done || this.n - first.value.touched < WINDOW) return;
      this.emitOldest(sink);
    }
  }

  private emitOldest(sink: Sink): void {
    const first = this.open.entries().next();
    if (first.done) return;
    this.open.delete(first.value[0]);
    this.emit(first.value[1], sink);
  }

  private emit(g: Open, sink: Sink, cut?: string): void {
    this.openBytes -= g.bytes;
    g.bytes = 0;
    if (g.parsed.length === 1 && g.parsed[0].type === 'EOE') {
      // An EOE whose records were already emitted (or never written): nothing to merge it into.
      return sink.reject(g.recs[0], `end-of-event marker for ${stampOf(g)} with no records of that event before it`);
    }
    const ev = normalizeGroup(g, this.ctx);
    if (cut) ev.detail = ev.detail ? `${ev.detail} · ${cut}` : cut;
    // The lead record (the one that names the event) goes first; the others count as merged into it.
    const order = orderRecords(g.parsed, g.recs);
    sink.event(ev, order);
  }
}

function orderRecords(parsed: AuditRecord[], recs: InputRecord[]): InputRecord[] {
  let lead = -1;
  for (let i = 0; i < parsed.length; i++) {
    const t = parsed[i].type;
    if (t === 'SYSCALL' && lead < 0) lead = i;
    else if (
      t !== 'SYSCALL' &&
      t !== 'EXECVE' &&
      t !== 'CWD' &&
      t !== 'PATH' &&
      t !== 'PROCTITLE' &&
      t !== 'SOCKADDR' &&
      t !== 'EOE'
    ) {
      lead = i;
      break;
    }
  }
  if (lead <= 0) return recs;
  return [recs[lead], ...recs.slice(0, lead), ...recs.slice(lead + 1)];
}

export const importer: Importer = {
  id: format.id,
  version: '2',
  title: format.title,
  input: 'lines',
  detect,
  createParser: () => new AuditdParser(),
};
