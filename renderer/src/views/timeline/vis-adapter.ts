// vis-timeline behind one small interface, apart from React state: the timeline is made once, fed lanes and items
// by difference, and reports window changes, selections and hovers. Everything that relies on vis-timeline 8.5
// internals (held redraws, the first-draw quirk, the axis zone) is here and nowhere else; the version is pinned.
import { Timeline, type TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.css';
import { DataSet } from 'vis-data/peer';
import { offsetMinutes, resolveZone } from '../../lib/time';

export interface TLItem {
  id: string;
  group: string;
  start: Date;
  end?: Date;
  type: 'point' | 'range' | 'background' | 'box';
  content: HTMLElement | string;
  className: string;
  subgroup?: string;
  /** Inline CSS: only custom properties with checked colours (window-items.ts). */
  style?: string;
  /** What makes this item look the way it does: an unchanged signature is not redrawn. */
  sig: string;
}
export interface TLGroup {
  id: string;
  content: HTMLElement;
  order: number;
  className?: string;
}

export interface AdapterEvents {
  /** The window moved (during a gesture too). */
  range(start: number, end: number): void;
  /** A gesture ended, or a programmatic move landed. */
  settled(start: number, end: number): void;
  select(ids: string[]): void;
  /** A click on an item (after select), or on empty lane space (item null). */
  click(item: string | null, ms: number): void;
  hover(item: string | null, ev: MouseEvent | null): void;
  doubleClick(item: string | null): void;
}

export interface ApplyStats {
  added: number;
  updated: number;
  removed: number;
}

const AWAY = 1000 * 86400_000 * 365 * 50;

export class TimelineAdapter {
  private tl: Timeline;
  private items = new DataSet<TLItem>();
  private groups = new DataSet<TLGroup>();
  private sigs = new Map<string, string>();
  private groupSeen = new Map<string, { order: number; content: HTMLElement }>();
  private baseMoment: ((d: unknown) => { utcOffset(m: number): unknown; valueOf(): number }) | null = null;

  constructor(
    private host: HTMLElement,
    window: { start: number; end: number; min: number; max: number },
    events: AdapterEvents,
  ) {
    const options: TimelineOptions = {
      stack: false,
      start: new Date(window.start),
      end: new Date(window.end),
      min: new Date(window.min),
      max: new Date(window.max),
      zoomMin: 1000,
      zoomMax: 1000 * 86400_000 * 365 * 5,
      orientation: { axis: 'top', item: 'top' },
      showCurrentTime: false,
      selectable: true,
      multiselect: true,
      groupOrder: 'order',
      verticalScroll: true,
      horizontalScroll: false,
      zoomKey: '',
      height: '100%',
      margin: { item: { horizontal: 0, vertical: 4 }, axis: 4 },
      showTooltips: false,
      groupHeightMode: 'fixed',
    } as TimelineOptions;
    this.tl = new Timeline(host, this.items as never, this.groups as never, options);
    const tl = this.tl;
    // 'rangechange' fires at once (and during drags); 'rangechanged' at the end of a gesture.
    tl.on('rangechange', (p: { start: Date; end: Date }) => events.range(p.start.getTime(), p.end.getTime()));
    tl.on('rangechanged', (p: { start: Date; end: Date }) => {
      events.range(p.start.getTime(), p.end.getTime());
      events.settled(p.start.getTime(), p.end.getTime());
      // vis-timeline shows its root only on a redraw after its first 'rangechanged'; data may have landed before
      // that, so make sure one more redraw follows.
      if (!(tl as unknown as { initialDrawDone?: boolean }).initialDrawDone)
        requestAnimationFrame(() => {
          if (this.tl === tl) tl.redraw();
        });
    });
    tl.on('select', (p: { items: (string | number)[] }) => events.select(p.items.map(String)));
    tl.on('click', (p: { item: string | number | null; time: Date }) =>
      events.click(p.item === null || p.item === undefined ? null : String(p.item), p.time.getTime()),
    );
    tl.on('doubleClick', (p: { item: string | number | null }) =>
      events.doubleClick(p.item === null || p.item === undefined ? null : String(p.item)),
    );
    tl.on('itemover', (p: { item: string | number; event: MouseEvent }) => events.hover(String(p.item), p.event));
    tl.on('itemout', () => events.hover(null, null));
  }

  window(): { start: number; end: number } {
    const w = this.tl.getWindow();
    return { start: w.start.getTime(), end: w.end.getTime() };
  }
  setWindow(start: number, end: number): void {
    this.tl.setWindow(start, end, { animation: false });
  }
  zoom(factor: number): void {
    if (factor > 1) this.tl.zoomOut(factor - 1, { animation: false });
    else this.tl.zoomIn(1 - factor, { animation: false });
  }
  setSelection(ids: string[]): void {
    this.tl.setSelection(ids.filter((id) => this.items.get(id) !== null));
  }
  item(id: string): TLItem | null {
    return this.items.get(id) as TLItem | null;
  }
  allItems(): TLItem[] {
    return this.items.get() as TLItem[];
  }
  /** Re-reads the host's size now (vis-timeline notices a resize only on its own timer). */
  redraw(): void {
    this.tl.redraw();
  }
  /** Width of the item area, px. */
  centreWidth(): number {
    // From the host, not vis-timeline's centre panel: that one takes a new width only on vis-timeline's own timer.
    const left = (this.host.querySelector('.vis-panel.vis-left') as HTMLElement | null)?.offsetWidth ?? 0;
    return Math.max(100, this.host.clientWidth - left - 2);
  }
  domItems(): number {
    return this.host.querySelectorAll('.vis-item:not(.vis-dot)').length;
  }

  /**
   * Axis labels in the display zone, with the offset in force at each label's own instant (DST-correct across a
   * change inside the window). UTC stays canonical everywhere else.
   */
  setZone(tz: string): void {
    const tl = this.tl as unknown as {
      setOptions(o: unknown): void;
      options?: { moment?: (d: unknown) => { utcOffset(m: number): unknown; valueOf(): number } };
    };
    if (!tl.options?.moment) return;
    this.baseMoment ??= tl.options.moment;
    const base = this.baseMoment;
    const zone = resolveZone(tz);
    tl.setOptions({
      moment:
        zone === 'UTC'
          ? (d: unknown) => base(d).utcOffset(0)
          : (d: unknown) => {
              const m = base(d);
              return m.utcOffset(offsetMinutes(zone, m.valueOf()));
            },
    });
  }

  /**
   * Lanes and items, by difference. Items that merely left the window [lo, hi] stay (vis-timeline skips what is out
   * of range; removing them costs a redraw) until the set grows large, unless they lie within `reachMs` before it;
   * the rest is added, updated or removed.
   */
  apply(wantGroups: TLGroup[], next: TLItem[], lo: number, hi: number, reachMs = 0): ApplyStats {
    const items = this.items;
    const groups = this.groups;
    const wantG = new Set(wantGroups.map((g) => g.id));
    const dropG = groups.getIds().filter((id) => !wantG.has(id as string));
    const prev = this.groupSeen;
    const changedG = wantGroups.filter((g) => {
      const p = prev.get(g.id);
      return !p || p.order !== g.order || p.content !== g.content;
    });
    this.groupSeen = new Map(wantGroups.map((g) => [g.id, { order: g.order, content: g.content }]));

    const sigs = new Map(next.map((x) => [x.id, x.sig]));
    const prevSigs = this.sigs;
    const inWindow = (id: string) => {
      const it = items.get(id) as TLItem | null;
      if (!it) return false;
      const a = it.start.getTime();
      const b = it.end ? it.end.getTime() : a;
      // Items up to a label's reach before the window go too: their labels, laid out for an earlier window,
      // would run into this one.
      return b >= lo - reachMs && a <= hi;
    };
    const prune = prevSigs.size + next.length > 2500;
    const drop: string[] = [];
    const kept = new Map<string, string>();
    for (const [id, sig] of prevSigs) {
      if (sigs.has(id)) continue;
      // Events and annotations that only left the window stay; aggregate marks (groups, density, clusters) and
      // anything in the window that is no longer wanted go.
      if (!prune && /^[eam]\d/.test(id) && !inWindow(id)) {
        kept.set(id, sig);
        continue;
      }
      drop.push(id);
    }
    const add = next.filter((x) => !prevSigs.has(x.id));
    const update = next.filter((x) => prevSigs.has(x.id) && prevSigs.get(x.id) !== x.sig);
    this.sigs = new Map([...kept, ...sigs]);
    // Every DataSet change makes vis-timeline redraw at once (with a forced layout or two); hold its item-set redraw
    // during this batch: the redraw it also queues for the next frame draws the whole batch once. Not on a fresh
    // timeline: its first draw must run as vis-timeline expects, or its root stays hidden.
    const itemSet = (this.tl as unknown as { itemSet?: { redraw: (...a: unknown[]) => unknown } }).itemSet;
    const realRedraw = prevSigs.size > 0 ? itemSet?.redraw : undefined;
    if (itemSet && realRedraw) itemSet.redraw = () => false;
    try {
      if (drop.length) items.remove(drop);
      if (changedG.length) groups.update(changedG);
      if (dropG.length) groups.remove(dropG);
      if (update.length) items.update(update);
      if (add.length > 4) {
        // New items: add far outside the visible range first, then move into place. vis-timeline draws an item
        // added inside the window at once, measuring it (a forced layout each); items that become visible through an
        // update are drawn in one batched pass (measured: ~700 ms → under 100 ms for 1,500 items; and at 250k events
        // a pan adds ~40 items, so the batch pays from a handful on).
        items.add(
          add.map((x) => ({
            ...x,
            start: new Date(x.start.getTime() + AWAY),
            ...(x.end ? { end: new Date(x.end.getTime() + AWAY) } : {}),
          })),
        );
        items.update(add.map((x) => ({ id: x.id, start: x.start, ...(x.end ? { end: x.end } : {}) })) as TLItem[]);
      } else if (add.length > 0) {
        items.add(add);
      }
    } finally {
      if (itemSet && realRedraw) itemSet.redraw = realRedraw;
    }
    return { added: add.length, updated: update.length, removed: drop.length };
  }

  destroy(): void {
    this.tl.destroy();
    this.items.clear();
    this.groups.clear();
    this.sigs = new Map();
    this.groupSeen = new Map();
  }
}
