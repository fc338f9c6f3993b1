// Sigma correlation rules over matches in time order (Sigma correlation specification 2.x), per group-by value:
// - event_count / value_count with gt or gte: a sliding window of `timespan`; it fires as soon as the count
//   (events, or distinct values of `field`) reaches the condition, and the group starts afresh;
// - event_count / value_count with lt, lte, eq or neq: windows anchored at a group's first event, judged when
//   they close (a later event falls outside, or the evidence ends);
// - temporal: every correlated rule matched within `timespan` (or, with a condition, that many of them);
// - temporal_ordered: the rules matched in the order listed, within `timespan`.
// group-by may name `identity` or `session`: the resolved identity and the reconstructed session, which join
// events of different sources — a group-by over log fields cannot.
import type { CorrelationRule, CountOp } from './sigma/rule.js';

export interface CorrInput {
  ts: number;
  /** Event positions behind this input (one for a detection match, several for a correlation's). */
  events: number[];
  /** Which of the correlation's rules it came from (index into CorrelationRule.rules). */
  slot: number;
  /** The group-by values, by group-by name; null when the event lacks the field. */
  group: Record<string, string | null>;
  /** value_count: the counted field's values. */
  values: string[];
  identity: number | null;
  session: number | null;
}

export interface CorrMatch {
  ts: number;
  firstTs: number;
  events: number[];
  group: Record<string, string | null>;
  identity: number | null;
  session: number | null;
}

function holds(conds: { op: CountOp; n: number }[], x: number): boolean {
  return conds.every(({ op, n }) =>
    op === 'gt'
      ? x > n
      : op === 'gte'
        ? x >= n
        : op === 'lt'
          ? x < n
          : op === 'lte'
            ? x <= n
            : op === 'eq'
              ? x === n
              : x !== n,
  );
}

function common(xs: (number | null)[]): number | null {
  if (xs.length === 0) return null;
  const f = xs[0];
  return xs.every((x) => x === f) ? f : null;
}

function emit(items: CorrInput[], group: Record<string, string | null>): CorrMatch {
  const events = [...new Set(items.flatMap((i) => i.events))];
  return {
    ts: items[items.length - 1].ts,
    firstTs: items[0].ts,
    events,
    group,
    identity: common(items.map((i) => i.identity)),
    session: common(items.map((i) => i.session)),
  };
}

/** Runs one correlation over its inputs (sorted by time here). Memory: the open window of each group. */
export function correlate(rule: CorrelationRule, inputs: CorrInput[]): CorrMatch[] {
  inputs.sort((a, b) => a.ts - b.ts);
  const span = rule.timespan;
  const out: CorrMatch[] = [];
  const groups = new Map<string, CorrInput[]>();
  const keyOf = (i: CorrInput) => JSON.stringify(rule.groupBy.map((g) => i.group[g] ?? null));
  const countOf = (items: CorrInput[]) =>
    rule.type === 'value_count' ? new Set(items.flatMap((i) => i.values)).size : items.length;
  const sliding = rule.condition.length > 0 && rule.condition.every((c) => c.op === 'gt' || c.op === 'gte');

  if (rule.type === 'event_count' || rule.type === 'value_count') {
    for (const inp of inputs) {
      const k = keyOf(inp);
      let w = groups.get(k);
      if (!w) groups.set(k, (w = []));
      if (sliding) {
        w.push(inp);
        while (w.length > 0 && inp.ts - w[0].ts > span) w.shift();
        if (holds(rule.condition, countOf(w))) {
          out.push(emit(w, inp.group));
          w.length = 0;
        }
      } else {
        if (w.length > 0 && inp.ts - w[0].ts > span) {
          if (holds(rule.condition, countOf(w))) out.push(emit(w, w[0].group));
          w.length = 0;
        }
        w.push(inp);
      }
    }
    if (!sliding)
      for (const w of groups.values())
        if (w.length > 0 && holds(rule.condition, countOf(w))) out.push(emit(w, w[0].group));
    return out.sort((a, b) => a.ts - b.ts);
  }

  const n = rule.rules.length;
  if (rule.type === 'temporal') {
    // Per group, the latest input of each rule; fire when enough rules have one within the span.
    const need = (have: number) => (rule.condition.length > 0 ? holds(rule.condition, have) : have === n);
    const latest = new Map<string, (CorrInput | null)[]>();
    for (const inp of inputs) {
      const k = keyOf(inp);
      let l = latest.get(k);
      if (!l) latest.set(k, (l = Array.from({ length: n }, () => null)));
      l[inp.slot] = inp;
      const live = l.filter((x): x is CorrInput => x !== null && inp.ts - x.ts <= span);
      if (need(new Set(live.map((x) => x.slot)).size)) {
        out.push(
          emit(
            live.sort((a, b) => a.ts - b.ts),
            inp.group,
          ),
        );
        latest.delete(k);
      }
    }
    return out;
  }

  // temporal_ordered: chains r0 → r1 → … ; per group and step, the chain with the latest start.
  const chains = new Map<string, (CorrInput[] | null)[]>();
  for (const inp of inputs) {
    const k = keyOf(inp);
    let c = chains.get(k);
    if (!c) chains.set(k, (c = Array.from({ length: n }, () => null)));
    const j = inp.slot;
    let next: CorrInput[] | null = null;
    if (j === 0) next = [inp];
    else {
      const prev = c[j - 1];
      if (prev && inp.ts - prev[0].ts <= span && inp.ts >= prev[prev.length - 1].ts) next = [...prev, inp];
    }
    if (!next) continue;
    if (j === n - 1) {
      out.push(emit(next, inp.group));
      chains.delete(k);
      continue;
    }
    const cur = c[j];
    if (!cur || next[0].ts >= cur[0].ts) c[j] = next;
  }
  return out;
}
