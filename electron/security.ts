// Hardening for the session and every web contents: no navigation away from the app, no new windows, no
// webviews, every permission denied, requests only to the app's own protocol. Handlers take the objects they
// harden as parameters, so tests drive them with fakes (no Electron binary needed).
import type { Session, WebContents, Event, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { isAllowedRequestUrl, isAppUrl, isSafeExternalUrl } from './url-policy.js';

export interface SecurityDeps {
  /** shell.openExternal, only ever called with URLs that pass isSafeExternalUrl, after the user clicked a link. */
  openExternal?: (url: string) => void;
  log?: (msg: string) => void;
}

/** will-navigate / will-redirect / will-frame-navigate: stay on app:// (a local redirect cannot replace the app). */
export function navigationGuard(deps: SecurityDeps = {}) {
  return (event: { preventDefault(): void; url?: string }, url?: string): void => {
    const target = url ?? event.url ?? '';
    if (!isAppUrl(target)) {
      event.preventDefault();
      deps.log?.(`blocked navigation to ${target.slice(0, 200)}`);
    }
  };
}

/** window.open / target=_blank: never a new Electron window; safe http(s) links go to the user's browser. */
export function windowOpenHandler(deps: SecurityDeps = {}) {
  return (details: Pick<HandlerDetails, 'url'>): WindowOpenHandlerResponse => {
    if (isSafeExternalUrl(details.url)) deps.openExternal?.(details.url);
    else deps.log?.(`blocked window.open(${details.url.slice(0, 200)})`);
    return { action: 'deny' };
  };
}

export function hardenWebContents(wc: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, deps: SecurityDeps = {}): void {
  const guard = navigationGuard(deps);
  wc.on('will-navigate', (e: Event & { url?: string }, url?: string) => guard(e, url));
  wc.on('will-redirect', (e: Event & { url?: string }, url?: string) => guard(e, url));
  wc.on('will-frame-navigate', (e: Event & { url?: string }) => guard(e, e.url));
  wc.on('will-attach-webview', (e: Event) => {
    e.preventDefault();
    deps.log?.('blocked a webview');
  });
  wc.setWindowOpenHandler(windowOpenHandler(deps));
}

export function hardenSession(
  ses: Pick<
    Session,
    | 'setPermissionRequestHandler'
    | 'setPermissionCheckHandler'
    | 'setDevicePermissionHandler'
    | 'webRequest'
    | 'setDisplayMediaRequestHandler'
  >,
  deps: SecurityDeps = {},
): void {
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    deps.log?.(`denied permission ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_req, callback) => callback({}));
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = isAllowedRequestUrl(details.url);
    if (!ok) deps.log?.(`cancelled request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !ok });
  });
}
