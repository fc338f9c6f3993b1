// Electron: the preload's window.sessionscope (one `call`, one `on`). Files come from native dialogs and drops,
// through the shell's own methods (app.*), never as paths typed into the page.
import { ApiError, type EventName, type PreloadApi, type SessionInfo, type Transport } from './types';
import type { AllEvents, AllMethods, AnyMethod, ParamsArg } from '../lib/contract';

export class ElectronTransport implements Transport {
  readonly kind = 'electron' as const;
  /** Who this window session named (asked once, like browser mode); every call carries it. */
  private analyst: string | undefined;
  constructor(private readonly api: PreloadApi) {}

  setAnalyst(name: string): void {
    this.analyst = name;
  }

  async call<K extends AnyMethod>(
    method: K,
    ...params: ParamsArg<AllMethods[K]['params']>
  ): Promise<AllMethods[K]['result']> {
    const out = await this.api.call(method, params[0] ?? {}, this.analyst);
    if ('error' in out) throw new ApiError(out.error);
    // The main process relays what the method returned: the contract's result type.
    return out.result as AllMethods[K]['result'];
  }

  on<E extends EventName>(event: E, cb: (data: AllEvents[E]) => void): () => void {
    return this.api.on(event, cb as (data: unknown) => void);
  }

  async session(): Promise<SessionInfo> {
    return this.call('app.session');
  }
}
