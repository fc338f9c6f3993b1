// GET /report-file?path=…: a report this bridge wrote, as a download, so the page can offer the PDF it just made
// (a browser cannot open a local path). Only files a report.generate call of this bridge returned are served —
// not any file under the allowed folders — and each is judged again by the path policy when asked for (a file
// swapped for a link to somewhere else since is refused). The bearer token is required as for every route, so
// the page fetches the file and hands it to the browser as a blob.
import type http from 'node:http';
import { createReadStream, lstatSync } from 'node:fs';
import path from 'node:path';
import { pathProblem } from '../core/policy/paths.js';
import type { BridgeState } from './routes.js';
import { fail } from './http.js';
import { API_HEADERS } from './security.js';

const TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.html': 'text/html; charset=utf-8' };

/** Notes the files a successful report.generate wrote. */
export function rememberReport(s: BridgeState, method: string, result: unknown): void {
  if (method !== 'report.generate' || result === null || typeof result !== 'object') return;
  for (const key of ['pdf', 'html'] as const) {
    const p = (result as Record<string, unknown>)[key];
    if (typeof p === 'string' && path.isAbsolute(p)) s.reports.add(path.resolve(p));
  }
}

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function reportFile(s: BridgeState, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const asked = url.searchParams.get('path') ?? '';
  if (!path.isAbsolute(asked)) return fail(res, 400, 'BAD_REQUEST', 'path must be an absolute report path');
  const abs = path.resolve(asked);
  if (!s.reports.has(abs))
    return fail(res, 404, 'NOT_FOUND', 'not a report made in this window: generate it from the Report view');
  const type = TYPES[path.extname(abs).toLowerCase()];
  if (!type) return fail(res, 404, 'NOT_FOUND', 'only PDF and HTML reports are served');
  let problem: string | null;
  try {
    problem = pathProblem(s.ctx.allowedRoots, abs);
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem !== null) return fail(res, 403, 'FORBIDDEN_PATH', problem);
  let size: number;
  try {
    const st = lstatSync(abs);
    if (!st.isFile()) return fail(res, 404, 'NOT_FOUND', 'the report is no longer a regular file');
    size = st.size;
  } catch {
    return fail(res, 404, 'NOT_FOUND', 'the report file is gone: generate it again');
  }
  res.writeHead(200, {
    ...API_HEADERS,
    'Content-Type': type,
    'Content-Length': String(size),
    'Content-Disposition': disposition(path.basename(abs)),
  });
  const stream = createReadStream(abs);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
