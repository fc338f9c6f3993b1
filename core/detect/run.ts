// One pass of every compiled rule over a case's events, in two phases:
// - scan (scanRules): rules are narrowed per (format, action) by the prefilter, only events some rule may match
//   are read, in raw-block order so each compressed block is inflated once, and only matches are kept. It needs
//   no identity or session, so derivation runs it on a worker thread while it resolves them (worker.ts);
// - finish (finishRun): each match gets its event's identity and session, and correlations run over the matches
//   they take, in time order.
import type { CaseDb } from '../casefile/open.js';
import type { FormatId } from '../model/event.js';
import { isFormatId as isFormat } from '../../importers/formats.js';
import { formatMicros } from '../model/time.js';
import { RawReader } from '../casefile/raw.js';
import type { CorrelationEntry, DetectionEntry, Engine } from './engine.js';
import { matches, type Accessor } from './evaluate.js';
import { mayMatch } from './prefilter.js';
import { SIGMA_FORMATS } from './formats/index.js';
import { viewsOf } from './views.js';
import { resolveField } from './compile.js';
import { valueText, type Norm, type View } from './record.js';
import { correlate, type CorrInput, type CorrMatch } from './correlate.js';

/** What the runner needs of each event, in id (= time) order: derivation hands its scan, `detections.run` reads it. */
export interface EventIndex {
  n: number;
  id: Float64Array;
  ts: Float64Array;
  /** Index into `formats`. */
  fmt: Uint8Array;
  formats: string[];
  /** Index into `actions`. */
  action: Int32Array;
  actions: string[];
  /** Resolved identity and session ids (NaN: none; unknown during the scan phase). */
  identity: Float64Array;
  session: Float64Array;
  rawBlock: Float64Array;
  rawOff: Int32Array;
  rawLen: Int32Array;
  identityName: (id: number) => string | null;
}

/** A correlation input found by the scan: which event, which step, its group-by values. */
export interface Feed {
  corr: number;
  slot: number;
  event: number;
  /** Group-by values; where `need` says identity (1) or session (2), the finish phase fills them in. */
  group: (string | null)[];
  need: number[];
  values: string[];
}

/** The scan's result, by event id (so it can cross threads and be mapped onto another index). */
export interface ScanOut {
  hitEvent: Float64Array;
  hitEntry: Int32Array;
  feeds: Feed[];
  candidates: number;
  evaluations: number;
  ms: number;
}

export interface Hit {
  entry: number;
  pos: number;
}

export interface CorrHit {
  entry: number;
  match: CorrMatch;
}

export interface RunStats {
  events: number;
  /** Events some rule might match after the prefilter (their raw records were read). */
  candidates: number;
  /** Rule evaluations on records. */
  evaluations: number;
  hits: number;
  correlation_hits: number;
  /** Time spent scanning (on the worker thread when there is one) and finishing. */
  scan_ms: number;
  ms: number;
  /** Where the scan ran: 'worker' or 'inline'. */
  where: string;
}

export interface RunResult {
  hits: Hit[];
  corr: CorrHit[];
  stats: RunStats;
}

const IDENTITY_NAMES = new Set(['identity', 'sessionscope.identity']);
const SESSION_NAMES = new Set(['session', 'sessionscope.session']);

type GroupAcc = Accessor | 'identity' | 'session' | null;

function feedAccessors(c: CorrelationEntry, e: DetectionEntry, f: FormatId) {
  const names = [e.rule.meta.name, e.rule.meta.id].filter((x): x is string => !!x);
  const fieldFor = (g: string): string => {
    const per = c.rule.aliases.get(g);
    if (!per) return g;
    for (const n of names) if (per.has(n)) return per.get(n)!;
    return g;
  };
  const sf = SIGMA_FORMATS[f];
  const group: GroupAcc[] = c.rule.groupBy.map((g) => {
    const field = fieldFor(g);
    if (IDENTITY_NAMES.has(field.toLowerCase())) return 'identity';
    if (SESSION_NAMES.has(field.toLowerCase())) return 'session';
    const a = resolveField(sf, field, true);
    return typeof a === 'string' ? null : a;
  });
  let value: Accessor | null = null;
  if (c.rule.field) {
    const a = resolveField(sf, fieldFor(c.rule.field), true);
    value = typeof a === 'string' ? null : a;
  }
  return { group, value };
}

function texts(a: Accessor, v: View): string[] {
  const r = a(v);
  if (!r) return [];
  const out: string[] = [];
  for (const x of r) {
    const t = valueText(x);
    if (t !== null) out.push(t);
  }
  return out;
}

/** The correlations each entry feeds, with the step it is (descending: the later step of one rule first). */
function feedMap(engine: Engine): Map<number, { corr: CorrelationEntry; slot: number }[]> {
  const feeds = new Map<number, { corr: CorrelationEntry; slot: number }[]>();
  for (const c of engine.correlationOrder) {
    if (c.problem) continue;
    c.inputs.forEach((i, slot) => {
      const l = feeds.get(i) ?? [];
      l.push({ corr: c, slot });
      feeds.set(i, l);
    });
  }
  for (const l of feeds.values()) l.sort((a, b) => b.slot - a.slot);
  return feeds;
}

/** Scans the events for the entries `want` admits (all by default). */
export function scanRules(
  db: CaseDb,
  engine: Engine,
  ix: EventIndex,
  want: (e: DetectionEntry) => boolean = () => true,
  tick: () => void = () => {},
): ScanOut {
  const t0 = Date.now();
  const feeds = feedMap(engine);
  const hitEvent: number[] = [];
  const hitEntry: number[] = [];
  const feedOut: Feed[] = [];
  const feedAcc = new Map<string, ReturnType<typeof feedAccessors>>();

  // Per format: the entries that run there and need evaluating (reported alone, or feeding a correlation).
  const fmtEntries: (DetectionEntry[] | null)[] = ix.formats.map((name) => {
    if (!isFormat(name)) return null;
    const l = (engine.byFormat.get(name) ?? []).filter((e) => want(e) && (e.standalone || feeds.has(e.idx)));
    return l.length > 0 ? l : null;
  });
  const candCache = new Map<number, DetectionEntry[] | null>();
  const candidatesOf = (p: number): DetectionEntry[] | null => {
    const f = ix.fmt[p];
    const list = fmtEntries[f];
    if (!list) return null;
    const key = ix.action[p] * 64 + f;
    let c = candCache.get(key);
    if (c === undefined) {
      const sf = SIGMA_FORMATS[ix.formats[f] as FormatId];
      const known = sf.fromAction ? sf.fromAction(ix.actions[ix.action[p]]) : null;
      const l = list.filter((e) => mayMatch(e.compiled.get(sf.id)!, known));
      c = l.length > 0 ? l : null;
      candCache.set(key, c);
    }
    return c;
  };

  let nCand = 0;
  for (let p = 0; p < ix.n; p++) if (candidatesOf(p)) nCand++;
  const cand = new Int32Array(nCand);
  let k = 0;
  for (let p = 0; p < ix.n; p++) if (candidatesOf(p)) cand[k++] = p;
  cand.sort((a, b) => ix.rawBlock[a] - ix.rawBlock[b] || ix.rawOff[a] - ix.rawOff[b]);

  const raw = new RawReader(db);
  const normStmt = db.prepare(
    `SELECT ts, format, principal, principal_type, session_key, action, category, resource, resource_type, outcome,
      error_code, src_ip, user_agent, detail FROM event_rows WHERE id = ?`,
  );
  let evaluations = 0;
  for (let i = 0; i < cand.length; i++) {
    if ((i & 4095) === 0) tick();
    const p = cand[i];
    const list = candidatesOf(p)!;
    const sf = SIGMA_FORMATS[ix.formats[ix.fmt[p]] as FormatId];
    const text = raw.read(ix.rawBlock[p], ix.rawOff[p], ix.rawLen[p]).toString('utf8');
    let normCache: Norm | null = null;
    const norm = (): Norm => {
      if (normCache) return normCache;
      const r = normStmt.get(ix.id[p]) as Record<string, string | number | null>;
      const idn = ix.identity[p];
      normCache = {
        ...r,
        ts: formatMicros(Number(r.ts)),
        identity: Number.isNaN(idn) ? null : ix.identityName(idn),
        session: Number.isNaN(ix.session[p]) ? null : ix.session[p],
      };
      return normCache;
    };
    const views = viewsOf(sf, text, norm);
    for (const e of list) {
      const d = e.compiled.get(sf.id)!;
      const filters = e.filters.get(sf.id);
      let matched: View | null = null;
      for (const v of views) {
        evaluations++;
        if (matches(d, v) && !(filters && filters.some((fl) => matches(fl, v)))) {
          matched = v;
          break;
        }
      }
      if (!matched) continue;
      if (e.standalone) {
        hitEvent.push(ix.id[p]);
        hitEntry.push(e.idx);
      }
      for (const fd of feeds.get(e.idx) ?? []) {
        const ak = `${fd.corr.idx}|${e.idx}|${sf.id}`;
        let acc = feedAcc.get(ak);
        if (!acc) feedAcc.set(ak, (acc = feedAccessors(fd.corr, e, sf.id)));
        const need: number[] = [];
        const group = acc.group.map((a) => {
          need.push(a === 'identity' ? 1 : a === 'session' ? 2 : 0);
          if (a === null || a === 'identity' || a === 'session') return null;
          const t = texts(a, matched);
          return t.length === 0 ? null : [...new Set(t)].sort().join('\u0000');
        });
        feedOut.push({
          corr: fd.corr.idx,
          slot: fd.slot,
          event: ix.id[p],
          group,
          need,
          values: acc.value ? texts(acc.value, matched) : [],
        });
      }
    }
  }
  return {
    hitEvent: Float64Array.from(hitEvent),
    hitEntry: Int32Array.from(hitEntry),
    feeds: feedOut,
    candidates: cand.length,
    evaluations,
    ms: Date.now() - t0,
  };
}

/** Position of an event id in the index (ids ascend), or -1. */
function positionOf(ix: EventIndex, id: number): number {
  let lo = 0;
  let hi = ix.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ix.id[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Gives the scans' matches their identities and sessions and runs the correlations. */
export function finishRun(engine: Engine, ix: EventIndex, scans: ScanOut[], where: string): RunResult {
  const t0 = Date.now();
  const hits: Hit[] = [];
  const corrInputs = new Map<number, CorrInput[]>();
  for (const c of engine.correlationOrder) if (!c.problem) corrInputs.set(c.idx, []);
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  let candidates = 0;
  let evaluations = 0;
  let scanMs = 0;
  for (const s of scans) {
    candidates += s.candidates;
    evaluations += s.evaluations;
    scanMs += s.ms;
    for (let i = 0; i < s.hitEvent.length; i++) {
      const p = positionOf(ix, s.hitEvent[i]);
      if (p >= 0) hits.push({ entry: s.hitEntry[i], pos: p });
    }
    for (const f of s.feeds) {
      const p = positionOf(ix, f.event);
      if (p < 0) continue;
      const c = engine.entries[f.corr] as CorrelationEntry;
      const identity = num(ix.identity[p]);
      const session = num(ix.session[p]);
      const group: Record<string, string | null> = {};
      c.rule.groupBy.forEach((g, gi) => {
        const need = f.need[gi];
        group[g] =
          need === 1
            ? identity === null
              ? null
              : String(identity)
            : need === 2
              ? session === null
                ? null
                : String(session)
              : f.group[gi];
      });
      corrInputs
        .get(f.corr)
        ?.push({ ts: ix.ts[p], events: [p], slot: f.slot, group, values: f.values, identity, session });
    }
  }

  const feeds = feedMap(engine);
  const corr: CorrHit[] = [];
  for (const c of engine.correlationOrder) {
    const inputs = corrInputs.get(c.idx);
    if (!inputs) continue;
    // A group-by value the event lacks keeps the event out of the group (as a SIEM's "by" clause does).
    const usable = inputs.filter((x) => c.rule.groupBy.every((g) => x.group[g] !== null));
    const out = correlate(c.rule, usable);
    if (c.standalone) for (const m of out) corr.push({ entry: c.idx, match: m });
    for (const fd of feeds.get(c.idx) ?? []) {
      for (const m of out) {
        corrInputs.get(fd.corr.idx)!.push({
          ts: m.ts,
          events: m.events,
          slot: fd.slot,
          group: Object.fromEntries(
            fd.corr.rule.groupBy.map((g) => {
              const gl = g.toLowerCase();
              const carried =
                m.group[g] ??
                (IDENTITY_NAMES.has(gl) && m.identity !== null ? String(m.identity) : null) ??
                (SESSION_NAMES.has(gl) && m.session !== null ? String(m.session) : null);
              return [g, carried];
            }),
          ),
          values: [],
          identity: m.identity,
          session: m.session,
        });
      }
    }
  }
  return {
    hits,
    corr,
    stats: {
      events: ix.n,
      candidates,
      evaluations,
      hits: hits.length,
      correlation_hits: corr.length,
      scan_ms: scanMs,
      ms: scanMs + (Date.now() - t0),
      where,
    },
  };
}

/** Both phases on this thread. */
export function runEngine(db: CaseDb, engine: Engine, ix: EventIndex): RunResult {
  return finishRun(engine, ix, [scanRules(db, engine, ix)], 'inline');
}
