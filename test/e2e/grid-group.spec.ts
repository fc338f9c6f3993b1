// Group-by as grouped rows in the Events grid, on the bundled sample in browser mode: a column dragged to the group
// bar (or a header's ⊞) turns the grid into one header row per value with its count over every match — the CLI's
// counts for the same query — a header expands to exactly that group's rows and collapses again, the keyboard walks
// headers and rows, `a` on a header marks every event of the group in one audited call, the grouping is kept in a
// saved view, and "ungroup" returns. Screenshots: test-results/screens/grid-grouped-*.png.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { type Served } from './server';
import { cli, sampleCase, shots, type OpenCase } from './helpers';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let s: Served;
let page: Page;
let casePath: string;
let pageErrors: string[];

interface Ev {
  id: number;
  identity: string | null;
  action: string;
}
const events = (search?: string): Ev[] =>
  JSON.parse(cli('events', casePath, ...(search ? ['--search', search] : []), '--json')) as Ev[];
/** The CLI's answer grouped by hand: value → event ids, in time order. */
function byValue(evs: Ev[], key: 'identity' | 'action'): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const e of evs) {
    const v = e[key] ?? '(none)';
    m.set(v, [...(m.get(v) ?? []), e.id]);
  }
  return m;
}

const header = (value: string) => page.locator(`[data-testid="group-row"][data-value="${value}"]`);
const groupRows = () => page.locator('[data-testid="grid-row"][aria-level="2"]');
const rowIds = async () => await groupRows().evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  c = await sampleCase(browser, { view: '#/events', ready: 'grid-row' });
  ({ s, page, casePath, errors: pageErrors } = c);
});

test.afterAll(() => c?.close());

test('a column dragged to the group bar groups the grid; each header counts every match, as the CLI does', async () => {
  const q = 'outcome:success';
  await page.getByTestId('events-search').fill(q);
  const want = byValue(events(q), 'action');
  await page.getByTestId('colhead-action').dragTo(page.getByTestId('group-bar'));
  await expect(page.getByTestId('group-summary')).toContainText(`${want.size} groups over`);
  const heads = page.getByTestId('group-row');
  await expect(heads.first()).toHaveAttribute('data-count', /\d+/);
  const shown = await heads.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-value'), Number(e.getAttribute('data-count'))] as const),
  );
  expect(shown.length).toBeGreaterThan(5);
  for (const [v, c] of shown) expect(c, String(v)).toBe(want.get(v ?? '(none)')?.length);
  // Most frequent first, like the core's answer.
  for (let i = 1; i < shown.length; i++) expect(shown[i - 1][1]).toBeGreaterThanOrEqual(shown[i][1]);
  await page.getByRole('button', { name: 'ungroup', exact: true }).click();
  await expect(page.getByTestId('group-row')).toHaveCount(0);
  await page.getByTestId('events-search').fill('');
});

test('group by identity: expand shows exactly that group, the keyboard walks and toggles, `a` marks a whole group', async () => {
  const all = events();
  const want = byValue(all, 'identity');
  await page.getByRole('button', { name: 'Group by Identity / principal' }).click();
  await expect(page.getByTestId('group-summary')).toContainText(
    `${want.size} groups over ${all.length.toLocaleString('en-US')} events`,
  );
  // Expand a small group: its rows, exactly, in time order, under its header.
  const admin = 'arn:aws:iam::111122223333:role/prod-admin';
  const adminIds = want.get(admin)!;
  expect(adminIds.length).toBeGreaterThan(0);
  await expect(header(admin)).toHaveAttribute('data-count', String(adminIds.length));
  await header(admin).click();
  await expect(header(admin)).toHaveAttribute('aria-expanded', 'true');
  await expect(groupRows()).toHaveCount(adminIds.length);
  await expect.poll(rowIds).toEqual(adminIds); // rows show "…" until their page arrives
  await shots(page, 'grid-grouped');
  // Enter on the header (the cursor is on it) collapses it; ↓ moves to the next header, Space expands it, ← closes.
  await page.getByTestId('grid').focus();
  await page.keyboard.press('Enter');
  await expect(groupRows()).toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  const next = page.locator('[data-testid="group-row"].cursor');
  const nextValue = (await next.getAttribute('data-value'))!;
  expect(nextValue).not.toBe(admin);
  await page.keyboard.press(' ');
  await expect(next).toHaveAttribute('aria-expanded', 'true');
  const nextIds = want.get(nextValue)!;
  // The groups after prod-admin are smaller than a screen: every row of this one is drawn.
  expect(nextIds.length).toBeLessThanOrEqual(adminIds.length);
  await expect.poll(rowIds).toEqual(nextIds);
  // Into the group: ↓ is its first row; ← from inside closes it and returns to its header.
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="grid-row"].cursor')).toHaveAttribute('data-id', String(nextIds[0]));
  await page.keyboard.press('ArrowLeft');
  await expect(groupRows()).toHaveCount(0);
  await expect(page.locator('[data-testid="group-row"].cursor')).toHaveAttribute('data-value', nextValue);
  // `a` on a header marks every event of that group (also those never loaded), in one audited call.
  const backup = 'arn:aws:iam::111122223333:user/backup-svc';
  const backupIds = want.get(backup)!;
  await header(backup).click(); // the cursor is on it (and it opens)
  await header(backup).click(); // closed again, still the cursor
  await page.getByTestId('grid').focus();
  await page.keyboard.press('a');
  await expect(page.getByTestId('annotate-what')).toContainText(backup);
  await page.getByTestId('annotate-tags').fill('whole-group');
  await page.getByTestId('annotate-tags').press('Enter');
  await expect(page.getByTestId('annotate-status')).toContainText(`${backupIds.length} events marked`);
  expect(events('tag:whole-group').map((e) => e.id)).toEqual(backupIds);
  await page.getByRole('button', { name: 'Close the annotate bar' }).click();
  // The grouping survives the reload that marking causes.
  await expect(page.getByTestId('group-summary')).toContainText(`${want.size} groups`);
});

test('the grouping is kept in a saved view; ungroup returns to the flat grid', async () => {
  await page.getByTestId('views-open').click();
  await page.getByTestId('view-name').fill('By identity');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('open-view')).toContainText('By identity');
  const url = page.url();
  await page.getByRole('button', { name: 'ungroup', exact: true }).click();
  await expect(page.getByTestId('group-row')).toHaveCount(0);
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
  const id = new URL(url.replace('#/', '')).searchParams.get('view');
  expect(id).toBeTruthy();
  await page.goto(`${s.origin}/#/case`);
  await page.goto(`${s.origin}/#/events?view=${id}`);
  await expect(page.getByTestId('group-summary')).toContainText('groups over');
  await expect(page.getByTestId('group-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'ungroup', exact: true }).click();
  await expect(page.getByTestId('group-row')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
