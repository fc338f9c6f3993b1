// Electron: the preload's window.sessionscope (one `call`, one `on`). Files come from native dialogs and drops,
// through the shell's own methods (app.*), never as paths typed into the page.
import { ApiError, type PreloadApi, type SessionInfo, type Transport } from './types';

export class ElectronTransport implements Transport {
  readonly kind = 'electron' as const;
  constructor(private readonly api: PreloadApi) {}

  async call<T>(method: string, params?: unknown): Promise<T> {
    const out = await this.api.call(method, params ?? {});
    if ('error' in out) throw new ApiError(out.error);
    return out.result as T;
  }

  on(event: string, cb: (data: unknown) => void): () => void {
    return this.api.on(event, cb);
  }

  async session(): Promise<SessionInfo> {
    return this.call<SessionInfo>('app.session', {});
  }
}
