// Browser mode: POST /rpc with the bearer token, events from GET /events (Server-Sent Events read with fetch,
// so the token travels in a header, never in a URL), uploads with XMLHttpRequest (for progress).
import { ApiError, type EventName, type SessionInfo, type Transport, type UploadResult } from './types';
import type { AllEvents, AllMethods, AnyMethod, ParamsArg } from '../lib/contract';

const TOKEN_KEY = 'sessionscope.token';

/**
 * Signs this tab in. The URL `serve` prints ends with `#code=…`, a one-time code: it is taken off the address bar
 * at once and traded for the session token (POST /session/exchange), which stays in this tab's session storage —
 * so the browser's history holds only a code that is already spent. Without a code, the token this tab already has.
 */
export async function signIn(
  loc: Location = window.location,
  store: Storage | null = safeSessionStorage(),
  post: typeof fetch = (...a) => fetch(...a),
): Promise<string | null> {
  const m = /(?:^#|[#&])code=([A-Za-z0-9_-]{20,200})/.exec(loc.hash);
  if (!m) return store?.getItem(TOKEN_KEY) ?? null;
  const rest = loc.hash.replace(/(?:^#|&)code=[A-Za-z0-9_-]+/, '').replace(/^#?&?/, '');
  history.replaceState(history.state, '', `${loc.pathname}${loc.search}${rest ? '#' + rest : '#/case'}`);
  const r = await post('/session/exchange', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: m[1] }),
  });
  const body = (await r.json().catch(() => null)) as {
    result?: { token?: string };
    error?: { message?: string };
  } | null;
  const token = body?.result?.token;
  if (!r.ok || typeof token !== 'string') {
    // A spent link in a tab that is already signed in (a reload from history): keep the tab's own token.
    const mine = store?.getItem(TOKEN_KEY) ?? null;
    if (mine) return mine;
    throw new Error(body?.error?.message ?? `signing in failed (HTTP ${r.status})`);
  }
  store?.setItem(TOKEN_KEY, token);
  return token;
}

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Splits an SSE byte stream into {event, data} frames. Exported for tests. */
export function parseSse(buffer: string): { frames: { event: string; data: string }[]; rest: string } {
  const frames: { event: string; data: string }[] = [];
  let rest = buffer.replace(/\r\n/g, '\n');
  for (;;) {
    const end = rest.indexOf('\n\n');
    if (end < 0) break;
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) frames.push({ event, data: data.join('\n') });
  }
  return { frames, rest };
}

export class BridgeTransport implements Transport {
  readonly kind = 'bridge' as const;
  private listeners = new Map<string, Set<(data: unknown) => void>>();
  private streaming = false;
  private base: string;
  private analyst: string | null = null;

  constructor(
    private readonly token: string,
    base = '',
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {
    this.base = base;
  }

  async call<K extends AnyMethod>(
    method: K,
    ...params: ParamsArg<AllMethods[K]['params']>
  ): Promise<AllMethods[K]['result']> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}/rpc`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${this.token}`,
          ...(this.analyst !== null ? { 'X-SessionScope-Analyst': encodeURIComponent(this.analyst) } : {}),
        },
        body: JSON.stringify({ method, params: params[0] ?? {} }),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError({
        code: 'DISCONNECTED',
        message: 'cannot reach SessionScope: is `sessionscope serve` still running?',
      });
    }
    if (res.status === 401)
      throw new ApiError({
        code: 'UNAUTHORIZED',
        message: 'this page has no valid token: open the URL printed by `sessionscope serve` again',
      });
    let body: { result?: unknown; error?: { code: string; message: string } };
    try {
      body = await res.json();
    } catch {
      throw new ApiError({ code: 'BAD_RESPONSE', message: `unexpected answer from the bridge (HTTP ${res.status})` });
    }
    if (body.error) throw new ApiError(body.error);
    // The bridge answers with what the method's handler returned: the contract's result type.
    return body.result as AllMethods[K]['result'];
  }

  on<E extends EventName>(event: E, cb: (data: AllEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // The stream delivers each event with the payload the contract names for it.
    const listener = cb as (data: unknown) => void;
    set.add(listener);
    this.startStream();
    return () => {
      set!.delete(listener);
    };
  }

  private emit(event: string, data: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) cb(data);
  }

  private startStream(): void {
    if (this.streaming) return;
    this.streaming = true;
    const loop = async (delay: number): Promise<void> => {
      try {
        const res = await this.fetchImpl(`${this.base}/events`, {
          headers: { Authorization: `Bearer ${this.token}` },
          cache: 'no-store',
          credentials: 'omit',
        });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        this.emit('transport.connected', null);
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        delay = 500;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          const { frames, rest } = parseSse(buf);
          buf = rest;
          for (const f of frames) {
            let data: unknown = null;
            try {
              data = JSON.parse(f.data);
            } catch {
              data = f.data;
            }
            this.emit(f.event, data);
          }
        }
      } catch {
        // fall through to reconnect
      }
      this.emit('transport.disconnected', null);
      setTimeout(() => void loop(Math.min(delay * 2, 10_000)), delay);
    };
    void loop(500);
  }

  setAnalyst(name: string): void {
    this.analyst = name;
  }

  async reportFile(path: string): Promise<Blob> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}/report-file?path=${encodeURIComponent(path)}`, {
        headers: { Authorization: `Bearer ${this.token}` },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError({ code: 'DISCONNECTED', message: 'cannot reach SessionScope to fetch the report' });
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new ApiError(
        body?.error ?? { code: 'HTTP', message: `the report could not be fetched (HTTP ${res.status})` },
      );
    }
    return res.blob();
  }

  async session(): Promise<SessionInfo> {
    const res = await this.fetchImpl(`${this.base}/session`, {
      headers: { Authorization: `Bearer ${this.token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (res.status === 401)
      throw new ApiError({
        code: 'UNAUTHORIZED',
        message: 'this page has no valid token: open the URL printed by `sessionscope serve` again',
      });
    const body = (await res.json()) as { result: SessionInfo };
    return body.result;
  }

  upload(
    file: Blob,
    name: string,
    batch: string,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<UploadResult> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/upload`);
      xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('X-Upload-Name', encodeURIComponent(name));
      xhr.setRequestHeader('X-Upload-Batch', batch);
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total);
      xhr.onerror = () =>
        reject(new ApiError({ code: 'DISCONNECTED', message: `upload of ${name} failed: the bridge did not answer` }));
      xhr.onload = () => {
        let body: { result?: UploadResult; error?: { code: string; message: string } } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          /* handled below */
        }
        if (body.result) resolve(body.result);
        else
          reject(
            new ApiError(
              body.error ?? { code: 'UPLOAD_FAILED', message: `upload of ${name} failed (HTTP ${xhr.status})` },
            ),
          );
      };
      xhr.send(file);
    });
  }
}
