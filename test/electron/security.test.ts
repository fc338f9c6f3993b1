// Navigation, new windows, webviews, permissions and requests, driven with fake Electron objects.
import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, navigationGuard, windowOpenHandler } from '../../electron/security.js';

function fakeWebContents() {
  const handlers = new Map<string, (...a: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on: (ev: string, cb: (...a: unknown[]) => void) => {
      handlers.set(ev, cb);
    },
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => {
      openHandler = h;
    },
    emit: (ev: string, ...a: unknown[]) => handlers.get(ev)?.(...a),
    open: (url: string) => openHandler!({ url }),
    events: () => [...handlers.keys()],
  };
}

const evt = () => ({ preventDefault: vi.fn() });

describe('web contents', () => {
  it('blocks navigation and redirects away from app://workbench', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never);
    expect(wc.events()).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']),
    );
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://workbench.evil/',
      'http://127.0.0.1:1234/',
    ]) {
      const e = evt();
      wc.emit('will-navigate', e, url);
      expect(e.preventDefault, url).toHaveBeenCalled();
      const r = evt();
      wc.emit('will-redirect', r, url);
      expect(r.preventDefault, url).toHaveBeenCalled();
    }
    const inside = evt();
    wc.emit('will-navigate', inside, 'app://workbench/index.html#/events');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const frame = { preventDefault: vi.fn(), url: 'https://evil.example/' };
    wc.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
  });

  it('prevents webviews', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc as never);
    const e = evt();
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('never opens a window; safe links go to the system browser, others nowhere', () => {
    const openExternal = vi.fn();
    const h = windowOpenHandler({ openExternal });
    expect(h({ url: 'https://docs.aws.amazon.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://docs.aws.amazon.com/');
    openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://workbench/', 'smb://x/y']) {
      expect(h({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
    const guard = navigationGuard();
    const e = evt();
    guard(e, 'about:blank');
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('session', () => {
  it('denies every permission and cancels requests that are not app://', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    let device: (() => boolean) | null = null;
    let display: ((req: unknown, cb: (x: unknown) => void) => void) | null = null;
    let before: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h: never) => {
        request = h;
      },
      setPermissionCheckHandler: (h: never) => {
        check = h;
      },
      setDevicePermissionHandler: (h: never) => {
        device = h;
      },
      setDisplayMediaRequestHandler: (h: never) => {
        display = h;
      },
      webRequest: {
        onBeforeRequest: (h: never) => {
          before = h;
        },
      },
    } as never);
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      request!({}, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
    const dcb = vi.fn();
    display!({}, dcb);
    expect(dcb).toHaveBeenCalledWith({});
    const ask = (url: string) => {
      let out: { cancel: boolean } | null = null;
      before!({ url }, (r) => {
        out = r;
      });
      return out!.cancel;
    };
    expect(ask('app://workbench/assets/a.js')).toBe(false);
    expect(ask('https://example.invalid/')).toBe(true);
    expect(ask('http://127.0.0.1:9/')).toBe(true);
    expect(ask('file:///etc/passwd')).toBe(true);
  });
});
