// The renderer talks to the core through one of two transports with the same shape: Electron IPC (the
// preload's window.sessionscope) or the localhost bridge (fetch + the token from the URL fragment). Both are
// typed by the API contract: a method's params and result, an event's payload.
import type { AllEvents, AllMethods, AnyMethod, ParamsArg, SessionInfo, UploadResult } from '../lib/contract';

export type { SessionInfo, UploadResult };

export interface ApiErrorShape {
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  constructor(e: ApiErrorShape) {
    super(e.message);
    this.code = e.code;
    this.name = 'ApiError';
  }
}

/** A method call, typed end to end: `t.call('identities.list', {nhi: true})` resolves to IdentityJson[]. */
export type CallFn = <K extends AnyMethod>(
  method: K,
  ...params: ParamsArg<AllMethods[K]['params']>
) => Promise<AllMethods[K]['result']>;

export type EventName = keyof AllEvents;

export interface Transport {
  readonly kind: 'electron' | 'bridge';
  call: CallFn;
  /** Subscribes to pushed events (import.progress, …); returns the unsubscribe function. */
  on<E extends EventName>(event: E, cb: (data: AllEvents[E]) => void): () => void;
  session(): Promise<SessionInfo>;
  /** Browser mode: send one file to the bridge (saved beside the open case). */
  upload?(
    file: Blob,
    name: string,
    batch: string,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<UploadResult>;
  /** Who acts in this browser or window session; sent with every call (bridge/analyst.ts, electron/ipc.ts). */
  setAnalyst?(name: string): void;
  /** Browser mode: a report this window generated, as a file the browser can save or open. */
  reportFile?(path: string): Promise<Blob>;
}

/** What the preload exposes in Electron (electron/preload.ts): untyped, as anything crossing IPC is. */
export interface PreloadApi {
  /** `analyst`: who this window session named (AnalystDialog); the shell runs the call as them. */
  call(method: string, params?: unknown, analyst?: string): Promise<{ result: unknown } | { error: ApiErrorShape }>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

declare global {
  interface Window {
    sessionscope?: PreloadApi;
  }
}
