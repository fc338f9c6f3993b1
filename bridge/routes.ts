// The bridge's API routes as a table: path → the methods it answers and its handler. Every route needs the
// bearer token; anything else is a renderer file (bridge/static.ts). The checks that apply to every request
// (Host, Origin, Sec-Fetch-Site) run before the table is consulted (bridge/server.ts).
import type http from 'node:http';
import { existsSync, linkSync, unlinkSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { dispatch, listMethods } from '../core/api/dispatch.js';
import type { ApiContext } from '../core/api/registry.js';
import type { SessionInfo, UploadResult } from '../core/api/contract.js';
import { isInside, pathViolation } from '../core/policy/paths.js';
import { createPrivateWriteStream, makePrivateDir, writeFailure } from '../core/policy/private-files.js';
import { VERSION } from '../core/version.js';
import { actingAs } from '../core/api/context.js';
import { ANALYST_HEADER, analystFromHeader } from './analyst.js';
import { rememberReport, reportFile } from './report-file.js';
import type { EventHub } from './event-hub.js';
import { fail, readBody, send } from './http.js';
import { LIMITS, isJsonContentType, jsonDepth, safeRelativeName, textDepthExceeds } from './security.js';

/** What the routes share for the life of one bridge. */
export interface BridgeState {
  ctx: ApiContext;
  limits: typeof LIMITS;
  hub: EventHub;
  /** The sample case, always allowed (exactly that file). */
  demo: string | null;
  /** Calls being answered now (capped at limits.maxInFlight). */
  inFlight: number;
  /** Report files this bridge wrote (report.generate), the only files GET /report-file serves. */
  reports: Set<string>;
}

type Handler = (s: BridgeState, req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  handle: Handler;
}

/** POST /rpc: {method, params} → {result} | {error:{code,message}}, after the transport's path check. */
async function rpc(s: BridgeState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { limits } = s;
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
  const analyst = analystFromHeader(req.headers[ANALYST_HEADER]);
  if (analyst instanceof Error) return fail(res, 400, 'BAD_ANALYST', analyst.message);
  const bad = pathViolation(params, s.ctx.allowedRoots);
  if (bad !== null) {
    return send(res, 200, {
      error: {
        code: 'INVALID_PARAMS',
        message: `path is outside the folders this window may use: ${bad.slice(0, 300)}`,
      },
    });
  }
  if (s.inFlight >= limits.maxInFlight)
    return fail(res, 503, 'BUSY', 'too many calls in flight; retry', { 'Retry-After': '1' });
  s.inFlight++;
  try {
    const out = await dispatch(analyst ? actingAs(s.ctx, analyst) : s.ctx, method, params ?? {});
    if ('result' in out) rememberReport(s, method, out.result);
    if (!res.destroyed) send(res, 200, out);
  } finally {
    s.inFlight--;
  }
}

/** Where uploads of the open case go: CASE.uploads/ beside it. */
export function uploadsDir(s: BridgeState): string | null {
  if (!s.ctx.caseFile) return null;
  const p = s.ctx.caseFile.path;
  return path.join(path.dirname(p), `${path.basename(p).replace(/\.sscase$/i, '')}.uploads`);
}

/** POST /upload: one evidence file as the raw body, hashed while written, never over an earlier upload. */
async function upload(s: BridgeState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { limits } = s;
  const base = uploadsDir(s);
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
  // Uploaded evidence is owner-only (folders 0700, files 0600), like every file SessionScope writes.
  makePrivateDir(path.dirname(dest));
  const tmp = `${dest}.part-${randomUUID().slice(0, 8)}`;
  const out = createPrivateWriteStream(tmp);
  const hash = createHash('sha256');
  let size = 0;
  let tooLarge = false;
  let writeError: unknown = null;
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
    out.on('error', (e) => {
      writeError = e;
      resolve();
    });
    req.on('error', () => resolve());
  });
  if (tooLarge || !out.writableFinished) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    req.resume();
    if (tooLarge)
      return fail(res, 413, 'TOO_LARGE', `file over ${limits.maxUploadBytes} bytes`, { Connection: 'close' });
    // A disk that fills up is said as such (not as an interrupted upload), and nothing partial is kept.
    if (writeError !== null) return fail(res, 507, 'WRITE_FAILED', writeFailure(name, writeError).message);
    return fail(res, 400, 'BAD_REQUEST', 'upload interrupted');
  }
  // link(2), not rename(2): two uploads of one name into one batch never replace each other — the second is told.
  try {
    linkSync(tmp, dest);
  } catch (e) {
    unlinkSync(tmp);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fail(res, 409, 'CONFLICT', `already uploaded: ${name}`);
    throw e;
  }
  unlinkSync(tmp);
  send(res, 200, {
    result: { batch, dir, path: dest, name, bytes: size, sha256: hash.digest('hex') } satisfies UploadResult,
  });
}

/** GET /events: the Server-Sent Events stream. */
function events(s: BridgeState, _req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!s.hub.add(res)) fail(res, 503, 'BUSY', 'too many event streams');
}

/** GET /session: what this window may do. */
async function session(s: BridgeState, _req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  send(res, 200, {
    result: {
      mode: 'browser',
      version: VERSION,
      allowed_roots: s.ctx.allowedRoots,
      uploads: true,
      max_upload_bytes: s.limits.maxUploadBytes,
      uploads_dir: uploadsDir(s),
      methods: (await listMethods()).map((m) => m.name),
      demo_case: s.demo,
      analyst: s.ctx.analyst,
      ask_analyst: true,
    } satisfies SessionInfo,
  });
}

export const ROUTES: Readonly<Record<string, Route>> = {
  '/rpc': { method: 'POST', handle: rpc },
  '/upload': { method: 'POST', handle: upload },
  '/events': { method: 'GET', handle: events },
  '/session': { method: 'GET', handle: session },
  '/report-file': { method: 'GET', handle: reportFile },
};
