// The identity pane says what an identity read: a Snowflake service user's nightly reads and the night it unloaded
// the customer table, each number opening the events behind it; the sessions table has what each session read.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, serve, type Served } from './server';

test.describe.configure({ mode: 'serial' });

let s: Served;
let page: Page;
let dir: string;
let etl: number;
const pageErrors: string[] = [];

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'sessionscope'), ...args], { encoding: 'utf8' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-exposure-'));
  const casePath = path.join(dir, 'exposure.sscase');
  cli('new', casePath, '--name', 'Snowflake unload');
  const fx = path.join(ROOT, 'test', 'fixtures', 'derive', 'exposure');
  cli(
    'import',
    casePath,
    ...['login_history', 'sessions', 'query_history', 'access_history'].map((v) => path.join(fx, `snowflake_${v}.csv`)),
  );
  etl = (JSON.parse(cli('identities', casePath, '--json')) as { id: number; name: string }[]).find(
    (i) => i.name === 'SVC_ETL',
  )!.id;
  s = await serve({ casePath, dir });
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

test.afterAll(async () => {
  await page?.close();
  await s?.stop();
  rmSync(dir, { recursive: true, force: true });
});

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
