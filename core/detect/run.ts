// One pass of every compiled rule over a case's events. Streaming and bounded: rules are first narrowed per
// (format, action) by the prefilter, only events some rule may match are read, in raw-block order so each
// compressed block is inflated once, and nothing but the matches is kept. Correlations then run over the
// matches they take, in time order.
import type { CaseDb } from '../casefile/open.js';
import { isFormat, type FormatId } from '../model/event.js';
import { formatMicros } from '../model/time.js';
import { RawReader } from '../query/raw.js';
import type { CorrelationEntry, DetectionEntry, Engine } from './engine.js';
import { matches, type Accessor, type CompiledDetection } from './evaluate.js';
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
  /** Resolved identity and session ids (NaN: none). */
  identity: Float64Array;
  session: Float64Array;
  rawBlock: Float64Array;
  rawOff: Int32Array;
  rawLen: Int32Array;
  identityName: (id: number) => string | null;
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
  correlationHits: number;
  ms: number;
}

export interface RunResult {
  hits: Hit[];
  corr: CorrHit[];
  stats: RunStats;
}

const IDENTITY_NAMES = new Set(['identity', 'sessionscope.identity']);
const SESSION_NAMES = new Set(['session', 'sessionscope.session']);

interface Feed {
  corr: CorrelationEntry;
  slot: number;
  /** Per format: group-by accessors (null = identity/session by name) and the value_count field's. */
  acc: Map<FormatId, { group: (Accessor | 'identity' | 'session' | null)[]; value: Accessor | null }>;
}

function feedAccessors(c: CorrelationEntry, slot: number, e: DetectionEntry, f: FormatId) {
  const names = [e.rule.meta.name, e.rule.meta.id].filter((x): x is string => !!x);
  const fieldFor = (g: string): string => {
    const per = c.rule.aliases.get(g);
    if (!per) return g;
    for (const n of names) if (per.has(n)) return per.get(n)!;
    return g;
  };
  const sf = SIGMA_FORMATS[f];
  const group = c.rule.groupBy.map((g) => {
    const field = fieldFor(g);
    if (IDENTITY_NAMES.has(field.toLowerCase())) return 'identity' as const;
    if (SESSION_NAMES.has(field.toLowerCase())) return 'session' as const;
    const a = resolveField(sf, field, true);
    return typeof a === 'string' ? null : a;
  });
  let value: Accessor | null = null;
  if (c.rule.field) {
    const a = resolveField(sf, fieldFor(c.rule.field), true);
    value = typeof a === 'string' ? null : a;
  }
  void slot;
  return { group, value };
}

function texts(a: Accessor, v: View): string[] {
  const r = a(v);
  if (!r) return [];
  const out: string[] = [];
  for (const x of r) {
    const t = valueText(x as never);
    if (t !== null) out.push(t);
  }
  return out;
}

export function runEngine(db: CaseDb, engine: Engine, ix: EventIndex): RunResult {
  const t0 = Date.now();
  const hits: Hit[] = [];
  const corrInputs = new Map<number, CorrInput[]>();
  const feeds = new Map<number, Feed[]>();
  for (const c of engine.correlationOrder) {
    if (c.problem) continue;
    corrInputs.set(c.idx, []);
    c.inputs.forEach((i, slot) => {
      const l = feeds.get(i) ?? [];
      l.push({ corr: c, slot, acc: new Map() });
      feeds.set(i, l);
    });
  }
  // Descending slots: the same match feeding two steps of one ordered correlation takes the later step first.
  for (const l of feeds.values()) l.sort((a, b) => b.slot - a.slot);

  // Per format: the entries that run there and need evaluating (standalone or feeding a live correlation).
  const fmtEntries: (DetectionEntry[] | null)[] = ix.formats.map((name) => {
    if (!isFormat(name)) return null;
    const l = (engine.byFormat.get(name) ?? []).filter((e) => e.standalone || feeds.has(e.idx));
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
        if (matches(d, v) && !(filters && filters.some((fl: CompiledDetection) => matches(fl, v)))) {
          matched = v;
          break;
        }
      }
      if (!matched) continue;
      if (e.standalone) hits.push({ entry: e.idx, pos: p });
      for (const fd of feeds.get(e.idx) ?? []) {
        let acc = fd.acc.get(sf.id);
        if (!acc) fd.acc.set(sf.id, (acc = feedAccessors(fd.corr, fd.slot, e, sf.id)));
        const idn = Number.isNaN(ix.identity[p]) ? null : ix.identity[p];
        const ses = Number.isNaN(ix.session[p]) ? null : ix.session[p];
        const group: Record<string, string | null> = {};
        fd.corr.rule.groupBy.forEach((g, gi) => {
          const a = acc.group[gi];
          if (a === 'identity') group[g] = idn === null ? null : String(idn);
          else if (a === 'session') group[g] = ses === null ? null : String(ses);
          else if (a === null) group[g] = null;
          else {
            const t = texts(a, matched);
            group[g] = t.length === 0 ? null : [...new Set(t)].sort().join('\u0000');
          }
        });
        corrInputs.get(fd.corr.idx)!.push({
          ts: ix.ts[p],
          events: [p],
          slot: fd.slot,
          group,
          values: acc.value ? texts(acc.value, matched) : [],
          identity: idn,
          session: ses,
        });
      }
    }
  }

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
      candidates: cand.length,
      evaluations,
      hits: hits.length,
      correlationHits: corr.length,
      ms: Date.now() - t0,
    },
  };
}
