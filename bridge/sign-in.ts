// Signing a browser tab in without leaving anything reusable in its history (issue 15 §4). The URL `serve` prints
// carries a one-time code (`#code=…`), not the session token: the page trades it at once for the token
// (POST /session/exchange), keeps the token in this tab's session storage, and takes the code off the address bar.
// The code may be in the browser's history, but it was spent on first use: whoever reads the history later gets
// nothing. A program holding the token may mint another sign-in URL (POST /session/code), e.g. for a second tab.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { fail, readBody, send } from './http.js';
import { newToken } from './security.js';

/** Unused codes kept at most (the oldest is dropped first): minting cannot grow memory without bound. */
const MAX_CODES = 32;

export class SignIn {
  /** Codes not yet spent, by their SHA-256 (compared in constant time). */
  private readonly codes: Buffer[] = [];

  constructor(
    private readonly token: string,
    private readonly origin: () => string,
  ) {}

  /** A new one-time sign-in URL. */
  url(): string {
    const code = newToken();
    this.codes.push(digest(code));
    if (this.codes.length > MAX_CODES) this.codes.shift();
    return `${this.origin()}/#code=${code}`;
  }

  /** The token for `code`, once; null for a code that is unknown or already spent. */
  exchange(code: string): string | null {
    const d = digest(code);
    const i = this.codes.findIndex((c) => timingSafeEqual(c, d));
    if (i < 0) return null;
    this.codes.splice(i, 1);
    return this.token;
  }

  /** POST /session/exchange {code} → {token}: the one route that needs no token. */
  async handleExchange(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'POST only', { Allow: 'POST' });
    const body = await readBody(req, 1024);
    let code: unknown = null;
    if (body !== 'too-large') {
      try {
        code = (JSON.parse(body.toString('utf8')) as { code?: unknown }).code;
      } catch {
        code = null;
      }
    }
    const token = typeof code === 'string' && code.length <= 200 ? this.exchange(code) : null;
    if (token === null)
      return fail(
        res,
        401,
        'SIGN_IN_SPENT',
        'this sign-in link was already used (or is not this server’s): open the latest URL printed by `sessionscope serve`',
      );
    send(res, 200, { result: { token } }, { 'Cache-Control': 'no-store' });
  }

  /** POST /session/code (with the token) → {url}: another one-time sign-in URL. */
  handleMint(_req: http.IncomingMessage, res: http.ServerResponse): void {
    send(res, 200, { result: { url: this.url() } }, { 'Cache-Control': 'no-store' });
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
