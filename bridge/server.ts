// Browser mode: a localhost HTTP server that serves the built renderer and speaks the same API as Electron IPC.
//
//   GET  /…            the renderer (dist/renderer), with a strict CSP; no token needed (it holds no data)
//   POST /rpc          {method, params} → {result} | {error:{code,message}}; Authorization: Bearer TOKEN
//   GET  /events       Server-Sent Events (import progress, …), read with fetch() so the token stays in a header
//   GET  /session      what this window may do: mode, allowed folders, upload limits
//   POST /upload       one evidence file as the raw body, saved beside the open case (browser file picker, drops)
//
// Bound to 127.0.0.1 on a random port; a random 32-byte token travels in the URL fragment (never sent to the
// server by browsers, never logged); every request's Host and Origin must name this bridge (DNS rebinding);
// no cookies, no CORS headers. DESIGN §7–§8, research/architecture-security.md items 18–25.
import http from 'node:http';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCase } from '../core/casefile/open.js';
import { resolveAnalyst } from '../core/casefile/analyst.js';
import { dispatch, listMethods } from '../core/api/dispatch.js';
import type { ApiContext } from '../core/api/registry.js';
import type { SessionInfo, UploadResult } from '../core/api/contract.js';
import { warmTimeline } from '../core/query/timeline.js';

/** The timeline index builds in the background this long after a case opens, once its home view has loaded. */
const WARM_DELAY_MS = 5000;
import { VERSION } from '../core/version.js';
import {
  API_HEADERS,
  LIMITS,
  STATIC_HEADERS,
  checkBearer,
  checkFetchSite,
  checkHost,
  checkOrigin,
  isInside,
  isJsonContentType,
  jsonDepth,
  newToken,
  normaliseRoots,
  pathViolation,
  safeRelativeName,
  textDepthExceeds,
} from './security.js';

export interface BridgeOptions {
  /** A case to open at start. */
  casePath?: string;
  /** Port to listen on (default: a random free port). */
  port?: number;
  /** Folders whose files calls may name (cases, evidence, exports). Default: the case's folder, else the working directory. */
  allowedRoots?: string[];
  /** The built renderer (default: dist/renderer of this installation). */
  rendererDir?: string;
  analyst?: string;
  /** Fixed token (tests only). */
  token?: string;
  limits?: Partial<typeof LIMITS>;
}

export interface Bridge {
  url: string;
  origin: string;
  port: number;
  /** The address actually bound (always 127.0.0.1). */
  address: string;
  token: string;
  allowedRoots: string[];
  ctx: ApiContext;
  close(): Promise<void>;
}

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
  // dist/bridge/server.js → dist/renderer; bridge/server.ts (sources, tests) → dist/renderer
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', 'renderer'), path.resolve(here, '..', 'dist', 'renderer')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}

/** Resolves a URL path to a file inside `root`, or null (traversal, encoded dot-dots, NUL, backslashes, symlink escapes). */
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

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...API_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function fail(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { error: { code, message } }, headers);
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve('too-large');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

class EventHub {
  private clients = new Set<http.ServerResponse>();
  private seq = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly max: number) {
    this.timer = setInterval(() => this.comment('ping'), 15_000);
    this.timer.unref();
  }

  add(res: http.ServerResponse): boolean {
    if (this.clients.size >= this.max) return false;
    res.writeHead(200, {
      ...API_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    return true;
  }

  send(event: string, data: unknown): void {
    const safeEvent = event.replace(/[^A-Za-z0-9_.-]/g, '_');
    const frame = `id: ${++this.seq}\nevent: ${safeEvent}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
    for (const c of this.clients) c.write(frame);
  }

  private comment(text: string): void {
    for (const c of this.clients) c.write(`: ${text}\n\n`);
  }

  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  get size(): number {
    return this.clients.size;
  }
}

/** The sample case `npm run demo` builds (demo/sample-incident.sscase at the installation's root), if present. */
export function demoCasePath(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const root of [path.resolve(here, '..', '..'), path.resolve(here, '..')]) {
    const p = path.join(root, 'demo', 'sample-incident.sscase');
    if (existsSync(p)) return p;
  }
  return null;
}

export async function startBridge(opts: BridgeOptions = {}): Promise<Bridge> {
  const limits = { ...LIMITS, ...opts.limits };
  const token = opts.token ?? newToken();
  const rendererDir = path.resolve(opts.rendererDir ?? defaultRendererDir());
  const handle = opts.casePath ? openCase(opts.casePath) : null;
  const roots = normaliseRoots(
    opts.allowedRoots && opts.allowedRoots.length > 0
      ? opts.allowedRoots
      : [handle ? path.dirname(handle.path) : process.cwd()],
  );
  // The demo case may always be opened (exactly that file, nothing beside it).
  const demo = demoCasePath();
  if (demo && !roots.includes(demo)) roots.push(demo);
  const hub = new EventHub(limits.maxEventClients);
  const ctx: ApiContext = {
    caseFile: handle,
    analyst: resolveAnalyst(handle?.db ?? null, opts.analyst),
    emit: (event, data) => hub.send(event, data),
    setCase(h) {
      ctx.caseFile = h;
      if (h) warmTimeline(h.db, WARM_DELAY_MS);
    },
    allowedRoots: roots,
  };
  if (handle) warmTimeline(handle.db, WARM_DELAY_MS);
  let inFlight = 0;
  let port = 0;

  async function rpc(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isJsonContentType(req.headers['content-type']))
      return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    const body = await readBody(req, limits.maxRpcBytes);
    if (body === 'too-large')
      return fail(res, 413, 'TOO_LARGE', `request body over ${limits.maxRpcBytes} bytes`, { Connection: 'close' });
    const text = body.toString('utf8');
    if (textDepthExceeds(text, limits.maxJsonDepth))
      return fail(res, 400, 'TOO_DEEP', `JSON nested deeper than ${limits.maxJsonDepth}`);
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return fail(res, 400, 'BAD_JSON', 'the body is not JSON');
    }
    if (jsonDepth(msg, limits.maxJsonDepth) > limits.maxJsonDepth)
      return fail(res, 400, 'TOO_DEEP', `JSON nested deeper than ${limits.maxJsonDepth}`);
    if (
      msg === null ||
      typeof msg !== 'object' ||
      Array.isArray(msg) ||
      typeof (msg as { method?: unknown }).method !== 'string'
    ) {
      return fail(res, 400, 'BAD_REQUEST', 'expected {method, params}');
    }
    const { method, params } = msg as { method: string; params?: unknown };
    const bad = pathViolation(params, ctx.allowedRoots);
    if (bad !== null) {
      return send(res, 200, {
        error: {
          code: 'INVALID_PARAMS',
          message: `path is outside the folders this window may use: ${bad.slice(0, 300)}`,
        },
      });
    }
    if (inFlight >= limits.maxInFlight)
      return fail(res, 503, 'BUSY', 'too many calls in flight; retry', { 'Retry-After': '1' });
    inFlight++;
    try {
      const out = await dispatch(ctx, method, params ?? {});
      if (!res.destroyed) send(res, 200, out);
    } finally {
      inFlight--;
    }
  }

  function uploadsDir(): string | null {
    if (!ctx.caseFile) return null;
    const p = ctx.caseFile.path;
    return path.join(path.dirname(p), `${path.basename(p).replace(/\.sscase$/i, '')}.uploads`);
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const base = uploadsDir();
    if (!base) return fail(res, 409, 'NO_CASE', 'open or create a case before adding evidence');
    const ct = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (ct !== 'application/octet-stream')
      return fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as application/octet-stream');
    const rawName = String(req.headers['x-upload-name'] ?? '');
    let name: string;
    try {
      name = safeRelativeName(decodeURIComponent(rawName));
    } catch {
      return fail(res, 400, 'BAD_REQUEST', 'bad X-Upload-Name');
    }
    const batchHeader = String(req.headers['x-upload-batch'] ?? '');
    const batch = /^[A-Za-z0-9-]{1,64}$/.test(batchHeader) ? batchHeader : randomUUID();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxUploadBytes) {
      req.resume();
      return fail(res, 413, 'TOO_LARGE', `file over ${limits.maxUploadBytes} bytes`, { Connection: 'close' });
    }
    const dir = path.join(base, batch);
    const dest = path.join(dir, name);
    if (!isInside(base, dest)) return fail(res, 400, 'BAD_REQUEST', 'bad file name');
    if (existsSync(dest)) return fail(res, 409, 'CONFLICT', `already uploaded: ${name}`);
    mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.part-${randomUUID().slice(0, 8)}`;
    const out = createWriteStream(tmp, { flags: 'wx' });
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    await new Promise<void>((resolve) => {
      req.on('data', (c: Buffer) => {
        if (tooLarge) return;
        size += c.length;
        if (size > limits.maxUploadBytes) {
          tooLarge = true;
          req.unpipe(out);
          out.destroy();
          resolve();
          return;
        }
        hash.update(c);
      });
      req.pipe(out);
      out.on('finish', () => resolve());
      out.on('error', () => resolve());
      req.on('error', () => resolve());
    });
    if (tooLarge || !out.writableFinished) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      req.resume();
      return tooLarge
        ? fail(res, 413, 'TOO_LARGE', `file over ${limits.maxUploadBytes} bytes`, { Connection: 'close' })
        : fail(res, 400, 'BAD_REQUEST', 'upload interrupted');
    }
    renameSync(tmp, dest);
    send(res, 200, {
      result: { batch, dir, path: dest, name, bytes: size, sha256: hash.digest('hex') } satisfies UploadResult,
    });
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): void {
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

  const server = http.createServer((req, res) => {
    void handleRequest(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!checkHost(req.headers.host, port)) return fail(res, 403, 'FORBIDDEN_HOST', 'Host must be this bridge');
    if (!checkOrigin(req.headers.origin, port)) return fail(res, 403, 'FORBIDDEN_ORIGIN', 'Origin must be this bridge');
    if (!checkFetchSite(req.headers['sec-fetch-site'] as string | undefined))
      return fail(res, 403, 'FORBIDDEN_SITE', 'cross-site request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const p = url.pathname;
    const authed = () => checkBearer(req.headers.authorization, token);
    if (p === '/rpc' || p === '/events' || p === '/session' || p === '/upload') {
      if (!authed()) {
        req.resume();
        return fail(res, 401, 'UNAUTHORIZED', 'missing or wrong token', { 'WWW-Authenticate': 'Bearer' });
      }
      if (p === '/rpc') {
        if (req.method !== 'POST') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'POST only', { Allow: 'POST' });
        return rpc(req, res);
      }
      if (p === '/upload') {
        if (req.method !== 'POST') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'POST only', { Allow: 'POST' });
        return upload(req, res);
      }
      if (req.method !== 'GET') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'GET only', { Allow: 'GET' });
      if (p === '/events') {
        if (!hub.add(res)) fail(res, 503, 'BUSY', 'too many event streams');
        return;
      }
      return send(res, 200, {
        result: {
          mode: 'browser',
          version: VERSION,
          allowed_roots: ctx.allowedRoots,
          uploads: true,
          max_upload_bytes: limits.maxUploadBytes,
          uploads_dir: uploadsDir(),
          methods: (await listMethods()).map((m) => m.name),
          demo_case: demo,
        } satisfies SessionInfo,
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'GET only', { Allow: 'GET, HEAD' });
    serveStatic(req, res, p);
  }

  server.headersTimeout = 20_000;
  server.requestTimeout = 0; // uploads and imports may take long; sizes are capped instead
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  const bound = server.address() as { port: number; address: string };
  port = bound.port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    address: bound.address,
    token,
    allowedRoots: roots,
    ctx,
    async close() {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      ctx.caseFile?.close();
      ctx.caseFile = null;
    },
  };
}

export { isInside };
