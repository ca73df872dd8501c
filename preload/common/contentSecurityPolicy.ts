/**
 * The one Content-Security-Policy of both windows, in Electron and in browser mode: only the app's
 * own files, no inline scripts, no remote content. pdf.js needs a worker from 'self' and blob: images;
 * React inline styles need style-src 'unsafe-inline' (styles cannot run code).
 */
export function contentSecurityPolicy(options: { connectSrc?: string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ${(options.connectSrc ?? []).join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
