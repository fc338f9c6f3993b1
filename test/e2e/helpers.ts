// Page helpers shared by the specs: themes, screenshots in both themes at both window sizes, the timeline's
// overprint check and the graph's probe (through probe.mjs, the one typed reader) with its legibility check.
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SHOTS } from './server';
import { clearProbe, onProbe, waitForProbe } from './probe.mjs';
import type { GraphProbe } from '../../renderer/src/lib/test-probe';

export type { GraphProbe };

export const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

export async function setTheme(p: Page, theme: 'light' | 'dark'): Promise<void> {
  await p.evaluate((t) => {
    localStorage.setItem('sessionscope.theme', t);
    document.documentElement.dataset.theme = t;
  }, theme);
}

export async function shot(p: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Screenshots of what is on screen in both themes at 1440×900 and 1280×720 (`<name>-<theme>-<w>x<h>.png`), then
 * back to 1440×900 light. `settle` waits for the view to have laid itself out again after a resize.
 */
export async function shots(p: Page, name: string, settle?: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await p.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(p, theme);
      if (settle) await settle();
      // Two frames: the theme's colours and the resized layout are painted.
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await shot(p, `${name}-${theme}-${size.width}x${size.height}`);
    }
  }
  await p.setViewportSize(SIZES[0]);
  await setTheme(p, 'light');
}

/** Overlapping pairs among the visible timeline labels, and among the marks of each lane, inside the item area. */
export async function timelineOverlaps(
  p: Page,
): Promise<{ labels: number; marks: number; labelPairs: string[]; markPairs: number }> {
  return p.evaluate(() => {
    const host = document.querySelector('[data-testid="timeline"] .vis-panel.vis-center')!.getBoundingClientRect();
    const inside = (r: DOMRect) =>
      r.width > 0 &&
      r.height > 0 &&
      r.right > host.left &&
      r.left < host.right &&
      r.bottom > host.top &&
      r.top < host.bottom;
    const hit = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const labels = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] .vis-item .ev-label')]
      .filter((e) => e.textContent !== '')
      .map((e) => ({ r: e.getBoundingClientRect(), t: e.textContent! }))
      .filter((x) => inside(x.r));
    const labelPairs: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (hit(labels[i].r, labels[j].r)) labelPairs.push(`${labels[i].t} / ${labels[j].t}`);
    const dots = [...document.querySelectorAll<HTMLElement>('[data-testid="timeline"] .vis-item.ev .vis-dot')]
      .map((e) => e.getBoundingClientRect())
      .filter(inside);
    let markPairs = 0;
    for (let i = 0; i < dots.length; i++)
      for (let j = i + 1; j < dots.length; j++) if (hit(dots[i], dots[j])) markPairs++;
    return { labels: labels.length, marks: dots.length, labelPairs, markPairs };
  });
}

/** Opens a timeline URL afresh and waits until its window has been drawn and the view is idle. */
export async function openTimeline(p: Page, hash: string): Promise<void> {
  await p.evaluate(() => {
    location.hash = '#/case';
  });
  await clearProbe(p, 'timelineDraw');
  await expect(p.getByTestId('timeline-view')).toHaveCount(0);
  await p.evaluate((h) => {
    location.hash = h;
  }, hash);
  await waitForProbe(p, 'timelineDraw');
  await p.waitForTimeout(600);
}

/** Runs `fn` against the page's graph probe (the function is sent as source: it must not close over anything). */
export function graphProbe<T>(p: Page, fn: (g: GraphProbe, arg: string) => T, arg = ''): Promise<Awaited<T>> {
  return onProbe(p, 'graph', fn, arg);
}

/** Waits until the graph has drawn at least `min` nodes. */
export async function graphDrawn(p: Page, min = 2): Promise<void> {
  await waitForProbe(p, 'graph', (g, m) => g.nodes() >= m, min);
  await p.waitForTimeout(300);
}

/** Labels ≥ 11 px at the current fit, every node labelled, no two labels overlapping. */
export async function graphLegible(p: Page): Promise<void> {
  expect(await graphProbe(p, (g) => g.labelPx())).toBeGreaterThanOrEqual(11);
  expect(await graphProbe(p, (g) => g.unlabelled())).toBe(0);
  expect(await graphProbe(p, (g) => g.overlappingLabels())).toBe(0);
}
