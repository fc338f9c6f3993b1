// The grid's columns: what each shows, the search field its filter and statistics use, and the analyst's layout
// (order, widths, hidden, frozen count) remembered per case in this browser (docs/architecture.md says why the
// layout lives here and colour rules live in the case).
import { useCallback, useEffect, useState } from 'react';
import type { ColumnSetting, EventJson, Params } from '../../lib/contract';
import { networkText } from '../../lib/format';

export type ColKey =
  | 'ts'
  | 'who'
  | 'action'
  | 'outcome'
  | 'flags'
  | 'tags'
  | 'resource'
  | 'src_ip'
  | 'net'
  | 'category'
  | 'format'
  | 'user_agent'
  | 'session';

type FacetColumn = Params<'events.facets'>['column'];

export interface ColumnDef {
  key: ColKey;
  title: string;
  width: number;
  /** The search field a column filter of this column is a query over (core/model/search/fields.ts). */
  field: string | null;
  /** The column events.facets counts for statistics and group-by (null: none). */
  facet: FacetColumn | null;
  /** Shown until the analyst hides it. */
  shown: boolean;
}

// Order and widths chosen so Time … Source IP fit at 1440 px beside the navigation rail (the grid is 1,318 px wide
// there, its scroll bar taken): the analyst-job e2e spec checks it.
export const COLUMNS: readonly ColumnDef[] = [
  { key: 'ts', title: 'Time', width: 184, field: null, facet: null, shown: true },
  { key: 'who', title: 'Identity / principal', width: 206, field: 'identity', facet: 'identity', shown: true },
  { key: 'action', title: 'Action', width: 196, field: 'action', facet: 'action', shown: true },
  { key: 'outcome', title: 'Outcome', width: 104, field: 'outcome', facet: 'outcome', shown: true },
  { key: 'flags', title: 'Flags', width: 130, field: 'flag', facet: 'flags', shown: true },
  { key: 'tags', title: 'Tags', width: 140, field: 'tag', facet: null, shown: true },
  { key: 'resource', title: 'Resource', width: 232, field: 'resource', facet: 'resource', shown: true },
  { key: 'src_ip', title: 'Source IP', width: 124, field: 'src_ip', facet: 'src_ip', shown: true },
  // What IP intelligence says of the source address; its filter is over the AS organisation (asn:, cloud:, tor:,
  // country: in the search box).
  { key: 'net', title: 'Network', width: 170, field: 'org', facet: null, shown: true },
  { key: 'category', title: 'Category', width: 108, field: 'category', facet: 'category', shown: true },
  { key: 'format', title: 'Format', width: 110, field: 'format', facet: 'format', shown: true },
  { key: 'user_agent', title: 'User agent', width: 200, field: 'user_agent', facet: 'user_agent', shown: false },
  { key: 'session', title: 'Session key', width: 160, field: 'session_key', facet: 'session_key', shown: false },
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

export function defaultLayout(): ColumnSetting[] {
  return COLUMNS.map((c) => ({ key: c.key, width: c.width, hidden: !c.shown }));
}

/** A stored layout made whole: unknown keys dropped, columns added since appended (hidden unless shown). */
export function normalizeLayout(saved: readonly ColumnSetting[] | null | undefined): ColumnSetting[] {
  if (!saved || saved.length === 0) return defaultLayout();
  const seen = new Set<string>();
  const out: ColumnSetting[] = [];
  for (const s of saved) {
    const def = COLUMN_BY_KEY.get(s.key as ColKey);
    if (!def || seen.has(s.key)) continue;
    seen.add(s.key);
    out.push({ key: s.key, width: Math.max(50, Math.min(1200, Math.round(s.width) || def.width)), hidden: !!s.hidden });
  }
  for (const c of COLUMNS) if (!seen.has(c.key)) out.push({ key: c.key, width: c.width, hidden: !c.shown });
  return out;
}

export function cellText(r: EventJson, k: ColKey): string {
  switch (k) {
    case 'who':
      return r.identity ?? r.principal ?? '';
    case 'action':
      return r.action;
    case 'category':
      return r.category;
    case 'resource':
      return r.resource ?? '';
    case 'outcome':
      return r.outcome;
    case 'src_ip':
      return r.src_ip ?? '';
    case 'net':
      return networkText(r);
    case 'format':
      return r.format;
    case 'flags':
      return r.flags.join(',');
    case 'user_agent':
      return r.user_agent ?? '';
    case 'session':
      return r.session_key ?? '';
    case 'tags':
      return '';
    default:
      return r.ts;
  }
}

export interface Layout {
  columns: ColumnSetting[];
  /** How many leading visible columns stay put when the grid scrolls sideways. */
  frozen: number;
}

const storageKey = (caseKey: string) => `sessionscope.grid.${caseKey}`;

function load(caseKey: string): Layout {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(caseKey)) ?? 'null') as Partial<Layout> | null;
    if (raw && Array.isArray(raw.columns))
      return { columns: normalizeLayout(raw.columns), frozen: Math.max(0, Math.min(4, Number(raw.frozen) || 0)) };
  } catch {
    /* a broken entry: the defaults */
  }
  return { columns: defaultLayout(), frozen: 1 };
}

/** The column layout of one case, kept in this browser's storage under the case's key. */
export function useLayout(caseKey: string): [Layout, (next: Layout | ((l: Layout) => Layout)) => void] {
  const [layout, setLayoutState] = useState<Layout>(() => load(caseKey));
  useEffect(() => setLayoutState(load(caseKey)), [caseKey]);
  const setLayout = useCallback(
    (next: Layout | ((l: Layout) => Layout)) =>
      setLayoutState((cur) => {
        const v = typeof next === 'function' ? next(cur) : next;
        try {
          localStorage.setItem(storageKey(caseKey), JSON.stringify(v));
        } catch {
          /* storage full or disabled: the layout lasts this session */
        }
        return v;
      }),
    [caseKey],
  );
  return [layout, setLayout];
}
