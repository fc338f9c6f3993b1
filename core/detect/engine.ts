// The loaded rule set compiled against every format: for each detection rule, where it runs and where it cannot
// (and why); global filters attached to the rules they name; correlation rules resolved to the rules they
// correlate. Built once per run; the runner (run.ts) and the rule catalogue (catalogue.ts) read it.
import { createHash } from 'node:crypto';
import type { FormatId } from '../model/event.js';
import { FORMAT_IDS as FORMATS } from '../../importers/formats.js';
import { loadRules, type InvalidRule, type LoadedRule, type RuleSet } from './sigma/load.js';
import type { CorrelationRule, DetectionRule, FilterRule, Logsource } from './sigma/rule.js';
import type { CompiledDetection } from './evaluate.js';
import { compileFor, logsourceFits } from './compile.js';
import { SIGMA_FORMATS, UNREAD_LOGSOURCES } from './formats/index.js';

export interface DetectionEntry {
  kind: 'detection';
  idx: number;
  loaded: LoadedRule;
  rule: DetectionRule;
  compiled: Map<FormatId, CompiledDetection>;
  /** Formats whose log source fits but which lack a field the rule tests. */
  notApplicable: Map<FormatId, string>;
  /** Global filters (compiled for the same formats) whose matches are dropped. */
  filters: Map<FormatId, CompiledDetection[]>;
  /** Correlations that take this rule's matches. */
  feeds: number[];
  /** Reported on its own (false when only correlations with generate: false use it). */
  standalone: boolean;
  /** Tests the resolved identity or session (so it runs after derivation resolved them, not on the worker). */
  needsIdentity: boolean;
}

export interface CorrelationEntry {
  kind: 'correlation';
  idx: number;
  loaded: LoadedRule;
  rule: CorrelationRule;
  /** The correlated rules, in the rule's order (entry indices). */
  inputs: number[];
  feeds: number[];
  standalone: boolean;
  /** Why it cannot run (a referenced rule is missing, invalid or cannot run anywhere), else null. */
  problem: string | null;
}

export type Entry = DetectionEntry | CorrelationEntry;

export interface Engine {
  set: RuleSet;
  entries: Entry[];
  invalid: InvalidRule[];
  /** Detection entries compiled for each format. */
  byFormat: Map<FormatId, DetectionEntry[]>;
  /** Correlations in an order where each comes after the correlations it uses. */
  correlationOrder: CorrelationEntry[];
}

/** Does a rule test `sessionscope.identity` / `sessionscope.session` (or, in sessionscope rules, identity/session)? */
function testsIdentity(r: DetectionRule): boolean {
  const open = r.logsource.product === 'sessionscope';
  const hit = (f: string | null) => {
    if (f === null) return false;
    const l = f.toLowerCase();
    return (
      l === 'sessionscope.identity' || l === 'sessionscope.session' || (open && (l === 'identity' || l === 'session'))
    );
  };
  for (const s of r.searches.values()) {
    const items = s.k === 'all' ? s.items : s.alts.flat();
    for (const it of items) {
      if (hit(it.field)) return true;
      for (const m of it.matchers) if (m.t === 'ref' && hit(m.field)) return true;
    }
  }
  return false;
}

/** A digest of which rules, in which order (a worker's results are used only with the same rule set). */
export function engineDigest(e: Engine): string {
  return createHash('sha256')
    .update(e.entries.map((x) => `${x.rule.meta.id}:${x.loaded.sha256}:${x.loaded.origin.doc}`).join('\n'))
    .digest('hex');
}

/** Why no format can run a rule whose log source no importer reads, or null when some format fits. */
export function unreadReason(ls: Logsource): string | null {
  if (ls.product === 'sessionscope') return null;
  if (FORMATS.some((f) => logsourceFits(ls, SIGMA_FORMATS[f]))) return null;
  const known = UNREAD_LOGSOURCES.find(
    (u) => u.product === ls.product && (ls.service === undefined || u.service === ls.service),
  );
  if (known) return `no source: ${known.why}`;
  const name = [ls.product, ls.service, ls.category].filter(Boolean).join('/');
  return `no source: no SessionScope format reads the log source ${name}`;
}

export function buildEngine(opts: { localDirs?: string[]; bundled?: boolean } = {}): Engine {
  const set = loadRules(opts);
  const entries: Entry[] = [];
  const invalid = [...set.invalid];
  const filters: { loaded: LoadedRule; rule: FilterRule }[] = [];
  const byKey = new Map<string, number[]>();
  const index = (k: string | null, i: number) => {
    if (!k) return;
    const l = byKey.get(k) ?? [];
    l.push(i);
    byKey.set(k, l);
  };
  for (const loaded of set.rules) {
    const r = loaded.rule;
    if (r.kind === 'filter') {
      filters.push({ loaded, rule: r });
      continue;
    }
    const idx = entries.length;
    if (r.kind === 'detection') {
      const compiled = new Map<FormatId, CompiledDetection>();
      const notApplicable = new Map<FormatId, string>();
      for (const f of FORMATS) {
        const sf = SIGMA_FORMATS[f];
        if (!logsourceFits(r.logsource, sf)) continue;
        const c = compileFor(r, sf);
        if ('reason' in c) notApplicable.set(f, c.reason);
        else compiled.set(f, c);
      }
      entries.push({
        kind: 'detection',
        idx,
        loaded,
        rule: r,
        compiled,
        notApplicable,
        filters: new Map(),
        feeds: [],
        standalone: true,
        needsIdentity: testsIdentity(r),
      });
    } else {
      entries.push({
        kind: 'correlation',
        idx,
        loaded,
        rule: r,
        inputs: [],
        feeds: [],
        standalone: true,
        problem: null,
      });
    }
    index(r.meta.id, idx);
    if (r.meta.name && r.meta.name !== r.meta.id) index(r.meta.name, idx);
  }
  // Two rules with one id: the later is refused (a correlation could not say which it means).
  for (const [k, l] of byKey) {
    if (l.length < 2) continue;
    const [first, ...dups] = l;
    for (const d of dups) {
      const e = entries[d];
      if (e.rule.meta.id !== k) continue;
      const o = entries[first].loaded.origin;
      invalid.push({
        source: e.loaded.origin.kind,
        file: e.loaded.origin.file,
        doc: e.loaded.origin.doc,
        id: k,
        title: e.rule.meta.title,
        reason: `id ${k} is also the id of ${o.kind === 'sigmahq' ? 'SigmaHQ rule' : 'rule'} ${o.file}; ids must be unique`,
      });
      (entries[d] as Entry & { dropped?: boolean }).dropped = true;
    }
    byKey.set(k, [first]);
  }
  const live = entries.filter((e) => !(e as Entry & { dropped?: boolean }).dropped);
  // Renumber after drops.
  const renum = new Map<number, number>();
  live.forEach((e, i) => {
    renum.set(e.idx, i);
    e.idx = i;
  });
  for (const [k, l] of byKey)
    byKey.set(
      k,
      l.filter((i) => renum.has(i)).map((i) => renum.get(i)!),
    );

  for (const { loaded, rule } of filters) {
    let used = false;
    for (const ref of rule.rules) {
      for (const i of byKey.get(ref) ?? []) {
        const e = live[i];
        if (e.kind !== 'detection') continue;
        for (const [f] of e.compiled) {
          const c = compileFor(rule, SIGMA_FORMATS[f]);
          if ('reason' in c) continue;
          used = true;
          const l = e.filters.get(f) ?? [];
          l.push(c);
          e.filters.set(f, l);
        }
      }
    }
    if (!used)
      invalid.push({
        source: loaded.origin.kind,
        file: loaded.origin.file,
        doc: loaded.origin.doc,
        id: rule.meta.id,
        title: rule.meta.title,
        reason: `global filter names no rule it can apply to (${rule.rules.join(', ')})`,
      });
  }

  const correlations = live.filter((e): e is CorrelationEntry => e.kind === 'correlation');
  for (const c of correlations) {
    for (const ref of c.rule.rules) {
      const hit = byKey.get(ref);
      if (!hit || hit.length === 0) {
        c.problem = `correlated rule ${ref} is not loaded (not found, or invalid)`;
        continue;
      }
      c.inputs.push(hit[0]);
      live[hit[0]].feeds.push(c.idx);
    }
  }
  // A rule only correlations use is not reported on its own unless one of them says `generate: true`.
  for (const e of live)
    if (e.feeds.length > 0) e.standalone = e.feeds.some((ci) => (live[ci] as CorrelationEntry).rule.generate);
  // Correlations feeding others: order so inputs come first; a cycle is a problem.
  const order: CorrelationEntry[] = [];
  const state = new Map<number, 1 | 2>();
  const visit = (c: CorrelationEntry, path: number[]): void => {
    if (state.get(c.idx) === 2) return;
    if (state.get(c.idx) === 1) {
      c.problem = `correlation cycle through ${path.map((i) => live[i].rule.meta.id).join(' → ')}`;
      return;
    }
    state.set(c.idx, 1);
    for (const i of c.inputs) {
      const x = live[i];
      if (x.kind === 'correlation') {
        visit(x, [...path, x.idx]);
        if (x.problem && !c.problem) c.problem = `correlated rule ${x.rule.meta.id} cannot run: ${x.problem}`;
      } else if (x.compiled.size === 0 && !c.problem) {
        c.problem = `correlated rule ${x.rule.meta.id} runs on no format`;
      }
    }
    state.set(c.idx, 2);
    order.push(c);
  };
  for (const c of correlations) visit(c, [c.idx]);

  const byFormat = new Map<FormatId, DetectionEntry[]>();
  for (const e of live) {
    if (e.kind !== 'detection') continue;
    for (const f of e.compiled.keys()) {
      const l = byFormat.get(f) ?? [];
      l.push(e);
      byFormat.set(f, l);
    }
  }
  return { set, entries: live, invalid, byFormat, correlationOrder: order };
}
