// The renderer's Content-Security-Policy in Electron (sent as a header by the app:// handler; the built
// index.html carries the same policy in a <meta> for browser mode): one policy for both shells, kept in
// core/policy/csp.ts.
import { CSP } from '../core/policy/csp.js';

export const APP_CSP = CSP;

export const APP_HEADERS: Record<string, string> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};
