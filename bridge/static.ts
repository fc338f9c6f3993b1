// The built renderer's files, served without a token (they hold no data) and with the renderer's CSP.
import type http from 'node:http';
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../core/policy/paths.js';
import { STATIC_HEADERS } from './security.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function defaultRendererDir(): string {
  // dist/bridge/static.js → dist/renderer; bridge/static.ts (sources, tests) → dist/renderer
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', 'renderer'), path.resolve(here, '..', 'dist', 'renderer')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}

/** Resolves a URL path to a file inside `root`, or null (traversal, encoded dot-dots, NUL, backslashes, symlinks). */
export function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\u0000') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const rel = segments.length === 0 ? 'index.html' : segments.join('/');
  const full = path.resolve(root, rel);
  if (!isInside(root, full)) return null;
  try {
    const real = realpathSync(full);
    const realRoot = realpathSync(root);
    if (!isInside(realRoot, real)) return null;
    if (!statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** GET or HEAD of a renderer file; a clear 404 when the renderer is not built. */
export function serveStatic(rendererDir: string, req: http.IncomingMessage, res: http.ServerResponse, urlPath: string) {
  const file = staticFile(rendererDir, urlPath);
  if (!file) {
    const body =
      urlPath === '/' || urlPath === '/index.html'
        ? 'SessionScope: the renderer is not built. Run `npm run build` and start again.\n'
        : 'not found\n';
    res.writeHead(404, { ...STATIC_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const size = statSync(file).size;
  res.writeHead(200, { ...STATIC_HEADERS, 'Content-Type': type, 'Content-Length': size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
