// The case's other parts in browser mode (issue 11 §7, §9): the analyst named once per browser session and shown
// in the audit log; the profile edited with an error, then fixed and applied; the coverage Gantt and the events
// around a gap; an unknown file refused from its first bytes, before any upload, with a format chooser; the
// report made in the UI downloaded through the bridge. Screenshots of each part, both themes, two window sizes.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, serve, type Served } from './server';
import { shots as helperShots, watchedPage } from './helpers';

test.describe.configure({ mode: 'serial' });

let s: Served;
let page: Page;
const uploads: string[] = [];
let pageErrors: string[];
let cspViolations: string[];
const ANALYST = 'Dana Scully';

/** Screenshots of what is on screen in both themes at 1440×900 and 1280×720 (test-results/screens/case-*). */
const shots = (p: Page, name: string) => helperShots(p, `case-${name}`);

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  s = await serve({ analyst: null });
  cpSync(path.join(ROOT, 'samples', 'evidence'), path.join(s.dir, 'sample'), { recursive: true });
  ({ page, errors: pageErrors, csp: cspViolations } = await watchedPage(browser));
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/upload') uploads.push(r.headers()['x-upload-name'] ?? '?');
  });
});

test.afterAll(async () => {
  await page?.close();
  await s?.stop();
});

test('asks the analyst once per browser session and carries the name into the audit log', async () => {
  await page.goto(s.url);
  const dialog = page.getByTestId('analyst-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('no-case')).toHaveCount(0);
  await shots(page, 'analyst-dialog');
  // An empty name is refused with the reason.
  await page.getByTestId('analyst-save').click();
  await expect(dialog).toContainText('Type your name');
  await page.getByTestId('analyst-input').fill(`  ${ANALYST} `);
  await page.getByTestId('analyst-save').click();
  await expect(page.getByTestId('no-case')).toBeVisible();
  await expect(page.getByTestId('analyst-chip')).toContainText(ANALYST);
  await shots(page, 'first-run');
  // Asked once: a reload in the same browser session does not ask again.
  await page.reload();
  await expect(page.getByTestId('no-case')).toBeVisible();
  await expect(page.getByTestId('analyst-dialog')).toHaveCount(0);

  await page.getByTestId('case-name-input').fill('E2E case parts');
  await page.getByTestId('create-case').click();
  await expect(page.getByTestId('case-home')).toBeVisible();
  await page.getByTestId('path-input').fill(path.join(s.dir, 'sample'));
  await page.getByRole('button', { name: 'Import path' }).click();
  await expect(page.getByTestId('import-result')).toContainText('Imported', { timeout: 90_000 });
  await shots(page, 'evidence');

  await page.goto(`${s.origin}/#/narrative?tab=audit`);
  const audit = page.locator('.narrative-view table tbody');
  await expect(audit.locator('tr', { hasText: 'case.create' })).toContainText(ANALYST);
  await expect(audit.locator('tr', { hasText: 'evidence.import' })).toContainText(ANALYST);
  await expect(audit).not.toContainText('root');
});

test('edits the profile: an error at its line and column, then a fix, applied and audited', async () => {
  await page.goto(`${s.origin}/#/case?tab=profile`);
  const editor = page.getByTestId('profile-editor');
  await expect(editor).toBeVisible();
  await expect(page.getByTestId('profile-check')).toContainText('valid profile');
  const yaml = page.getByTestId('profile-yaml');
  await yaml.fill(
    [
      'identities:',
      '  - match: "*payments-api*"',
      '    allow:',
      '      actionz: ["s3:GetObject"]',
      '      categories: [read, fly]',
    ].join('\n'),
  );
  const problems = page.getByTestId('profile-problems');
  await expect(problems).toContainText('line 4, column 7');
  await expect(problems).toContainText('unknown field "actionz"');
  await expect(problems).toContainText('line 5, column 26');
  await expect(page.getByTestId('profile-apply')).toBeDisabled();
  await shots(page, 'profile-error');
  // A click on a problem puts the caret there.
  await problems.getByRole('button', { name: 'line 4, column 7' }).click();
  const caret = await yaml.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n'));
  expect([caret.length, caret[caret.length - 1].length + 1]).toEqual([4, 7]);

  await yaml.fill(
    [
      'identities:',
      '  - match: "*payments-api*"',
      '    allow:',
      '      actions: ["s3:GetObject", "sts:*"]',
      '      categories: [read, auth]',
    ].join('\n'),
  );
  await expect(page.getByTestId('profile-check')).toContainText('valid profile');
  await page.getByTestId('profile-apply').click();
  await expect(page.getByTestId('profile-applied')).toContainText('events out of scope');
  const out = Number(
    ((await page.getByTestId('profile-applied').textContent()) ?? '').match(/Applied: ([\d,]+)/)![1].replace(/,/g, ''),
  );
  expect(out).toBeGreaterThan(0);
  await expect(page.getByTestId('profile-state')).toContainText(`by ${ANALYST}`);
  await expect(page.getByTestId('profile-state')).toContainText(`${out.toLocaleString('en-US')} events out of scope`);
  await shots(page, 'profile-applied');
  await page.goto(`${s.origin}/#/narrative?tab=audit`);
  await expect(page.locator('.narrative-view table tbody tr', { hasText: 'profile.set' })).toContainText(ANALYST);
});

test('coverage: each source on a Gantt with gaps and StopLogging; a gap opens the events around it', async () => {
  await page.goto(`${s.origin}/#/case?tab=coverage`);
  await expect(page.getByTestId('coverage-view')).toBeVisible();
  const ct = page.getByTestId('gantt-cloudtrail');
  await expect(ct.getByTestId('gantt-tamper')).toHaveCount(1);
  await expect(ct.getByTestId('gantt-tamper')).toHaveAttribute('aria-label', /StopLogging/);
  await expect(page.getByTestId('tamper-table')).toContainText('StopLogging');
  await ct.getByTestId('gantt-gap').first().click();
  const detail = page.getByTestId('gap-detail');
  await expect(detail).toContainText('cloudtrail was silent for');
  await expect(page.getByTestId('gap-tamper')).toContainText('StopLogging');
  const rows = page.getByTestId('gap-events').locator('tbody tr');
  await expect(rows.filter({ hasText: 'Last cloudtrail events before the gap' })).toHaveCount(1);
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(page).toHaveURL(/gap=cloudtrail%3A0|gap=cloudtrail:0/);
  await shots(page, 'coverage');
  // An event around the gap opens in the detail pane.
  await rows.locator('td button').first().click();
  await expect(page).toHaveURL(/ev=\d+/);
  await page.getByTestId('close-pane').click();
});

test('an unknown file is refused from its first bytes before any upload, with a format chooser', async () => {
  await page.goto(`${s.origin}/#/case`);
  await expect(page.getByTestId('case-home')).toBeVisible();
  const line = 'operator shift notes: nothing structured here\n';
  const big = Buffer.from(line.repeat(Math.ceil((24 * 1024 * 1024) / line.length)));
  const before = uploads.length;
  await page.getByTestId('file-input').setInputFiles({ name: 'shift-notes.txt', mimeType: 'text/plain', buffer: big });
  // Handing the browser 24 MB takes Playwright a while; the check itself reads 64 KiB.
  const started = Date.now();
  const chooser = page.getByTestId('format-chooser');
  await expect(chooser).toBeVisible();
  await expect(chooser).toContainText('shift-notes.txt');
  await expect(chooser).toContainText('nothing was uploaded');
  expect(uploads.length).toBe(before);
  expect(Date.now() - started).toBeLessThan(5_000);
  // The formats to choose from are the build's own (formats.list).
  const options = await page.getByTestId('format-select').locator('option').allTextContents();
  expect(options.some((o) => o.endsWith('(cloudtrail)'))).toBe(true);
  expect(options.length).toBeGreaterThan(10);
  await page.getByTestId('format-select').selectOption('cloudtrail');
  await expect(page.getByTestId('format-import')).toHaveText('Import as cloudtrail');
  await shots(page, 'format-chooser');
  await page.getByTestId('format-skip').click();
  await expect(chooser).toHaveCount(0);
  expect(uploads.length).toBe(before);
  // A recognised file is uploaded as before.
  const trail = readFileSync(path.join(ROOT, 'importers', 'cloudtrail', 'fixtures', 'delivery-ci-role.json'));
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'trail.json', mimeType: 'application/json', buffer: trail });
  await expect(page.getByTestId('import-result')).toContainText('Imported 1 of 1 files', { timeout: 60_000 });
  expect(uploads.slice(before)).toEqual(['trail.json']);
});

test("reclassifies an identity's kind, audited, and it shows as the analyst's", async () => {
  await page.goto(`${s.origin}/#/identities`);
  await page.getByTestId('identity-filter').fill('backup-svc');
  const row = page.getByTestId('identity-row').first();
  await expect(row).toContainText('backup-svc');
  await row.click();
  const kind = page.getByTestId('identity-panel').getByTestId('kind-override');
  await expect(kind).toContainText('Kind: service account · non-human');
  await kind.getByTestId('kind-reclassify').click();
  await kind.getByTestId('kind-select').selectOption('user');
  await kind.getByRole('textbox', { name: 'Why' }).fill('an admin key, used by hand');
  await shots(page, 'identity-kind');
  await kind.getByTestId('kind-apply').click();
  await expect(kind).toContainText('Kind: user · human · set by an analyst');
  await page.goto(`${s.origin}/#/narrative?tab=audit`);
  const audit = page.locator('.narrative-view table tbody tr', { hasText: 'identities.reclassify' });
  await expect(audit).toContainText(ANALYST);
});

test('a report made in the UI downloads through the bridge', async () => {
  await page.goto(`${s.origin}/#/report`);
  await expect(page.getByTestId('report-view')).toBeVisible();
  await page.getByTestId('generate-report').click();
  await expect(page.getByTestId('report-result')).toBeVisible({ timeout: 90_000 });
  const links = page.getByTestId('report-links');
  await expect(links.getByTestId('download-PDF')).toBeVisible();
  await shots(page, 'report');
  const [download] = await Promise.all([page.waitForEvent('download'), links.getByTestId('download-PDF').click()]);
  expect(download.suggestedFilename()).toMatch(/-report\.pdf$/);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  await page.goto(`${s.origin}/#/narrative?tab=audit`);
  await expect(page.locator('.narrative-view table tbody tr', { hasText: 'report.generate' })).toContainText(ANALYST);
});

test('no page errors and no CSP violations along the way', () => {
  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
});
