// What the analyst found on the last pass over the workbench, on the bundled sample in browser mode: the hop pane's
// columns all in view and its count said by the path's rule; the graph keeps its width when an event opens beside
// a hop (1280×720 and 1440×900); the event pane closes when the view changes (and comes back with Back), but stays
// for a pivot from the event itself; the filter chips stay on one line with "+N"; the overview opens on its centre
// of activity. Screenshots: test-results/screens/layout-*.png.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { type Served } from './server';
import { sampleFacts, type SampleFacts } from './sample-facts';
import { cli, graphDrawn, graphLegible, graphProbe, sampleCase, shots, SIZES, type OpenCase } from './helpers';
import type { PathResult } from '../../renderer/src/lib/contract';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let s: Served;
let page: Page;
let casePath: string;
let facts: SampleFacts;
let pageErrors: string[];

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  facts = sampleFacts();
  c = await sampleCase(browser, { probes: true });
  ({ s, page, casePath, errors: pageErrors } = c);
});

test.afterAll(() => c?.close());

/** Opens the path view from the bot to backup-svc. */
async function openPath(): Promise<void> {
  await page.goto(
    `${s.origin}/#/graph?mode=path&from=${encodeURIComponent(facts.bot)}&to=${encodeURIComponent(`user/${facts.mintedFor}`)}`,
  );
  await expect(page.getByTestId('path-item').first()).toBeVisible();
  await graphDrawn(page, 3);
}

test("a hop's pane: every column in view, its count by the path's rule, the usable events first", async () => {
  const want = JSON.parse(
    cli('path', casePath, '--from', facts.bot, '--to', `user/${facts.mintedFor}`, '--json'),
  ) as PathResult;
  const hops = want.paths[0].hops;
  // The sample's federation hop: used twice after the chain reached acme/payments, of eleven runs that week.
  const k = hops.findIndex((h) => h.reachable !== null && h.events < h.edge_events);
  expect(k).toBeGreaterThan(0);
  const h = hops[k];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openPath();
    await page.getByTestId('path-hop').nth(k).click();
    const pane = page.getByTestId('edge-panel');
    await expect(pane.getByTestId('edge-summary')).toContainText(`${h.events} of ${h.edge_events} events at or after`);
    await expect(pane.getByTestId('edge-summary')).toContainText('(when this hop became reachable)');
    const rows = pane.getByTestId('edge-event-row');
    await expect(rows).toHaveCount(h.edge_events);
    // The usable ones first (the hop's own among them), then the divider, then the earlier ones, marked.
    await expect(rows.nth(0)).toHaveClass(/selected/);
    await expect(pane.getByTestId('edge-earlier')).toContainText(`${h.edge_events - h.events} earlier events — before`);
    expect(await pane.locator('tr.earlier').count()).toBe(h.edge_events - h.events);
    const order = await pane
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs
          .map((tr) => (tr.classList.contains('earlier') ? 'e' : tr.dataset.testid === 'edge-earlier' ? '|' : 'u'))
          .join(''),
      );
    expect(order).toBe('u'.repeat(h.events) + '|' + 'e'.repeat(h.edge_events - h.events));
    // The path list's hop says the same in its tooltip.
    await expect(page.getByTestId('path-hop').nth(k)).toHaveAttribute(
      'title',
      new RegExp(`— ${h.events} of ${h.edge_events} events at or after .*, when this hop became reachable —`),
    );
    // Every cell inside the pane: nothing cut off at its right edge, no text overflowing its cell.
    const clipped = await pane.evaluate((el) => {
      const right = el.getBoundingClientRect().right;
      return [...el.querySelectorAll('[data-testid="edge-events"] th, [data-testid="edge-events"] td')]
        .filter(
          (c) =>
            c.getBoundingClientRect().right > right + 0.5 ||
            (c.querySelector('.outcome')?.getBoundingClientRect().right ?? 0) > c.getBoundingClientRect().right + 0.5,
        )
        .map((c) => c.textContent);
    });
    expect(clipped, `${size.width}×${size.height}`).toEqual([]);
  }
  await page.setViewportSize(SIZES[0]);
  await shots(page, 'layout-hop', () => graphDrawn(page, 3));
});

test('an event opened from a hop lies over the hop pane: the graph keeps its width', async () => {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openPath();
    await page.getByTestId('path-hop').last().click();
    await page.locator('[data-testid="edge-event-row"].selected').click();
    await expect(page.getByTestId('raw-record')).toBeVisible();
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="graph-canvas"]')!.getBoundingClientRect();
      const p = document.querySelector('aside.pane')!.getBoundingClientRect();
      return { left: c.left, right: c.right, paneLeft: p.left, w: window.innerWidth };
    });
    const at = `${size.width}×${size.height}`;
    // At least 55 % of the window, and none of it under the event pane.
    expect(r.right - r.left, at).toBeGreaterThanOrEqual(0.55 * r.w);
    expect(r.right, at).toBeLessThanOrEqual(r.paneLeft + 1);
    await graphLegible(page);
    await shots(page, 'layout-hop-event', () => graphDrawn(page, 3));
    // Closing the event shows the hop's pane again, as it was.
    await page.getByTestId('close-pane').click();
    await expect(page.getByTestId('edge-panel')).toBeVisible();
    await expect(page.getByTestId('edge-panel')).toContainText('CreateAccessKey');
  }
  await page.setViewportSize(SIZES[0]);
});

test('the event pane closes when the view changes, comes back with Back, and stays for a pivot from it', async () => {
  await page.goto(`${s.origin}/#/events`);
  await page.getByTestId('grid-row').first().click();
  await expect(page.getByTestId('raw-record')).toBeVisible();
  for (const view of ['timeline', 'graph', 'events'] as const) {
    await page.getByTestId(`rail-${view}`).click();
    await expect(page.getByTestId(`${view}-view`)).toBeVisible();
    await expect(page.getByTestId('raw-record')).toHaveCount(0);
    await page.goBack();
    await expect(page.getByTestId('raw-record')).toBeVisible();
  }
  // The keyboard's view keys too (g: graph).
  await page.locator('body').press('g');
  await expect(page.getByTestId('graph-view')).toBeVisible();
  await expect(page.getByTestId('raw-record')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('raw-record')).toBeVisible();
  // A pivot from the event to a view built around it keeps it open: the event is in that view.
  await page.getByRole('button', { name: 'on timeline' }).click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await expect(page.getByTestId('raw-record')).toBeVisible();
  await page.getByTestId('close-pane').click();
});

test('the filter chips stay on one line at 1280 px: what does not fit is behind "+N"', async () => {
  await page.setViewportSize(SIZES[1]);
  await page.goto(`${s.origin}/#/events`);
  await page.getByTestId('events-search').fill(facts.mintedKey);
  await expect(page.getByTestId('chip-q')).toBeVisible();
  await page.getByTestId('views-open').click();
  await page.getByTestId('view-name').fill('Key and its uses');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('open-view')).toContainText('Key and its uses');
  await expect(page.getByTestId('views-menu')).toHaveCount(0);
  await page.getByTestId('colfilter-action').fill('GetObject');
  await page.getByTestId('colfilter-identity').fill('backup-svc');
  await expect(page.getByTestId('chips-more')).toBeVisible();
  // One line: every item's vertical centre on the row's centre line.
  const r = await page.evaluate(() => {
    const row = document.querySelector('.filter-chips')!.getBoundingClientRect();
    const mid = row.top + row.height / 2;
    const off = [...document.querySelectorAll('.filter-chips > *, .filter-chips .chip-strip > *')]
      .filter((e) => !e.closest('.popover'))
      .map((e) => e.getBoundingClientRect())
      .filter((b) => b.width > 0)
      .map((b) => Math.abs(b.top + b.height / 2 - mid));
    return { worst: Math.max(...off), height: row.height };
  });
  expect(r.worst).toBeLessThan(4);
  expect(r.height).toBeLessThan(34);
  // Four chips (the view, the search, two columns); those left out are listed behind "+N", each removable.
  const shown = await page.locator('[data-testid="chip-strip"] > .chip').count();
  await expect(page.getByTestId('chips-more')).toHaveText(`+${4 - shown}`);
  await page.getByTestId('chips-more').click();
  await expect(page.getByTestId('chips-menu').locator('.chip')).toHaveCount(4 - shown);
  await shots(page, 'layout-chips');
  await page
    .getByTestId('chips-menu')
    .getByRole('button', { name: /^Remove filter/ })
    .first()
    .click();
  await expect(page.locator('[data-testid="chip-strip"] > .chip, [data-testid="chips-menu"] .chip')).toHaveCount(3);
  await page.setViewportSize(SIZES[0]);
});

test('the overview opens on its centre of activity at a legible zoom, not at its left edge', async () => {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto(`${s.origin}/#/case`);
    await page.goto(`${s.origin}/#/graph`);
    await graphDrawn(page, 10);
    await graphLegible(page);
    const box = await graphProbe(page, (g) => g.drawnBox());
    const at = `${size.width}×${size.height}`;
    // The sample's overview is wider than the canvas at 11 px labels: open, it runs past both edges.
    expect(box.x2 - box.x1, at).toBeGreaterThan(box.w);
    expect(box.x1, at).toBeLessThan(0);
    expect(box.x2, at).toBeGreaterThan(box.w);
    // Under the centre: the identity nearest the events-weighted centre of the graph (worked out here).
    const nodes = await graphProbe(page, (g) => g.nodeWeights());
    let sw = 0;
    let sx = 0;
    let sy = 0;
    for (const x of nodes) {
      const wt = Math.max(1, x.events);
      sw += wt;
      sx += wt * x.x;
      sy += wt * x.y;
    }
    const near = nodes
      .filter((x) => x.identity)
      .sort((a, b) => Math.hypot(a.x - sx / sw, a.y - sy / sw) - Math.hypot(b.x - sx / sw, b.y - sy / sw))[0];
    const off = await graphProbe(page, (g, full) => g.offsetFromCentre(full), near.full);
    expect(Math.abs(off!.dx), at).toBeLessThan(2);
    await shots(page, 'layout-overview', () => graphDrawn(page, 10));
  }
  await page.setViewportSize(SIZES[0]);
  expect(pageErrors).toEqual([]);
});
