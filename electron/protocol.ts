// app://workbench/… serves the built renderer (dist/renderer) instead of file://: GET only, no path escapes,
// with the CSP and the other headers on every response.
import path from 'node:path';
import { readFile, realpath, stat } from 'node:fs/promises';
import { appRelativePath } from './url-policy.js';
import { APP_HEADERS } from './csp.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Scheme privileges, registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: true,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

/** Resolves a request to a file under root, or null (traversal, symlink escapes, missing). */
export async function resolveAppFile(root: string, url: string): Promise<string | null> {
  const rel = appRelativePath(url);
  if (rel === null) return null;
  const full = path.resolve(root, rel);
  const inside = (r: string, p: string) => {
    const x = path.relative(r, p);
    return x === '' || (!x.startsWith('..') && !path.isAbsolute(x));
  };
  if (!inside(root, full)) return null;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(full)]);
    if (!inside(realRoot, real)) return null;
    if (!(await stat(real)).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** The protocol.handle callback. */
export function appProtocolHandler(root: string) {
  return async (req: { method: string; url: string }): Promise<Response> => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: { ...APP_HEADERS, Allow: 'GET, HEAD' } });
    const file = await resolveAppFile(root, req.url);
    if (!file)
      return new Response('not found', {
        status: 404,
        headers: { ...APP_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    const body = req.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...APP_HEADERS, 'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' },
    });
  };
}
