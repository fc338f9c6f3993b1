// The analyst's loop in browser mode: create a case, import through the UI, find the identity, read its sessions
// on the timeline, search the grid, scope it on the graph, open an edge's events, drill to the raw record.
import { test, expect, type Page, type Browser } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, makeEvidence, serve, type Served } from './server';
import { setTheme, watchedPage } from './helpers';
import { onProbe, waitForProbe } from './probe.mjs';

test.describe.configure({ mode: 'serial' });

let s: Served;
let page: Page;
let evidence: string;
const dialogs: string[] = [];
let pageErrors: string[];
let cspViolations: string[];

async function shot(p: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await p.waitForTimeout(400);
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  s = await serve();
  evidence = makeEvidence(s.dir, 4000, 2);
  ({ page, errors: pageErrors, csp: cspViolations } = await watchedPage(browser, { probes: true }));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});

test.afterAll(async () => {
  await page?.close();
  await s?.stop();
});

test('first run offers to create or open a case', async () => {
  await page.goto(s.url);
  await expect(page.getByTestId('no-case')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Create case' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Open case' })).toBeVisible();
  // The one-time code left the address bar, and the token never was in it.
  expect(page.url()).not.toContain('code=');
  expect(page.url()).not.toContain(s.token);
  await setTheme(page, 'light');
  await shot(page, 'first-run-light');
});

test('creates a case and imports evidence through the file picker with progress', async () => {
  await page.getByTestId('case-name-input').fill('E2E leaked CI key');
  await page.getByTestId('create-case').click();
  await expect(page.getByTestId('case-home')).toBeVisible();
  await expect(page.getByTestId('case-name')).toHaveText('E2E leaked CI key');
  const files = readdirSync(evidence).map((f) => path.join(evidence, f));
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('import-result')).toContainText('Imported 2 of 2 files', { timeout: 60_000 });
  await expect(page.getByTestId('case-events')).toHaveText('4,000');
  const rows = page.getByTestId('evidence-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // The recorded SHA-256 is the file's (the upload is byte-identical).
  const sha = createHash('sha256').update(readFileSync(files[0])).digest('hex');
  await expect(page.getByTestId('evidence-table').locator(`[title="${sha}"]`)).toHaveCount(1);
  // Re-importing the same file adds nothing and says so.
  await page.getByTestId('file-input').setInputFiles(files[0]);
  await expect(page.getByTestId('import-result')).toContainText('already in the case', { timeout: 30_000 });
  await shot(page, 'case-light');
  await setTheme(page, 'dark');
  await shot(page, 'case-dark');
  await setTheme(page, 'light');
});

test('lists identities, non-human first, and opens one with its sessions', async () => {
  await page.getByTestId('rail-identities').click();
  const rows = page.getByTestId('identity-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);
  await expect(rows.first().locator('.badge.kind.nhi')).toBeVisible();
  await page.getByTestId('identity-filter').fill('ci-deployer');
  await expect(rows.first()).toContainText('ci-deployer');
  await rows.first().click();
  await expect(page.getByTestId('identity-panel')).toBeVisible();
  await expect(page.getByTestId('session-table').locator('tbody tr').first()).toBeVisible();
  await shot(page, 'identities-light');
  await setTheme(page, 'dark');
  await shot(page, 'identities-dark');
  await setTheme(page, 'light');
});

test("the timeline draws the identity's sessions, at most 1,500 items, and opens an event", async () => {
  await page.getByTestId('identity-timeline').click();
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  // Point items have a dot child that also carries .vis-item: count the items themselves.
  const items = page.locator('[data-testid="timeline"] .vis-item:not(.vis-dot)');
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeLessThanOrEqual(1500);
  await expect(page.getByTestId('density-band').locator('path.bar').first()).toBeAttached();
  // Zoom in until single events are drawn, then click one.
  const w = await onProbe(page, 'timeline', (tl) => tl.window());
  await onProbe(page, 'timeline', (tl, a) => tl.setWindow(a, a + 4 * 3600_000), w.start + (w.end - w.start) / 3);
  const dots = page.locator('[data-testid="timeline"] .vis-item.ev .vis-dot');
  await expect(dots.first()).toBeVisible();
  // Click a dot well inside the drawing area (items just left of the window may still be in the DOM).
  const panel = (await page.locator('[data-testid="timeline"] .vis-panel.vis-center').boundingBox())!;
  let target = dots.first();
  for (let i = 0; i < (await dots.count()); i++) {
    const b = await dots.nth(i).boundingBox();
    if (b && b.x > panel.x + 30 && b.x < panel.x + panel.width - 30) {
      target = dots.nth(i);
      break;
    }
  }
  await target.click({ force: true });
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await shot(page, 'timeline-light');
  await setTheme(page, 'dark');
  await shot(page, 'timeline-dark');
  await setTheme(page, 'light');
  // Lanes per identity over the whole case: a density strip per lane instead of single events.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Remove identity' }).click();
  await page.getByRole('button', { name: 'Lane per identity' }).click();
  await page.getByRole('button', { name: 'Whole case' }).click();
  await expect(page.locator('[data-testid="timeline"] .vis-item.lane-density').first()).toBeVisible();
  expect(await page.locator('[data-testid="timeline"] .vis-item:not(.vis-dot)').count()).toBeLessThanOrEqual(1500);
  await shot(page, 'timeline-clusters-light');
});

test('the grid searches, filters and shows the raw record as text', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.keyboard.type('GetSecretValue');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('events-view')).toBeVisible();
  const rows = page.getByTestId('grid-row');
  await expect(rows.first()).toContainText('GetSecretValue');
  const count = await page.getByTestId('grid-count').textContent();
  expect(Number(count!.replace(/[^\d]/g, ''))).toBeGreaterThan(10);
  // Column filter (contains, live): failures only.
  await page.getByTestId('colfilter-outcome').fill('fail');
  await expect(page.getByTestId('chip-c.outcome')).toBeVisible();
  await page.getByTestId('chip-c.outcome').getByRole('button').click();
  await expect(page.getByTestId('chip-c.outcome')).toHaveCount(0);
  await expect(rows.nth(1)).toContainText('GetSecretValue');
  // j/k and Enter open the detail pane.
  await page.getByTestId('grid').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await expect(page.getByTestId('raw-record')).toContainText('"eventName": "GetSecretValue"');
  await shot(page, 'events-light');
  await setTheme(page, 'dark');
  await shot(page, 'events-dark');
  await setTheme(page, 'light');
});

test('hostile log content renders as text and never runs', async () => {
  await page.getByTestId('events-search').fill('onerror');
  await page.getByTestId('events-search').press('Enter');
  const row = page.getByTestId('grid-row').first();
  await expect(row).toContainText('<img src=x onerror=alert(1)>');
  await row.click();
  const raw = page.getByTestId('raw-record');
  await expect(raw).toContainText('<img src=x onerror=alert(1)>');
  await expect(raw).toContainText('<script>alert(\\"ua\\")</script>'); // JSON-escaped quotes, as in the record
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  // On the timeline too: the hostile principal as a lane label, as text.
  await page.getByText('on timeline').click();
  await expect(page.locator('.lane-label', { hasText: '<img src=x onerror=alert(1)>' }).first()).toBeVisible();
  await expect(page.locator('[data-testid="timeline"] img')).toHaveCount(0);
  await shot(page, 'hostile-timeline-light');
  expect(dialogs).toEqual([]);
});

test('the graph draws identities and resources; an edge opens its events', async () => {
  await page.getByTestId('rail-graph').click();
  await waitForProbe(page, 'graph', (g) => g.nodes() > 5);
  await shot(page, 'graph-light');
  const edgeId = await onProbe(
    page,
    'graph',
    (g) => g.edgeIds().find((e) => e.startsWith('ir:') || e.startsWith('ig:')) ?? null,
  );
  expect(edgeId).not.toBeNull();
  await onProbe(page, 'graph', (g, id) => g.tap(id), edgeId!);
  await expect(page.getByTestId('edge-panel')).toBeVisible();
  const rows = page.getByTestId('edge-event-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().click();
  await expect(page.getByTestId('event-detail')).toBeVisible();
  // The event lies over the edge's pane (the graph keeps its width); closing it shows the edge's pane again.
  await page.getByTestId('close-pane').click();
  await page.getByTestId('edge-open-grid').click();
  await expect(page.getByTestId('events-view')).toBeVisible();
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
  // Back returns to the graph, like a browser.
  await page.goBack();
  await expect(page.getByTestId('graph-view')).toBeVisible();
  await setTheme(page, 'dark');
  await page.reload();
  await waitForProbe(page, 'graph', (g) => g.nodes() > 5);
  await shot(page, 'graph-dark');
  await setTheme(page, 'light');
});

test('detections: Sigma matches grouped by identity and session; a match opens its events', async () => {
  await page.goto(`${s.origin}/#/detections`);
  await expect(page.getByTestId('detections-view')).toBeVisible();
  await expect(page.getByTestId('detections-identity').first()).toBeVisible();
  await expect(page.getByTestId('detection-row').first()).toBeVisible();
  // Each rule that matched shows its author and its link (the Detection Rule License).
  await expect(page.getByTestId('detections-rules')).toContainText('Rule by');
  await expect(
    page.getByTestId('detections-rules').locator('[title^="https://github.com/SigmaHQ/sigma/blob/"]').first(),
  ).toBeVisible();
  await shot(page, 'detections-light');
  await page.getByTestId('detection-open').first().click();
  await expect(page.getByTestId('events-view')).toBeVisible();
  await expect(page.getByTestId('grid-row').first()).toBeVisible();
  await expect(page.getByTestId('event-detections')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('detections-view')).toBeVisible();
});

test('blast radius from an identity, with the time slider', async () => {
  await page.goto(
    `${s.origin}/#/graph?mode=scope&identity=${encodeURIComponent('arn:aws:iam::111122223333:role/ci-deployer')}`,
  );
  await waitForProbe(page, 'graph', (g) => g.nodes() > 1);
  await expect(page.getByTestId('time-slider')).toBeVisible();
  await shot(page, 'graph-scope-light');
  await setTheme(page, 'dark');
  await page.reload();
  await waitForProbe(page, 'graph', (g) => g.nodes() > 1);
  await shot(page, 'graph-scope-dark');
  await setTheme(page, 'light');
});

test('an analyst merges two identities, sees the decision audited, and undoes it', async () => {
  const api = <T>(method: string, params: unknown) =>
    page
      .evaluate(
        async ([m, p, tok]) => {
          const r = await fetch('/rpc', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tok}` },
            body: JSON.stringify({ method: m, params: p }),
          });
          return (await r.json()) as { result: unknown };
        },
        [method, params, s.token] as const,
      )
      .then((r) => r.result as T);
  const ids = await api<{ id: number; name: string }[]>('identities.list', {});
  const ci = ids.find((i) => /ci-deployer$/.test(i.name))!;
  const other = ids.find((i) => i.id !== ci.id && /^arn:aws:iam::\d+:role\//.test(i.name))!;
  expect(ci && other).toBeTruthy();
  await page.goto(`${s.origin}/#/identities?id=${ci.id}`);
  const panel = page.getByTestId('identity-panel');
  await expect(panel).toBeVisible();
  await panel.getByTestId('merge-target').fill(other.name);
  await panel.getByPlaceholder('Why (kept in the audit log)').fill('same deploy pipeline, two role names');
  await panel.getByTestId('merge-button').click();
  // The merged identity carries both names' aliases, and the decision is listed with its reason.
  await expect(panel.getByTestId('decision-list')).toContainText('same deploy pipeline');
  const after = await api<{ id: number; name: string; aliases: { value: string }[] }[]>('identities.list', {});
  expect(after.length).toBe(ids.length - 1);
  const audit = await api<{ method: string }[] | { entries: { method: string }[] }>('audit.list', {});
  const rows = Array.isArray(audit) ? audit : audit.entries;
  expect(rows.some((r) => JSON.stringify(r).includes('identities.merge'))).toBe(true);
  await shot(page, 'identity-merged-light');
  await panel.getByTestId('decision-list').getByRole('button', { name: 'undo' }).click();
  await expect(panel.getByTestId('decision-list')).toHaveCount(0);
  await expect.poll(async () => (await api<unknown[]>('identities.list', {})).length).toBe(ids.length);
});

test('keyboard: views, help, Esc', async () => {
  await page.goto(`${s.origin}/#/case`);
  await expect(page.getByTestId('case-home')).toBeVisible();
  await page.keyboard.press('t');
  await expect(page.getByTestId('timeline-view')).toBeVisible();
  await page.keyboard.press('i');
  await expect(page.getByTestId('identities-view')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(page, 'help-light');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByTestId('rail-narrative').click();
  await expect(page.getByTestId('rail-narrative')).toHaveAttribute('aria-current', 'page');
  await page.goBack();
  await expect(page.getByTestId('identities-view')).toBeVisible();
});

test('no dialogs, no page errors, no CSP violations along the way', async () => {
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
  expect(cspViolations).toEqual([]);
});
