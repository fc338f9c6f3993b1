// Picks the transport this page runs under.
import { BridgeTransport, takeToken } from './bridge';
import { ElectronTransport } from './electron';
import type { Transport } from './types';

export function createTransport(): Transport | { error: string } {
  if (window.sessionscope && typeof window.sessionscope.call === 'function')
    return new ElectronTransport(window.sessionscope);
  const token = takeToken();
  if (!token) {
    return {
      error:
        'This page was opened without its access token. Open the full URL printed by `sessionscope serve` (it ends with #token=…).',
    };
  }
  return new BridgeTransport(token);
}

export * from './types';
