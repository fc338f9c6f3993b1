// The narrative's live blocks, re-run against the case now: an event list (a filter), a session's timeline,
// the scope graph of an identity since a time. What they show is what the case holds at report time.
import { queryEvents, type EventFilter } from '../../query/events.js';
import { SearchError } from '../../model/search/errors.js';
import { parseIsoMicros } from '../../model/time.js';
import type { NarrativeBlock } from '../../model/annotation.js';
import type { BlockModel } from '../model.js';
import { timelineSvg, timelineLegend } from '../svg/timeline.js';
import { graphSvg } from '../svg/graph.js';
import { graphFromEvents } from './graph-data.js';
import { eventModels } from './events.js';
import { getView } from '../../annotate/saved-views.js';
import type { CollectContext } from './context.js';

const LIST_MAX = 2000;
const GRAPH_EVENTS = 20_000;

function filterOf(p: Record<string, unknown>): EventFilter {
  const f = (p.filter ?? p) as Record<string, unknown>;
  const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  const t = (k: string) => {
    const v = s(k);
    return v === undefined ? undefined : (parseIsoMicros(v) ?? undefined);
  };
  const list = (k: string) => (Array.isArray(f[k]) ? (f[k] as string[]) : undefined);
  return {
    identity: s('identity'),
    session: s('session'),
    search: s('search'),
    columns:
      f.columns && typeof f.columns === 'object' && !Array.isArray(f.columns)
        ? (Object.fromEntries(
            Object.entries(f.columns as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
          ) as Record<string, string>)
        : undefined,
    from: t('from'),
    to: t('to'),
    principal: s('principal'),
    action: s('action'),
    resource: s('resource'),
    src_ip: s('src_ip'),
    categories: list('categories'),
    outcomes: list('outcomes'),
    formats: list('formats'),
    flags: list('flags'),
    ids: Array.isArray(f.ids) ? (f.ids as number[]) : undefined,
  };
}

function describe(f: EventFilter, c: CollectContext): string {
  const parts: string[] = [];
  if (f.identity) parts.push(`identity ${f.identity}`);
  if (f.session) parts.push(`session ${f.session}`);
  if (f.search) parts.push(`matching “${f.search}”`);
  for (const [field, text] of Object.entries(f.columns ?? {})) if (text.trim()) parts.push(`${field} column “${text}”`);
  if (f.action) parts.push(`action ${f.action}`);
  if (f.resource) parts.push(`resource ${f.resource}`);
  if (f.categories) parts.push(`category ${f.categories.join('/')}`);
  if (f.outcomes) parts.push(`outcome ${f.outcomes.join('/')}`);
  if (f.from !== undefined) parts.push(`from ${c.clock.full(f.from)}`);
  if (f.to !== undefined) parts.push(`until ${c.clock.full(f.to)}`);
  if (f.ids) parts.push(`${f.ids.length} chosen events`);
  return parts.length ? `Events ${parts.join(', ')}` : 'All events';
}

/** The saved view an events block shows (params.view), read now: a live block follows the view's edits. */
function savedViewOf(
  c: CollectContext,
  p: Record<string, unknown>,
): { name: string; label: string; filter: Record<string, unknown> } | null {
  if (typeof p.view !== 'number') return null;
  try {
    const v = getView(c.handle.db, p.view, true);
    return { name: v.name, label: `Saved view “${v.name}”${v.deleted ? ' (deleted since)' : ''}`, filter: v.filter };
  } catch {
    return { name: `Saved view ${p.view}`, label: `Saved view ${p.view} (no longer in the case)`, filter: { ids: [] } };
  }
}

export function liveBlock(c: CollectContext, b: NarrativeBlock): BlockModel | null {
  const anchor = `block-${b.id}`;
  const limit = Math.min(Number(b.params.limit ?? 200) || 200, LIST_MAX);
  switch (b.kind) {
    case 'text':
      return { kind: 'text', anchor, title: b.title, markdown: b.body };
    case 'events': {
      const view = savedViewOf(c, b.params);
      const f = filterOf(view ? view.filter : b.params);
      const query = (d: string) => (view ? `${view.label}: ${d}` : d);
      const title = b.title || (view ? view.name : 'Events');
      let ids: number[];
      try {
        ids = queryEvents(c.handle.db, f, { limit: limit + 1 }).map((e) => e.id);
      } catch (e) {
        // A block saved before the search grammar refused its query: print why instead of failing the report.
        if (!(e instanceof SearchError)) throw e;
        return {
          kind: 'events',
          anchor,
          title,
          caption: b.body,
          query: `${query(describe(f, c))} — not run: ${e.message}`,
          events: [],
          truncated: false,
        };
      }
      return {
        kind: 'events',
        anchor,
        title,
        caption: b.body,
        query: query(describe(f, c)),
        events: eventModels(c, ids.slice(0, limit)),
        truncated: ids.length > limit,
      };
    }
    case 'session_timeline': {
      const session = String(b.params.session ?? '');
      const ids = queryEvents(c.handle.db, { session }, { limit: LIST_MAX + 1 }).map((e) => e.id);
      const events = eventModels(c, ids.slice(0, LIST_MAX));
      if (events.length === 0)
        return {
          kind: 'session_timeline',
          anchor,
          title: b.title || `Session ${session}`,
          caption: b.body,
          svg: '',
          events: [],
          truncated: false,
        };
      const lanes = [...new Set(events.map((e) => e.identity))].slice(0, 10);
      const svg =
        timelineSvg({
          lanes,
          title: `Session ${session}`,
          from: events[0].ts,
          to: events[events.length - 1].ts,
          clock: c.clock,
          context: [],
          manual: [],
          marks: events.map((e) => ({
            ts: e.ts,
            lane: Math.max(0, lanes.indexOf(e.identity)),
            category: e.category,
            failed: e.outcome === 'failure',
            label: events.length <= 40 ? String(e.n) : null,
          })),
        }) +
        timelineLegend(
          [...new Set(events.map((e) => e.category))],
          events.some((e) => e.outcome === 'failure'),
          false,
          false,
        );
      return {
        kind: 'session_timeline',
        anchor,
        title: b.title || `Session ${session}`,
        caption: b.body,
        svg,
        events: events.slice(0, limit),
        truncated: ids.length > limit,
      };
    }
    case 'scope_graph': {
      const identity = typeof b.params.identity === 'string' ? b.params.identity : undefined;
      const since = typeof b.params.since === 'string' ? (parseIsoMicros(b.params.since) ?? undefined) : undefined;
      const events = identity ? queryEvents(c.handle.db, { identity, from: since }, { limit: GRAPH_EVENTS }) : [];
      const g = graphFromEvents(
        events.map((e) => ({
          id: e.id,
          identity: e.identity ?? e.principal ?? '(unknown)',
          resource: e.resource,
          action: e.action,
          category: e.category,
          outcome: e.outcome,
          ts: c.clock.us(e.ts),
        })),
        [],
        c.clock,
      );
      const title =
        b.title || `What ${identity ?? '?'} touched${since !== undefined ? ` since ${c.clock.full(since)}` : ''}`;
      return {
        kind: 'scope_graph',
        anchor,
        title,
        caption:
          b.body ||
          `${events.length.toLocaleString('en-US')} events${events.length === GRAPH_EVENTS ? ' (the first 20,000)' : ''}.`,
        svg: graphSvg(g.nodes, g.edges, title, `b${b.id}`),
      };
    }
    case 'case_timeline':
      return { kind: 'case_timeline', anchor, title: b.title || 'Case timeline' };
    case 'finding':
      return null;
  }
}
