// Browser-mode security as the page sees it: no Node in the renderer, the CSP in force, no token → no data,
// drops upload beside the case (never a path from the page).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEvidence, serve } from './server';

test('without its token the page has no access and says what to do', async ({ page }) => {
  const s = await serve();
  try {
    await page.goto(`${s.origin}/`);
    await expect(page.getByRole('alert')).toContainText('#code=');
    const status = await page.evaluate(
      async () =>
        (
          await fetch('/rpc', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{"method":"case.current"}',
          })
        ).status,
    );
    expect(status).toBe(401);
  } finally {
    await s.stop();
  }
});

test('the renderer has no Node, and the CSP blocks inline script and remote connections', async ({ page }) => {
  const s = await serve();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  try {
    await page.goto(s.url);
    await expect(page.getByTestId('no-case')).toBeVisible();
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      preload: typeof (window as unknown as { sessionscope?: unknown }).sessionscope,
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', preload: 'undefined' });
    const ran = await page.evaluate(async () => {
      (window as unknown as { __pwned?: boolean }).__pwned = false;
      const sc = document.createElement('script');
      sc.textContent = 'window.__pwned = true';
      document.body.appendChild(sc);
      const img = document.createElement('div');
      img.innerHTML = '<img src=x onerror="window.__pwned=true">';
      document.body.appendChild(img);
      await new Promise((r) => setTimeout(r, 300));
      return (window as unknown as { __pwned?: boolean }).__pwned;
    });
    expect(ran).toBe(false);
    const remote = await page.evaluate(async () => {
      try {
        await fetch('https://example.invalid/');
        return 'fetched';
      } catch {
        return 'blocked';
      }
    });
    expect(remote).toBe('blocked');
    expect(violations.length).toBeGreaterThan(0);
  } finally {
    await s.stop();
  }
});

test('dropping files on the drop zone uploads them beside the case and imports them', async ({ page }) => {
  const s = await serve();
  try {
    const ev = makeEvidence(s.dir, 500, 1);
    await page.goto(s.url);
    await page.getByTestId('case-name-input').fill('Dropped');
    await page.getByTestId('create-case').click();
    await expect(page.getByTestId('case-home')).toBeVisible();
    const file = path.join(ev, 'cloudtrail-01.jsonl');
    const content = readFileSync(file, 'utf8');
    const dt = await page.evaluateHandle((text) => {
      const d = new DataTransfer();
      d.items.add(new File([text], 'dropped-trail.jsonl', { type: 'application/json' }));
      return d;
    }, content);
    await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: dt });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
    await expect(page.getByTestId('import-result')).toContainText('Imported 1 of 1 files', { timeout: 30_000 });
    await expect(page.getByTestId('evidence-table').locator('[title*="Dropped.uploads"]')).toHaveCount(1);
    await expect(page.getByTestId('evidence-table')).toContainText('dropped-trail.jsonl');
    // A path typed into the page outside the allowed folders is refused with a clear message.
    await page.getByTestId('path-input').fill('/etc');
    await page.getByRole('button', { name: 'Import path' }).click();
    await expect(page.getByRole('alert')).toContainText('outside the folders');
  } finally {
    await s.stop();
  }
});
