// CSP (identical in Electron, the bridge and the built page) and the app:// protocol handler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_CSP, APP_HEADERS } from '../../electron/csp.js';
import { appProtocolHandler, resolveAppFile, APP_SCHEME_PRIVILEGES } from '../../electron/protocol.js';
import { ROOT, tempDir } from '../helpers.js';

describe('CSP', () => {
  it('is strict: nothing inline, remote, framed or plugged in', () => {
    expect(APP_CSP).not.toMatch(/unsafe-|\*|https?:|ws:/);
    for (const d of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(APP_CSP).toContain(d);
    }
  });
  it('is the same policy in the shells (one constant) and the page', () => {
    const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    // <meta> cannot carry frame-ancestors (ignored there); everything else must match.
    expect(meta).toBe(
      APP_CSP.split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; '),
    );
  });
  it('comes with nosniff and no-referrer', () => {
    expect(APP_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(APP_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('app:// protocol', () => {
  let tmp: ReturnType<typeof tempDir>;
  let root: string;
  beforeAll(() => {
    tmp = tempDir('ss-proto-');
    root = path.join(tmp.dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'assets', 'a.js'), 'x');
    writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
    symlinkSync(path.join(tmp.dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  });
  afterAll(() => tmp.cleanup());

  it('is a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false });
  });

  it('resolves files inside the renderer only', async () => {
    expect(await resolveAppFile(root, 'app://workbench/')).toBe(path.join(root, 'index.html'));
    expect(await resolveAppFile(root, 'app://workbench/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    for (const u of [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/link.txt',
      'app://workbench/nope.js',
      'app://workbench/assets',
      'app://other/index.html',
    ]) {
      expect(await resolveAppFile(root, u), u).toBeNull();
    }
  });

  it('serves GET with the CSP header, refuses other methods', async () => {
    const h = appProtocolHandler(root);
    const ok = await h({ method: 'GET', url: 'app://workbench/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(ok.headers.get('content-type')).toMatch(/text\/html/);
    expect(await ok.text()).toBe('<!doctype html>');
    const post = await h({ method: 'POST', url: 'app://workbench/index.html' });
    expect(post.status).toBe(405);
    const missing = await h({ method: 'GET', url: 'app://workbench/../secret.txt' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(APP_CSP);
  });
});
