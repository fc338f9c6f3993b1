// The timeline's test probe (lib/test-probe.ts: `timeline` drives it, `timelineDraw` is the last redraw's cost):
// set a window and resolve when it has been redrawn, with what the redraw cost. The view works without it, and
// measures nothing when no test or bench reads probes.
import { probing, publishProbe, type TimelineDraw, type TimelineRedraw } from '../../lib/test-probe';
import type { ApplyStats, TimelineAdapter } from './vis-adapter';

export interface DrawDetail extends ApplyStats {
  mode: string;
  total: number;
  fetchMs: number;
  applyMs: number;
  serverMs: number;
  /** The item-area width the labels were laid out for. */
  widthPx: number;
  /** Draws so far laid out again because the item area's width changed under them. */
  relayouts: number;
}

export class DrawProbe {
  private waiters: ((v: TimelineDraw) => void)[] = [];
  private callAt: number | null = null;

  install(a: TimelineAdapter): void {
    publishProbe('timeline', {
      setWindow: (s, e) =>
        new Promise<TimelineRedraw>((resolve) => {
          const w = a.window();
          if (Math.abs(w.start - s) < 1 && Math.abs(w.end - e) < 1) {
            resolve({ ms: 0, items: a.allItems().length, dom: 0, unchanged: true });
            return;
          }
          this.waiters.push(resolve);
          this.callAt = performance.now();
          a.setWindow(s, e);
          setTimeout(() => resolve({ ms: NaN, timeout: true }), 15_000);
        }),
      zoom: (factor) =>
        new Promise<TimelineDraw>((resolve) => {
          this.waiters.push(resolve);
          this.callAt = performance.now();
          a.zoom(factor);
        }),
      window: () => a.window(),
    });
  }

  /** Call after a window was applied: measures at the next frame (after vis-timeline's batched redraw). */
  drawn(a: TimelineAdapter, t0: number, tApplied: number, items: number, detail: DrawDetail): void {
    if (!probing()) return; // only the probe's reader waits for, or reads, a measure
    requestAnimationFrame(() => {
      const now = performance.now();
      const ms = now - t0;
      const s: TimelineDraw = {
        ms: this.callAt !== null ? now - this.callAt : ms,
        requestMs: ms,
        items,
        dom: a.domItems(),
      };
      this.callAt = null;
      publishProbe('timelineDraw', { ...s, ...detail, paintMs: Math.round(now - tApplied) });
      for (const w of this.waiters.splice(0)) w(s);
    });
  }
}
