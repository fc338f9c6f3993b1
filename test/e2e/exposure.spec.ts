// The identity pane says what an identity read: a Snowflake service user's nightly reads and the night it unloaded
// the customer table, each number opening the events behind it; the sessions table has what each session read.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SHOTS, type Served } from './server';
import { cli, sampleCase, type OpenCase } from './helpers';

test.describe.configure({ mode: 'serial' });

let c: OpenCase;
let s: Served;
let page: Page;
let etl: number;
let pageErrors: string[];

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  const fx = path.join(ROOT, 'test', 'fixtures', 'derive', 'exposure');
  c = await sampleCase(browser, {
    name: 'Snowflake unload',
    evidence: ['login_history', 'sessions', 'query_history', 'access_history'].map((v) =>
      path.join(fx, `snowflake_${v}.csv`),
    ),
  });
  ({ s, page, errors: pageErrors } = c);
  etl = (JSON.parse(cli('identities', c.casePath, '--json')) as { id: number; name: string }[]).find(
    (i) => i.name === 'SVC_ETL',
  )!.id;
});

test.afterAll(() => c?.close());

test('the identity pane says what it read, with the events behind each number', async () => {
  await page.goto(s.url);
  await page.goto(`${s.origin}/#/identities?id=${etl}`);
  const panel = page.getByTestId('identity-panel');
  await expect(panel).toBeVisible();
  const x = panel.getByTestId('identity-exposure');
  await expect(x).toContainText('What it read');
  await expect(x).toContainText('6,087,100');
  await expect(x).toContainText('CUSTOMERS.RAW.CUSTOMERS');
  await expect(x).toContainText('CUSTOMERS.RAW.CUSTOMERS.SSN');
  // The sessions table has what each session read: the unload night stands out.
  await expect(panel.getByTestId('session-read').last()).toHaveText('read 6.05M rows · 2.42 GB · 1 object');
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, 'identity-exposure-light.png') });
  await panel.getByTestId('session-table').scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    localStorage.setItem('sessionscope.theme', 'dark');
    document.documentElement.dataset.theme = 'dark';
  });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, 'identity-exposure-sessions-dark.png') });
  // The rows' events open in the events view, the largest first.
  await x
    .getByRole('button', { name: /events$/ })
    .first()
    .click();
  await expect(page.getByTestId('events-view')).toBeVisible();
  expect(page.url()).toContain('ids=');
  expect(pageErrors).toEqual([]);
});
