// The graph on the bundled sample: legible at the default fit (labels ≥ 11 px, every node labelled, no two labels
// overlapping), the same layout on every visit, edge clicks open events in the overview and the blast radius,
// "centre on resource" centres, and a path from the release bot to user/backup-svc, each hop opening its events.
// Screenshots of the three modes in both themes at 1440×900 and 1280×720 go to test-results/screens.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { type Served } from './server';
import {
  graphDrawn,
  graphLegible,
  graphProbe,
  sampleCase,
  shot as helperShot,
  type GraphProbe,
  type OpenCase,
} from './helpers';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let s: Served;
let page: Page;
let pageErrors: string[];
const BOT = 'acme-release-bot';
const EXPORTS = 'arn:aws:s3:::acme-customer-exports';

const probe = <T>(fn: (g: GraphProbe, arg: string) => T, arg = '') => graphProbe(page, fn, arg);
const drawn = (min = 2) => graphDrawn(page, min);
const shot = (name: string) => helperShot(page, name);
const legible = () => graphLegible(page);

async function edgeOpensEvents(edge: string): Promise<void> {
  await probe((g, id) => g.tap(id), edge);
  await expect(page.getByTestId('edge-panel')).toBeVisible();
  await expect(page.getByTestId('edge-event-row').first()).toBeVisible();
  await expect(page.getByTestId('edge-panel')).not.toContainText('not a graph edge id');
  await page.getByTestId('edge-panel').getByRole('button', { name: 'Close' }).click();
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  c = await sampleCase(browser, { probes: true });
  ({ s, page, errors: pageErrors } = c);
});

test.afterAll(() => c?.close());

test('overview: legible at the default fit, the same on every visit, edges open their events', async () => {
  await page.goto(`${s.origin}/#/graph`);
  await drawn(20);
  await legible();
  const labels = await probe((g) => g.nodeLabels());
  expect(labels).toContain('arn:aws:iam::111122223333:role/prod-admin');
  expect(new Set(labels).size).toBe(labels.length);
  const first = await probe((g) => g.positions());
  await page.reload();
  await drawn(20);
  expect(await probe((g) => g.positions())).toEqual(first);
  const ids = await probe((g) => g.edgeIds());
  const identityEdge = ids.find((e) => e.startsWith('e:'));
  const resourceEdge = ids.find((e) => e.startsWith('ir:') || e.startsWith('ig:'));
  expect(identityEdge).toBeDefined();
  expect(resourceEdge).toBeDefined();
  await edgeOpensEvents(identityEdge!);
  await edgeOpensEvents(resourceEdge!);
});

test('centre on resource: the resource has its own node in the middle of the view', async () => {
  await page.goto(`${s.origin}/#/graph?focus=${encodeURIComponent(EXPORTS)}`);
  await drawn(20);
  const off = await probe((g, name) => g.offsetFromCentre(name), EXPORTS);
  expect(off).not.toBeNull();
  expect(Math.abs(off!.dx)).toBeLessThan(4);
  expect(Math.abs(off!.dy)).toBeLessThan(4);
});

test('blast radius: left to right in time, the slider over the scope, every kind of edge opens events', async () => {
  await page.goto(`${s.origin}/#/graph?mode=scope&identity=${BOT}`);
  await drawn(5);
  await legible();
  await expect(page.getByTestId('time-slider')).toBeVisible();
  const ids = await probe((g) => g.edgeIds());
  const identityEdge = ids.find((e) => !e.startsWith('ir:') && !e.startsWith('ig:'));
  const resourceEdge = ids.find((e) => e.startsWith('ir:') || e.startsWith('ig:'));
  await edgeOpensEvents(identityEdge!);
  await edgeOpensEvents(resourceEdge!);
  // Every node right of the bot (the start) and the chain in order.
  const pos = await probe((g) => g.positions());
  const xs = Object.values(pos).map((p) => p.x);
  const labels = await probe((g) => g.nodeLabels());
  const ids2 = Object.keys(pos);
  const x = (name: string) => pos[ids2[labels.indexOf(name)]].x;
  expect(x(BOT)).toBe(Math.min(...xs));
  expect(x('arn:aws:iam::111122223333:role/prod-admin')).toBeGreaterThan(
    x('arn:aws:iam::111122223333:role/gha-deploy'),
  );
  expect(x('arn:aws:iam::111122223333:user/backup-svc')).toBeGreaterThan(
    x('arn:aws:iam::111122223333:role/prod-admin'),
  );
});

test('a path from the release bot to user/backup-svc, each hop opening its events', async () => {
  await page.goto(`${s.origin}/#/graph`);
  await page.getByTestId('graph-mode-path').click();
  await page.getByTestId('path-from').fill(BOT);
  await page.getByTestId('path-to').fill('user/backup-svc');
  await page.getByTestId('path-find').click();
  await expect(page.getByTestId('path-item')).toHaveCount(1);
  await expect(page.getByTestId('path-item')).toContainText('role/prod-admin');
  await drawn(5);
  await legible();
  const hops = page.getByTestId('path-hop');
  await expect(hops).toHaveCount(4);
  await hops.nth(3).click();
  await expect(page.getByTestId('edge-panel')).toContainText('minted');
  await expect(page.getByTestId('edge-event-row').first()).toBeVisible();
  await expect(page.locator('[data-testid="edge-event-row"].selected')).toHaveCount(1);
  // No path is said, not drawn.
  await page.goto(`${s.origin}/#/graph?mode=path&from=${encodeURIComponent('user/backup-svc')}&to=${BOT}`);
  await expect(page.getByTestId('path-none')).toContainText('No time-ordered path');
});

test('screenshots: overview, blast radius and a path, both themes, 1440×900 and 1280×720', async () => {
  const views: [string, string][] = [
    ['graph-overview', '#/graph'],
    ['graph-blast-radius', `#/graph?mode=scope&identity=${BOT}`],
    ['graph-path', `#/graph?mode=path&from=${BOT}&to=${encodeURIComponent('user/backup-svc')}`],
  ];
  for (const [w, h] of [
    [1440, 900],
    [1280, 720],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => localStorage.setItem('sessionscope.theme', t), theme);
      for (const [name, hash] of views) {
        await page.goto(`${s.origin}/${hash}`);
        await page.reload();
        await drawn(2);
        await legible();
        await shot(`${name}-${theme}-${w}x${h}`);
      }
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.evaluate(() => localStorage.setItem('sessionscope.theme', 'light'));
  expect(pageErrors).toEqual([]);
});
