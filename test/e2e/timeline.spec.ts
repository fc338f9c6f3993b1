// The Timeline on the bundled sample incident, as an analyst reads it: at the incident hour no two labels or marks
// overprint (both themes, 1440×900 and 1280×720), annotations have their lane and tags show on their events, the
// tooltip says what an event is, a selected item stays readable (WCAG AA), zoom is a history entry that back and
// forward restore, the zone label follows DST, what lies outside the window is counted with a one-click "show",
// an identity's timeline opens on all its sessions, and `a` annotates the selection.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SHOTS } from './server';
import { cli, openTimeline, sampleCase, setTheme, timelineOverlaps as overlaps, type OpenCase } from './helpers';
import { onProbe } from './probe.mjs';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let page: Page;
let pageErrors: string[];
const INCIDENT = '#/timeline?from=2026-03-10T13%3A40%3A00.000Z&to=2026-03-10T14%3A40%3A00.000Z';

/** Annotations the timeline draws: a tag on every IAM Create*, two notes over the incident's two phases. */
function annotate(casePath: string): void {
  const A = ['--analyst', 'e2e'];
  cli('annotate', casePath, '--each', '--search', 'action:iam:Create*', '--tag', 'privesc', ...A);
  cli(
    'annotate',
    casePath,
    '--from',
    '2026-03-10T13:46:00Z',
    '--to',
    '2026-03-10T13:59:00Z',
    '--note',
    'bot token',
    ...A,
  );
  cli('annotate', casePath, '--from', '2026-03-10T13:58:00Z', '--to', '2026-03-10T14:10:00Z', '--note', 'chain', ...A);
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  c = await sampleCase(browser, { prepare: annotate, probes: true, ready: 'case-events' });
  ({ page, errors: pageErrors } = c);
});

test.afterAll(() => c?.close());

for (const [w, h] of [
  [1440, 900],
  [1280, 720],
] as const)
  for (const theme of ['light', 'dark'] as const)
    test(`at the incident hour no labels or marks overprint (${w}×${h}, ${theme})`, async () => {
      await page.setViewportSize({ width: w, height: h });
      await setTheme(page, theme);
      await openTimeline(page, INCIDENT);
      const o = await overlaps(page);
      expect(o.labelPairs).toEqual([]);
      expect(o.markPairs).toBe(0);
      // Enough is labelled to read the hour (the layout does not get there by drawing nothing).
      expect(o.labels).toBeGreaterThan(25);
      expect(o.marks).toBeGreaterThan(40);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `timeline-incident-${w}-${theme}.png`) });
    });

test('annotations have their lane; tags show on their events; the tooltip says what an event is', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await setTheme(page, 'light');
  await openTimeline(page, INCIDENT);
  await expect(page.locator('[data-testid="timeline"] .lane-label.annot')).toBeVisible();
  await expect(page.locator('[data-testid="timeline"] .vis-item.annot').first()).toBeVisible();
  // Zoom to the minted key: the tagged events carry their tag chip and the layer ring.
  await openTimeline(page, '#/timeline?from=2026-03-10T13%3A59%3A40.000Z&to=2026-03-10T13%3A59%3A56.000Z');
  await expect(page.locator('[data-testid="timeline"] .ev-tag', { hasText: '#privesc' }).first()).toBeVisible();
  const marked = page.locator('[data-testid="timeline"] .vis-item.ev.marked .vis-dot').first();
  await marked.hover();
  const tip = page.getByTestId('tl-tip');
  await expect(tip).toBeVisible();
  for (const k of ['time', 'identity', 'action', 'resource', 'outcome', 'tags']) await expect(tip).toContainText(k);
  await expect(tip).toContainText('privesc');
  await page.mouse.move(5, 5);
  await expect(tip).toBeHidden();
});

/** WCAG contrast of a selected item's label against its own background. */
async function selectedContrast(p: Page): Promise<number> {
  return p.evaluate(() => {
    const l = document.querySelector<HTMLElement>('[data-testid="timeline"] .vis-item.vis-selected .ev-label')!;
    const cs = getComputedStyle(l);
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const a = lum(rgb(cs.color));
    const b = lum(rgb(cs.backgroundColor));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

test('a selected item is readable in both themes (WCAG AA), and `a` annotates the selection', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await openTimeline(page, '#/timeline?from=2026-03-10T13%3A59%3A40.000Z&to=2026-03-10T13%3A59%3A56.000Z');
    const labelled = page
      .locator('[data-testid="timeline"] .vis-item.ev:not(.grp)')
      .filter({ has: page.locator('.ev-label:not(:empty)') })
      .first();
    await labelled.locator('.vis-dot').click();
    await expect(page.locator('[data-testid="timeline"] .vis-item.vis-selected:not(.vis-dot)')).toHaveCount(1);
    expect(await selectedContrast(page)).toBeGreaterThanOrEqual(4.5);
    // The event pane opened beside the timeline: labels were laid out again for the narrower item area.
    await expect(page.getByTestId('event-detail')).toBeVisible();
    await expect.poll(async () => (await overlaps(page)).labelPairs).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `timeline-selected-${theme}.png`) });
  }
  await page.keyboard.press('Escape'); // close the event pane; the selection stays
  await page.locator('[data-testid="timeline"] .vis-panel.vis-center').hover({ position: { x: 5, y: 5 } });
  await page.keyboard.press('a');
  const bar = page.getByTestId('tl-annotate');
  await expect(bar).toBeVisible();
  const input = bar.locator('input').first();
  await expect(input).toBeFocused();
  await input.fill('reviewed-e2e');
  await input.press('Enter');
  await expect(page.locator('[data-testid="timeline"] .ev-tag', { hasText: '#reviewed-e2e' }).first()).toBeVisible();
});

test('zoom and pan are history entries: back and forward restore the window', async () => {
  await setTheme(page, 'light');
  await openTimeline(page, INCIDENT);
  const probe = () => onProbe(page, 'timeline', (tl) => tl.window());
  const w0 = await probe();
  await page.getByRole('button', { name: 'Zoom in (+)' }).click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('13%3A40%3A00.000Z');
  const w1 = await probe();
  expect(w1.end - w1.start).toBeLessThan((w0.end - w0.start) * 0.75);
  await page.goBack();
  await expect.poll(async () => Math.round((await probe()).start)).toBe(Math.round(w0.start));
  expect(Math.round((await probe()).end)).toBe(Math.round(w0.end));
  await page.goForward();
  await expect.poll(async () => Math.round((await probe()).start)).toBe(Math.round(w1.start));
  expect(Math.round((await probe()).end)).toBe(Math.round(w1.end));
});

test('the zone label is the offset of the times shown (PDT on 2026-03-10), also on the axis', async () => {
  await page.evaluate(() => localStorage.setItem('sessionscope.tz', 'America/Los_Angeles'));
  await page.reload();
  await openTimeline(page, INCIDENT);
  await expect(page.getByTestId('tl-zone')).toContainText('America/Los_Angeles (UTC-07:00 PDT)');
  // 13:40Z is 06:40 PDT: the axis reads local hours 06 and 07, not 05.
  const axis = await page.locator('[data-testid="timeline"] .vis-time-axis .vis-text').allTextContents();
  expect(axis.join(' ')).toMatch(/\b06:45\b/);
  expect(axis.join(' ')).not.toMatch(/\b05:45\b/);
  await page.evaluate(() => localStorage.setItem('sessionscope.tz', 'UTC'));
  await page.reload();
});

test('what lies outside the window is counted, agrees with the band, and one click shows it', async () => {
  await openTimeline(page, INCIDENT);
  const note = page.getByTestId('tl-outside');
  await expect(note).toBeVisible();
  await expect(note).toContainText(/outside this window: [\d,]+ earlier, [\d,]+ later/);
  const status = await page.getByTestId('status').textContent();
  const total = /([\d,]+) in case/.exec(status ?? '')?.[1];
  expect(total).toBeTruthy();
  await expect(page.getByTestId('density-legend')).toContainText(`${total} events`);
  await page.getByTestId('tl-show-all').click();
  await expect(note).toBeHidden();
  await expect(page.getByTestId('status')).toContainText('0 earlier · 0 later');
});

test("an identity's timeline opens on all of its sessions", async () => {
  await openTimeline(page, '#/timeline?lanes=session&identity=acme-release-bot');
  await expect(page.getByTestId('status')).toContainText(/ 0 earlier · 0 later /);
  await expect(page.getByTestId('tl-outside')).toBeHidden();
  expect(pageErrors).toEqual([]);
});
