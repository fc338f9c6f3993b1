// The renderer's Content-Security-Policy: nothing inline, nothing remote, no frames, no plugins. One policy for
// both shells: the bridge sends it with the renderer's files, Electron's app:// handler with every response
// (the built index.html carries the same policy in a <meta>).
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');
