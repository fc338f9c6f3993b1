// Picks the transport this page runs under.
import { BridgeTransport, signIn } from './bridge';
import { ElectronTransport } from './electron';
import type { Transport } from './types';

export async function createTransport(): Promise<Transport | { error: string }> {
  if (window.sessionscope && typeof window.sessionscope.call === 'function')
    return new ElectronTransport(window.sessionscope);
  let token: string | null;
  try {
    token = await signIn();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (!token) {
    return {
      error:
        'This page was opened without signing in. Open the full URL printed by `sessionscope serve` (it ends with #code=…).',
    };
  }
  return new BridgeTransport(token);
}

export * from './types';
