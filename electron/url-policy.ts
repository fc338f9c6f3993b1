// Which URLs the app may show, fetch or hand to the OS. Parsed with the URL parser, never prefix-matched:
// `app://workbench.evil`, `app://user@workbench`, `https://evil/?next=app://workbench` are all refused.
// Pure (no electron import) so it is unit-tested in Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

function parse(u: string): URL | null {
  if (typeof u !== 'string' || u.length > 8192) return null;
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

/** A URL of the app's own protocol: app://workbench/…, no user info, no port. */
export function isAppUrl(u: string): boolean {
  const url = parse(u);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** Same as isAppUrl, for an origin string (`app://workbench`, what senderFrame.origin reports). */
export function isAppOrigin(origin: string | null | undefined): boolean {
  return typeof origin === 'string' && origin === APP_ORIGIN;
}

/** Links the user may open in their browser: http(s) to a real host, no credentials. Never file:, app:, javascript:… */
export function isSafeExternalUrl(u: string): boolean {
  const url = parse(u);
  if (!url) return false;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '' || url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) return false;
  return true;
}

/** Schemes a request from the renderer may use (everything else is cancelled in onBeforeRequest). */
export function isAllowedRequestUrl(u: string): boolean {
  const url = parse(u);
  if (!url) return false;
  if (url.protocol === 'devtools:') return true;
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return isAppUrl(u);
}

/**
 * The file an app:// URL names, relative to the renderer folder, or null. Decodes once, then refuses `..`,
 * `.` segments, hidden files, backslashes, NUL and absolute paths; `/` is index.html.
 */
export function appRelativePath(u: string): string | null {
  if (!isAppUrl(u)) return null;
  const url = parse(u)!;
  let p: string;
  try {
    p = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (p.includes('\u0000') || p.includes('\\')) return null;
  const segs = p.split('/').filter((s) => s !== '');
  if (segs.some((s) => s === '..' || s === '.' || s.startsWith('.') || /^[a-zA-Z]:$/.test(s))) return null;
  return segs.length === 0 ? 'index.html' : segs.join('/');
}
