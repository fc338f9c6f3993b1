// The renderer talks to the core through one of two transports with the same shape: Electron IPC (the
// preload's window.sessionscope) or the localhost bridge (fetch + the token from the URL fragment).

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

export interface SessionInfo {
  mode: 'browser' | 'electron';
  version: string;
  /** Folders the core accepts paths from (browser mode); null in Electron, where paths come from dialogs. */
  allowed_roots: string[] | null;
  /** Browser mode can upload chosen/dropped files beside the case. */
  uploads: boolean;
  max_upload_bytes?: number;
  uploads_dir?: string | null;
  methods: string[];
  /** The sample case (`npm run demo`), when built. */
  demo_case?: string | null;
}

export interface UploadResult {
  batch: string;
  dir: string;
  path: string;
  name: string;
  bytes: number;
  sha256: string;
}

export interface Transport {
  readonly kind: 'electron' | 'bridge';
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Subscribes to pushed events (import.progress, …); returns the unsubscribe function. */
  on(event: string, cb: (data: unknown) => void): () => void;
  session(): Promise<SessionInfo>;
  /** Browser mode: send one file to the bridge (saved beside the open case). */
  upload?(
    file: Blob,
    name: string,
    batch: string,
    onProgress?: (sent: number, total: number) => void,
  ): Promise<UploadResult>;
}

/** What the preload exposes in Electron (electron/preload.ts). */
export interface PreloadApi {
  call(method: string, params?: unknown): Promise<{ result: unknown } | { error: ApiErrorShape }>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

declare global {
  interface Window {
    sessionscope?: PreloadApi;
  }
}
