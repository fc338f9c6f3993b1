// The prefilter: before any raw record is read, a rule is evaluated on what the normalized action states
// exactly about the record (SigmaFormat.fromAction: CloudTrail's eventName, GitHub's action, a Kubernetes verb),
// in three-valued logic — items on other fields are unknown. A rule that is false there cannot match any event
// with that action, so those events' raw records are never inflated or parsed for it. Decided once per
// (format, action), not per event.
import type { Cond } from './sigma/condition.js';
import type { CompiledDetection, CompiledItem } from './evaluate.js';
import { evalItem } from './evaluate.js';
import type { View } from './record.js';

type Tri = boolean | undefined;

const FAKE_VIEW = (): View => ({
  json: null,
  audit: null,
  text: '',
  norm: () => ({}),
  memo: null,
});

function itemTri(ci: CompiledItem, known: Record<string, string>): Tri {
  const f = ci.item.field;
  if (f === null) return undefined;
  const v = known[f.toLowerCase()];
  if (v === undefined) return undefined;
  if (ci.item.matchers.some((m) => m.t === 'ref' || (m.t === 'anyOf' && m.xs.some((x) => x.t === 'ref'))))
    return undefined;
  return evalItem({ item: ci.item, get: () => [v], refs: ci.refs }, FAKE_VIEW(), () => []);
}

function and3(xs: Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === false) return false;
    if (x === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function or3(xs: Tri[]): Tri {
  let unknown = false;
  for (const x of xs) {
    if (x === true) return true;
    if (x === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

function condTri(c: Cond, d: CompiledDetection, known: Record<string, string>): Tri {
  switch (c.k) {
    case 'id': {
      const s = d.searches.get(c.name)!;
      if (s.k === 'all') return and3(s.items.map((i) => itemTri(i, known)));
      return or3(s.alts.map((a) => and3(a.map((i) => itemTri(i, known)))));
    }
    case 'not': {
      const x = condTri(c.x, d, known);
      return x === undefined ? undefined : !x;
    }
    case 'and':
      return and3(c.xs.map((x) => condTri(x, d, known)));
    case 'or':
      return or3(c.xs.map((x) => condTri(x, d, known)));
  }
}

/** False when the rule cannot match a record whose fields include `known`. */
export function mayMatch(d: CompiledDetection, known: Record<string, string> | null): boolean {
  if (!known) return true;
  return condTri(d.condition, d, known) !== false;
}
