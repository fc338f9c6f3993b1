// The Events grid on the bundled sample, in browser mode: the search box's own examples find events, a malformed
// query says where it is wrong, every result of a search is tagged in at most five actions, a saved view opens
// from a URL fragment and lives in the narrative. Screenshots of the grid and the narrative, both themes, 1440×900
// and 1280×720 (test-results/screens/grid-*.png).
import { test, expect, type Page, type Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SHOTS, type Served } from './server';
import { cli, sampleCase, shots as helperShots, type OpenCase } from './helpers';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let s: Served;
let page: Page;
let casePath: string;
let pageErrors: string[];

/** Reads the case beside the server (WAL: a reader sees every committed call). */
function query<T>(sql: string): T[] {
  const db = new Database(casePath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const auditRows = () => query<{ n: number }>('SELECT count(*) AS n FROM audit_log')[0].n;
const count = (search: string) =>
  (JSON.parse(cli('events', casePath, '--search', search, '--json')) as unknown[]).length; // complete by default

async function shot(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const shots = (name: string) => helperShots(page, name);

const gridCount = async () =>
  Number(((await page.getByTestId('grid-count').textContent()) ?? '').replace(/[^\d]/g, ''));

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  c = await sampleCase(browser, { view: '#/events', ready: 'grid-row' });
  ({ s, page, casePath, errors: pageErrors } = c);
});

test.afterAll(() => c?.close());

test("every field example of the search box's placeholder finds events on the sample", async () => {
  const box = page.getByTestId('events-search');
  const placeholder = (await box.getAttribute('placeholder')) ?? '';
  const examples = placeholder.split(/\s+/).filter((w) => /^-?[a-z_]+:\S+$/.test(w));
  expect(examples.length).toBeGreaterThanOrEqual(3);
  for (const q of examples) {
    await box.fill(q);
    // Live: no Enter. The count settles on the CLI's answer for the same query.
    const want = count(q);
    expect(want, q).toBeGreaterThan(0);
    await expect.poll(gridCount, { message: q }).toBe(want);
  }
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
});

test('a malformed query says where it is wrong, never an empty grid', async () => {
  const box = page.getByTestId('events-search');
  await box.fill('action:s3:Get* OR');
  const err = page.getByTestId('search-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('cannot be read');
  await expect(err).toContainText('character');
  await expect(page.getByText('No events match')).toHaveCount(0);
  await shot('grid-search-error-light');
  await box.fill('acton:GetObject');
  await expect(err).toContainText('action');
  // A column filter: contains by default, live, and its errors name the column.
  await box.fill('');
  await page.getByTestId('colfilter-action').fill('GetObj');
  await expect.poll(gridCount).toBe(count('action:*GetObj*'));
  await page.getByTestId('colfilter-outcome').fill('nope');
  await expect(page.getByRole('alert').filter({ hasText: 'outcome column filter' })).toBeVisible();
  await page.getByTestId('colfilter-outcome').fill('');
  await page.getByTestId('colfilter-action').fill('');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('tags every result of a search in at most five actions, through one audited call', async () => {
  const audit0 = auditRows();
  let actions = 0;
  const act = async (f: () => Promise<void>) => {
    actions++;
    await f();
  };
  const q = 'ip:203.0.113.*';
  const want = count(q);
  await act(() => page.getByTestId('events-search').fill(q));
  await expect.poll(gridCount).toBe(want);
  await act(() => page.getByTestId('select-all').click());
  await act(() => page.keyboard.press('a'));
  await act(() => page.getByTestId('annotate-tags').fill('attacker-ip'));
  await act(() => page.getByTestId('annotate-tags').press('Enter'));
  await expect(page.getByTestId('annotate-status')).toContainText(`${want} events marked`);
  expect(actions).toBeLessThanOrEqual(5);
  expect(count('tag:attacker-ip')).toBe(want);
  expect(auditRows()).toBe(audit0 + 1);
  // The Tags column shows it on the rows.
  await expect(page.getByTestId('tags-cell').first()).toContainText('attacker-ip');
  await page.getByRole('button', { name: 'Close the annotate bar' }).click();
});

test("Timeline Explorer's habits: colour rules, group-by, statistics, range select, columns", async () => {
  const q = 'ip:203.0.113.*';
  await page.getByTestId('events-search').fill(q);
  await expect.poll(gridCount).toBe(count(q));
  // A colour rule, kept in the case: the failures stand out.
  await page.getByTestId('colors-open').click();
  await page.getByRole('button', { name: '+ Rule' }).click();
  await page.getByRole('textbox', { name: 'Search of rule 1' }).fill('outcome:failure');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByTestId('color-rules')).toHaveCount(0);
  const failures = count(`${q} outcome:failure`);
  expect(failures).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="grid-row"].ruled')).toHaveCount(failures);
  expect(query<{ n: number }>('SELECT count(*) AS n FROM color_rules')[0].n).toBe(1);
  // Group by a column: a header row per value with its count (grid-group.spec.ts goes further).
  await page.getByTestId('group-by').selectOption('action');
  const head = page.locator('[data-testid="group-row"][data-value="s3:GetObject"]');
  await expect(head).toHaveAttribute('data-count', String(count(`${q} action:s3:GetObject`)));
  await shot('grid-group-by-light');
  await page.getByTestId('group-bar').getByRole('button', { name: 'ungroup', exact: true }).click();
  await expect(page.getByTestId('group-row')).toHaveCount(0);
  await expect.poll(gridCount).toBe(count(q));
  // Field statistics of a column for the current result.
  await page.getByRole('button', { name: 'Statistics of Source IP' }).click();
  await expect(page.getByTestId('field-stats')).toContainText('203.0.113.');
  await page.getByTestId('field-stats').getByRole('button', { name: 'close' }).click();
  // Shift-click selects the range; `a` marks it.
  const rows = page.getByTestId('grid-row');
  await rows.nth(0).click();
  // The click opens the event; shift-click only once the pane has opened and closed again, so the range starts at
  // a row the grid has settled on (a shift-click racing the pane's re-layout once selected 1 row, not 4).
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('event-detail')).toBeHidden();
  await rows.nth(3).click({ modifiers: ['Shift'] });
  await expect(page.locator('[data-testid="grid-row"][aria-selected="true"]')).toHaveCount(4);
  await page.getByTestId('grid').focus();
  await page.keyboard.press('a');
  await expect(page.getByTestId('annotate-what')).toHaveText('4 selected events');
  await page.getByRole('button', { name: 'Close the annotate bar' }).click();
  // The column chooser hides a column, remembered for this case after a reload; the first column is frozen.
  await expect(page.getByTestId('colhead-ts')).toHaveClass(/frozen/);
  await page.getByTestId('columns-open').click();
  await page.getByTestId('column-chooser').getByRole('checkbox', { name: 'Category' }).uncheck();
  await expect(page.getByTestId('colhead-category')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
  await expect(page.getByTestId('colhead-category')).toHaveCount(0);
  await page.getByTestId('columns-open').click();
  await page.getByTestId('column-chooser').getByRole('checkbox', { name: 'Category' }).check();
  await shot('grid-column-chooser-light');
  await page.getByTestId('column-chooser').getByRole('button', { name: 'close' }).click();
  await expect(page.getByTestId('colhead-category')).toHaveCount(1);
});

test('a saved view opens from a URL fragment and lives in the narrative', async () => {
  await page.getByTestId('events-search').fill('action:s3:Get*');
  await page.getByTestId('colfilter-src_ip').fill('203.0.113');
  const want = count('action:s3:Get* src_ip:*203.0.113*');
  await expect.poll(gridCount).toBe(want);
  await page.getByTestId('views-open').click();
  await page.getByTestId('view-name').fill('Attacker reads');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('open-view')).toContainText('Attacker reads');
  const v = query<{ id: number }>("SELECT id FROM saved_views WHERE name = 'Attacker reads'")[0];
  // A fresh page from the URL fragment alone.
  await page.goto(`${s.origin}/#/case`);
  await page.goto(`${s.origin}/#/events?view=${v.id}`);
  await page.reload();
  await expect(page.getByTestId('open-view')).toContainText('Attacker reads');
  await expect(page.getByTestId('events-search')).toHaveValue('action:s3:Get*');
  await expect.poll(gridCount).toBe(want);
  // The tags marked above show on the view's rows (grid.marks), after a reload too.
  await expect(page.getByTestId('tags-cell').first()).toContainText('attacker-ip');
  await shots('grid-events');
  // Into the narrative as a live block.
  await page.getByTestId('views-open').click();
  await page.getByRole('button', { name: 'To narrative' }).click();
  await expect(page.getByTestId('views-status')).toContainText('added to the narrative');
  await page.goto(`${s.origin}/#/narrative`);
  const head = page.getByTestId('view-block-head');
  await expect(head).toContainText('Attacker reads');
  await expect(head).toContainText('action:s3:Get*');
  await expect(page.getByTestId('live-events').locator('li')).toHaveCount(Math.min(want, 50));
  await head.scrollIntoViewIfNeeded();
  await shots('grid-narrative-view');
  expect(pageErrors).toEqual([]);
});
