// The grouped grid's data: one header row per value of a column (events.groups: every match counted by the core,
// paged GROUP_PAGE headers at a time, so 100,000 distinct values cost one counting pass and then slices), and for
// each expanded group a GridData over the same paged row query with the group's exact value added as a filter.
// Display rows are the headers with each expanded group's rows after its header; `at` maps a display index to a
// header or a row without materialising the list (the expanded groups are few, the headers may be many).
import type { Transport } from '../../transport';
import type { EventJson, Params, Result } from '../../lib/contract';
import { GridData, type GridQuery } from './grid-data';

export const GROUP_PAGE = 500;
export type GroupColumn = Params<'events.groups'>['column'];
export type GroupHeader = Result<'events.groups'>['groups'][number];

export type DisplayRow =
  | { kind: 'group'; gi: number; header: GroupHeader | undefined; open: boolean }
  | { kind: 'row'; gi: number; ri: number; row: EventJson | undefined };

export class GroupedData {
  distinct: number | null = null;
  /** Events the filter matches (for flags the groups overlap and their counts sum to more). */
  events: number | null = null;
  error: unknown = null;
  private headers = new Map<number, GroupHeader>();
  private pages = new Map<number, Promise<void>>();
  /** Expanded groups by group index, ascending. */
  private open = new Map<number, GridData>();
  private dead = false;

  constructor(
    private readonly t: Transport,
    readonly column: GroupColumn,
    readonly q: GridQuery,
    private readonly onChange: () => void,
    /** Keys of groups to expand again once their header loads (after a reload: marks, imports). */
    private readonly reopen: ReadonlySet<string> = new Set(),
  ) {}

  dispose(): void {
    this.dead = true;
    for (const g of this.open.values()) g.dispose();
  }

  get disposed(): boolean {
    return this.dead;
  }

  /** Display rows: every header, and the rows of each expanded group. */
  get count(): number {
    let n = this.distinct ?? 0;
    for (const gi of this.open.keys()) n += this.headers.get(gi)?.count ?? 0;
    return n;
  }

  header(gi: number): GroupHeader | undefined {
    return this.headers.get(gi);
  }

  isOpen(gi: number): boolean {
    return this.open.has(gi);
  }

  /** Keys of the expanded groups (what a reload re-expands). */
  openKeys(): Set<string> {
    return new Set([...this.open.keys()].map((gi) => String(this.headers.get(gi)?.key)));
  }

  at(d: number): DisplayRow {
    let extra = 0;
    for (const [gi, rows] of this.open) {
      const hd = gi + extra;
      if (d <= hd) break;
      const c = this.headers.get(gi)?.count ?? 0;
      if (d <= hd + c) return { kind: 'row', gi, ri: d - hd - 1, row: rows.rows.get(d - hd - 1) };
      extra += c;
    }
    const gi = d - extra;
    return { kind: 'group', gi, header: this.headers.get(gi), open: this.open.has(gi) };
  }

  /** The display index of group `gi`'s header. */
  headerIndex(gi: number): number {
    let extra = 0;
    for (const [g] of this.open) if (g < gi) extra += this.headers.get(g)?.count ?? 0;
    return gi + extra;
  }

  /** The filter of one group's rows: the grid's filter and the group's exact value. */
  groupFilter(gi: number): GridQuery['filter'] | null {
    const h = this.headers.get(gi);
    return h ? { ...this.q.filter, group: { column: this.column, key: h.key } } : null;
  }

  /** Loads what display rows first..last need: header pages and the expanded groups' row pages. */
  ensure(first: number, last: number): void {
    const rowsWanted = new Map<number, [number, number]>();
    for (let d = first; d <= last; d++) {
      const r = this.at(d);
      if (r.kind === 'group') {
        if (!r.header && (this.distinct === null || r.gi < this.distinct))
          void this.page(Math.floor(r.gi / GROUP_PAGE));
      } else {
        const w = rowsWanted.get(r.gi);
        rowsWanted.set(r.gi, w ? [Math.min(w[0], r.ri), Math.max(w[1], r.ri)] : [r.ri, r.ri]);
      }
    }
    for (const [gi, [a, b]] of rowsWanted) this.open.get(gi)?.ensure(a, b);
  }

  page(p: number): Promise<void> {
    const existing = this.pages.get(p);
    if (existing) return existing;
    const job = this.loadPage(p).catch((e: unknown) => {
      this.pages.delete(p); // a later scroll may try again
      if (this.dead) return;
      this.error = e;
      this.onChange();
      throw e;
    });
    this.pages.set(p, job);
    return job;
  }

  private async loadPage(p: number): Promise<void> {
    const r = await this.t.call('events.groups', {
      filter: this.q.filter,
      column: this.column,
      offset: p * GROUP_PAGE,
      limit: GROUP_PAGE,
    });
    if (this.dead) return;
    this.distinct = r.distinct;
    this.events = r.events;
    r.groups.forEach((g, i) => this.headers.set(p * GROUP_PAGE + i, g));
    r.groups.forEach((g, i) => {
      if (this.reopen.has(String(g.key))) this.expand(p * GROUP_PAGE + i);
    });
    this.onChange();
  }

  toggle(gi: number): void {
    if (this.open.has(gi)) {
      this.open.get(gi)!.dispose();
      this.open.delete(gi);
      this.onChange();
    } else this.expand(gi);
  }

  collapseAll(): void {
    for (const g of this.open.values()) g.dispose();
    this.open = new Map();
    this.onChange();
  }

  get anyOpen(): boolean {
    return this.open.size > 0;
  }

  private expand(gi: number): void {
    const filter = this.groupFilter(gi);
    const h = this.headers.get(gi);
    if (!filter || !h || this.open.has(gi)) return;
    const rows = new GridData(this.t, { filter, order: this.q.order }, this.onChange);
    rows.total = h.count; // the header's count is the group's size: no second count
    // Keep the map in group order: `at` walks it ascending.
    const entries = [...this.open.entries(), [gi, rows] as const].sort((a, b) => a[0] - b[0]);
    this.open = new Map(entries);
    rows.ensure(0, 0);
    this.onChange();
  }

  /** The first load failure of an expanded group's rows, if any. */
  rowsError(): unknown {
    for (const g of this.open.values()) if (g.error !== null) return g.error;
    return null;
  }
}
