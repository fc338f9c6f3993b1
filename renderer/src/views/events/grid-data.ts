// The grid's data source: a sparse row cache over keyset pages of events.list. A page is found from the page
// before it, or — for filters the timeline index understands — by seeking straight to its position
// (timeline.seek), so the scrollbar can jump anywhere in millions of rows.
import type { Transport } from '../../transport';
import type { EventJson, Params } from '../../lib/contract';
import type { EventFilter } from './filter';

export type { EventFilter };
export const PAGE = 200;
type TimelineFilter = NonNullable<Params<'timeline.seek'>['filter']>;

export interface GridQuery {
  filter: EventFilter;
  order: 'asc' | 'desc';
}

/** The filter fields the timeline index can seek with (timeline.seek: a time range and a timeline filter). */
const SEEK_KEYS = new Set<keyof EventFilter>(['from', 'to', 'identity', 'session', 'categories', 'outcomes', 'flags']);

export function isSeekable(filter: EventFilter): boolean {
  return (Object.keys(filter) as (keyof EventFilter)[]).every((k) => SEEK_KEYS.has(k));
}

/** The timeline filter of a seekable event filter, or undefined when it has none. */
function seekFilter(f: EventFilter): TimelineFilter | undefined {
  const t: TimelineFilter = {
    identity: f.identity,
    session: f.session,
    categories: f.categories,
    outcomes: f.outcomes,
    flags: f.flags,
  };
  return Object.values(t).some((v) => v !== undefined) ? t : undefined;
}

export class GridData {
  rows = new Map<number, EventJson>();
  total: number | null = null;
  exhaustedAt: number | null = null;
  private loading = new Map<number, Promise<void>>();
  private dead = false;

  constructor(
    private readonly t: Transport,
    readonly q: GridQuery,
    private readonly onChange: () => void,
  ) {}

  dispose(): void {
    this.dead = true;
  }

  get disposed(): boolean {
    return this.dead;
  }

  async count(): Promise<void> {
    const r = await this.t.call('events.count', { filter: this.q.filter });
    if (this.dead) return;
    this.total = r.count;
    this.onChange();
  }

  get knownCount(): number {
    if (this.total !== null) return this.total;
    if (this.exhaustedAt !== null) return this.exhaustedAt;
    let max = -1;
    for (const k of this.rows.keys()) if (k > max) max = k;
    return max + 1 + PAGE;
  }

  /** The last failure of a page loaded for scrolling (the view shows it; the first page's is its own). */
  error: unknown = null;

  ensure(first: number, last: number): void {
    const p0 = Math.floor(first / PAGE);
    const p1 = Math.floor(last / PAGE);
    for (let p = p0; p <= p1; p++)
      this.page(p).catch((e: unknown) => {
        if (this.dead) return;
        this.error = e;
        this.onChange();
      });
  }

  page(p: number, depth = 0): Promise<void> {
    if (this.rows.has(p * PAGE) || (this.exhaustedAt !== null && p * PAGE >= this.exhaustedAt))
      return Promise.resolve();
    const existing = this.loading.get(p);
    if (existing) return existing;
    const job = this.loadPage(p, depth).finally(() => this.loading.delete(p));
    this.loading.set(p, job);
    return job;
  }

  private async cursorFor(p: number, depth: number): Promise<number | undefined | 'unreachable'> {
    if (p === 0) return undefined;
    const prev = this.rows.get(p * PAGE - 1);
    if (prev) return prev.id;
    if (isSeekable(this.q.filter)) {
      const { from, to } = this.q.filter;
      const filter = seekFilter(this.q.filter);
      const r = await this.t.call('timeline.seek', {
        position: p * PAGE,
        order: this.q.order,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(filter ? { filter } : {}),
      });
      return r.after ?? undefined;
    }
    // Full-text and field filters: walk forward page by page (bounded), the keyset way.
    if (depth > 25) return 'unreachable';
    await this.page(p - 1, depth + 1);
    const again = this.rows.get(p * PAGE - 1);
    return again ? again.id : 'unreachable';
  }

  private async loadPage(p: number, depth: number): Promise<void> {
    const after = await this.cursorFor(p, depth);
    if (this.dead || after === 'unreachable') return;
    const rows = await this.t.call('events.list', {
      filter: this.q.filter,
      order: this.q.order,
      limit: PAGE,
      ...(after !== undefined ? { after } : {}),
    });
    if (this.dead) return;
    rows.forEach((r, i) => this.rows.set(p * PAGE + i, r));
    if (rows.length < PAGE) this.exhaustedAt = p * PAGE + rows.length;
    this.onChange();
  }

  /** Loads every row (for client-side sorting of small results). */
  async all(limit: number): Promise<EventJson[]> {
    const rows = await this.t.call('events.list', { filter: this.q.filter, order: this.q.order, limit });
    return rows;
  }
}
