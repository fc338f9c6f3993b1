// Browser mode: a localhost HTTP server that serves the built renderer and speaks the same API as Electron IPC.
//
//   GET  /…            the renderer (dist/renderer), with a strict CSP; no token needed (it holds no data)
//   POST /rpc          {method, params} → {result} | {error:{code,message}}; Authorization: Bearer TOKEN
//   GET  /events       Server-Sent Events (import progress, …), read with fetch() so the token stays in a header
//   GET  /session      what this window may do: mode, allowed folders, upload limits
//   POST /upload       one evidence file as the raw body, saved beside the open case (browser file picker, drops)
//   POST /session/exchange  {code} → {token}: a one-time sign-in code for the token (the one route without it)
//   POST /session/code      → {url}: another one-time sign-in URL
//   GET  /report-file  ?path=… a report this bridge wrote (PDF/HTML), as a download (bridge/report-file.ts)
//
// Bound to 127.0.0.1 on a random port; the random 32-byte token never travels in a URL: the printed URL's
// fragment holds a one-time code the page trades for it (bridge/sign-in.ts), so the browser's history keeps
// nothing reusable; every request's Host and Origin must name this bridge (DNS rebinding);
// no cookies, no CORS headers. DESIGN §7–§8, research/architecture-security.md items 18–25.
// This file checks what every request must pass and picks the route; the API routes are a table in routes.ts,
// the renderer's files are static.ts.
import http from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiContext } from '../core/api/registry.js';
import { closeContext, createApiContext } from '../core/api/context.js';
import { EventHub } from './event-hub.js';
import { fail } from './http.js';
import { ROUTES, type BridgeState, type Route } from './routes.js';
import { defaultRendererDir, serveStatic } from './static.js';
import { SignIn } from './sign-in.js';
import { LIMITS, checkBearer, checkFetchSite, checkHost, checkOrigin, newToken } from './security.js';

export interface BridgeOptions {
  /** A case to open at start. */
  casePath?: string;
  /** Port to listen on (default: a random free port). */
  port?: number;
  /** Folders whose files calls may name (cases, evidence, exports). Default: the case's folder, else the cwd. */
  allowedRoots?: string[];
  /** The built renderer (default: dist/renderer of this installation). */
  rendererDir?: string;
  analyst?: string;
  /** Fixed token (tests only). */
  token?: string;
  limits?: Partial<typeof LIMITS>;
}

export interface Bridge {
  /** Where to open the workbench: a one-time sign-in URL (`#code=…`, spent on first use; see bridge/sign-in.ts). */
  url: string;
  /** Another one-time sign-in URL (for a second tab or browser). */
  signInUrl(): string;
  origin: string;
  port: number;
  /** The address actually bound (always 127.0.0.1). */
  address: string;
  token: string;
  allowedRoots: string[];
  ctx: ApiContext;
  close(): Promise<void>;
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

/** The timeline index builds in the background this long after a case opens, once its home view has loaded. */
const WARM_DELAY_MS = 5000;

export async function startBridge(opts: BridgeOptions = {}): Promise<Bridge> {
  const limits = { ...LIMITS, ...opts.limits };
  const token = opts.token ?? newToken();
  const rendererDir = path.resolve(opts.rendererDir ?? defaultRendererDir());
  const roots =
    opts.allowedRoots && opts.allowedRoots.length > 0
      ? [...opts.allowedRoots]
      : [opts.casePath ? path.dirname(path.resolve(opts.casePath)) : process.cwd()];
  // The demo case may always be opened (exactly that file, nothing beside it).
  const demo = demoCasePath();
  if (demo) roots.push(demo);
  const hub = new EventHub(limits.maxEventClients);
  const ctx = createApiContext({
    casePath: opts.casePath,
    analyst: opts.analyst,
    emit: (event, data) => hub.send(event, data),
    allowedRoots: roots,
    warmTimelineMs: WARM_DELAY_MS,
  });
  const state: BridgeState = { ctx, limits, hub, demo, inFlight: 0, reports: new Set() };
  let port = 0;
  const signIn = new SignIn(token, () => `http://127.0.0.1:${port}`);
  const mintRoute: Route = { method: 'POST', handle: (_s, q, r) => signIn.handleMint(q, r) };

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!checkHost(req.headers.host, port)) return fail(res, 403, 'FORBIDDEN_HOST', 'Host must be this bridge');
    if (!checkOrigin(req.headers.origin, port)) return fail(res, 403, 'FORBIDDEN_ORIGIN', 'Origin must be this bridge');
    if (!checkFetchSite(req.headers['sec-fetch-site'] as string | undefined))
      return fail(res, 403, 'FORBIDDEN_SITE', 'cross-site request');
    const p = new URL(req.url ?? '/', `http://127.0.0.1:${port}`).pathname;
    // The one route without the token: it is how a page gets it, for a one-time code (bridge/sign-in.ts).
    if (p === '/session/exchange') return signIn.handleExchange(req, res);
    const route = Object.hasOwn(ROUTES, p) ? ROUTES[p] : p === '/session/code' ? mintRoute : undefined;
    if (route) {
      if (!checkBearer(req.headers.authorization, token)) {
        req.resume();
        return fail(res, 401, 'UNAUTHORIZED', 'missing or wrong token', { 'WWW-Authenticate': 'Bearer' });
      }
      if (req.method !== route.method)
        return fail(res, 405, 'METHOD_NOT_ALLOWED', `${route.method} only`, { Allow: route.method });
      return route.handle(state, req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'GET only', { Allow: 'GET, HEAD' });
    serveStatic(rendererDir, req, res, p);
  }

  const server = http.createServer((req, res) => {
    void handleRequest(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });
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
    url: signIn.url(),
    signInUrl: () => signIn.url(),
    origin,
    port,
    address: bound.address,
    token,
    allowedRoots: ctx.allowedRoots!,
    ctx,
    async close() {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeContext(ctx);
    },
  };
}
