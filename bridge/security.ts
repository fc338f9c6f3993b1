// The bridge's checks, as pure functions (unit-tested in test/bridge): who may talk to it (Host, Origin,
// bearer token), what a request may carry (content type, size, JSON depth), how an uploaded file is named, and
// the headers every response carries. Which paths a call may name is core/policy/paths.ts (Electron's too). DESIGN
// §7–§8; research/architecture-security.md items 18–25.
import { timingSafeEqual, randomBytes, createHash } from 'node:crypto';
import path from 'node:path';
import { CSP } from '../core/policy/csp.js';

export const LIMITS = {
  /** Largest /rpc body. */
  maxRpcBytes: 1024 * 1024,
  /** Deepest JSON nesting accepted in a /rpc body. */
  maxJsonDepth: 32,
  /** Calls in flight at once (the rest get 503). */
  maxInFlight: 32,
  /** Largest single uploaded evidence file. */
  maxUploadBytes: 8 * 1024 * 1024 * 1024,
  /** Event-stream clients at once. */
  maxEventClients: 16,
};

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of `Authorization: Bearer …` against the token (hashing first equalises lengths). */
export function checkBearer(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
  if (!m) return false;
  const a = createHash('sha256').update(m[1]).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The Host header must name this bridge exactly: 127.0.0.1:PORT or localhost:PORT (DNS rebinding defence). */
export function checkHost(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string') return false;
  const h = host.trim().toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** Origin, when the browser sends one, must be this bridge's own origin. */
export function checkOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.trim().toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}

/** Sec-Fetch-Site, when present, must not say another site made the request. */
export function checkFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function isJsonContentType(ct: string | undefined): boolean {
  if (typeof ct !== 'string') return false;
  const base = ct.split(';')[0].trim().toLowerCase();
  return base === 'application/json';
}

/** Depth of a parsed JSON value, walking iteratively; stops early past `limit`. */
export function jsonDepth(value: unknown, limit = LIMITS.maxJsonDepth): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return max;
}

/**
 * Cheap pre-parse guard: bracket nesting of the raw text (strings skipped), so a hostile body never reaches JSON.parse
 * deep.
 */
export function textDepthExceeds(text: string, limit = LIMITS.maxJsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Headers on every response. */
export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};

/** Headers on API responses (never cached, never framed). */
export const API_HEADERS: Record<string, string> = {
  ...COMMON_HEADERS,
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Headers on the renderer's files. */
export const STATIC_HEADERS: Record<string, string> = {
  ...COMMON_HEADERS,
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-cache',
};

// ---- uploaded file names ---------------------------------------------------------------------------

/** One path segment of an uploaded file's name, made harmless (no separators, no dot-dot, no control characters). */
export function safeSegment(s: string): string {
  const cleaned = s
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned;
}

/** A client-supplied relative name (`dir/sub/file.json`) → safe relative path, at most 16 segments. */
export function safeRelativeName(name: string): string {
  const parts = name
    .split(/[\\/]+/)
    .filter((x) => x !== '' && x !== '.' && x !== '..')
    .slice(-16)
    .map(safeSegment);
  return parts.length === 0 ? 'upload' : path.join(...parts);
}
