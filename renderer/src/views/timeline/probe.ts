// The bench and test probe (`window.__ssTimeline`, `window.__ssTimelineLast`): set a window and resolve when it has
// been redrawn, with what the redraw cost. bench/ui.mjs and the e2e tests read it; the view works without it.
import type { ApplyStats, DrawStats, TimelineAdapter } from './vis-adapter';

export interface DrawDetail extends ApplyStats {
  mode: string;
  total: number;
  fetchMs: number;
  applyMs: number;
  serverMs: number;
}

export class DrawProbe {
  private waiters: ((v: DrawStats) => void)[] = [];
  private callAt: number | null = null;

  install(a: TimelineAdapter): void {
    const probe = {
      setWindow: (s: number, e: number) =>
        new Promise((resolve) => {
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
      zoom: (factor: number) =>
        new Promise((resolve) => {
          this.waiters.push(resolve);
          this.callAt = performance.now();
          a.zoom(factor);
        }),
      window: () => a.window(),
    };
    (window as unknown as { __ssTimeline?: unknown }).__ssTimeline = probe;
  }

  /** Call after a window was applied: measures at the next frame (after vis-timeline's batched redraw). */
  drawn(a: TimelineAdapter, t0: number, tApplied: number, items: number, detail: DrawDetail): void {
    requestAnimationFrame(() => {
      const now = performance.now();
      const ms = now - t0;
      const s: DrawStats = {
        ms: this.callAt !== null ? now - this.callAt : ms,
        requestMs: ms,
        items,
        dom: a.domItems(),
      };
      this.callAt = null;
      (window as unknown as { __ssTimelineLast?: unknown }).__ssTimelineLast = {
        ...s,
        ...detail,
        paintMs: Math.round(now - tApplied),
      };
      for (const w of this.waiters.splice(0)) w(s);
    });
  }
}
